/**
 * local-demo's throwaway secrets, read where the app keeps them: `local-demo.secrets.json` in the
 * data dir (never the keychain or the vault). Tests sign with them, and search for them everywhere
 * else to show they never leak.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readTree } from './cli';

export const DEMO_SECRETS_FILE = 'local-demo.secrets.json';

export const demoSecretsPath = (home: string): string => join(home, DEMO_SECRETS_FILE);

/** The file as stored: `{"version":1,"secrets":{"embed:local-demo":"…","api:local-demo":"…"}}`. */
export function demoSecretsFile(home: string): { version: number; secrets: Record<string, string> } {
  const file = demoSecretsPath(home);
  const stored = JSON.parse(readFileSync(file, 'utf8')) as { version?: unknown; secrets?: unknown };
  if (stored.version !== 1 || typeof stored.secrets !== 'object' || stored.secrets === null) {
    throw new Error(`${file} is not local-demo's secrets file (version 1, with secrets): ${JSON.stringify(stored)}`);
  }
  return stored as { version: number; secrets: Record<string, string> };
}

/** local-demo's embed (or REST API) secret; throws, naming the file, when it holds none. */
export function demoSecret(home: string, kind: 'embed' | 'api' = 'embed'): string {
  const secret = demoSecretsFile(home).secrets[`${kind}:local-demo`];
  if (typeof secret !== 'string' || secret === '') throw new Error(`${demoSecretsPath(home)} holds no ${kind}:local-demo secret`);
  return secret;
}

/** Every file of a home as text, but the one that legitimately holds local-demo's secrets. */
export const readTreeButDemoSecrets = (home: string): string => readTree(home, { except: [DEMO_SECRETS_FILE] });
