/** What every benchmark here shares: JSON figures on stdout, and the statistics they report. */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const CLI = fileURLToPath(new URL('../bin/embed-console.js', import.meta.url));

export type Figure = { name: string; value: number; unit: string } & Record<string, unknown>;

/** One JSON object per line, so runs can be collected and compared. */
export function print(figure: Figure): void {
  console.log(JSON.stringify(figure));
}

/** The value below which p percent of the sorted values fall (nearest rank). */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

export const round = (value: number, digits: number) => Number(value.toFixed(digits));

/** Something the bench found wrong: its message is printed, and nothing is measured. */
export class BenchError extends Error {}
/** No unlocked keychain to run against. */
export class KeychainMissing extends Error {}

/**
 * Throws KeychainMissing unless a saved secret went to the OS keychain. Where none answers, the
 * app stores secrets in the passphrase vault instead (or refuses to, with PASSPHRASE_REQUIRED,
 * when no passphrase is given); the benches measure the keychain, so either way nothing is.
 */
export function expectKeychain(
  saved: { ok: true; data: { secretIn: { store: string } | { env: string } } } | { ok: false; code: string; message: string },
): void {
  if (!saved.ok) {
    if (['KEYCHAIN_UNAVAILABLE', 'KEYCHAIN_LOCKED', 'PASSPHRASE_REQUIRED'].includes(saved.code)) throw new KeychainMissing(saved.message);
    return;
  }
  const where = saved.data.secretIn;
  if (!('store' in where) || where.store !== 'keychain') {
    throw new KeychainMissing(`The secret went to ${JSON.stringify(where)}, not the OS keychain, which did not answer.`);
  }
}

/** What the CLI says on stderr when no OS keychain can take a secret (keychain.ts, vault-file.ts). */
export const NO_KEYCHAIN_LINE = /The OS keychain is locked|The OS keychain cannot be used here|No OS keychain here/;

/**
 * Runs a bench in a temporary folder removed afterwards (also on Ctrl-C), and turns its
 * failure into one line on stderr and exit code 1. `tidy` cleans a message (of a secret, say).
 */
export async function runBench(name: string, body: (root: string) => Promise<void>, tidy: (text: string) => string = (t) => t): Promise<number> {
  const root = mkdtempSync(join(tmpdir(), `embed-console-bench-${name}-`));
  const cleanUp = () => rmSync(root, { recursive: true, force: true });
  const onSignal = (signal: NodeJS.Signals) => {
    cleanUp();
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    await body(root);
    return 0;
  } catch (error) {
    const message = tidy(error instanceof Error ? error.message : String(error));
    if (error instanceof KeychainMissing) {
      console.error(
        `bench/${name}: nothing measured. ${message} For a private, unlocked keyring run: scripts/with-keyring.sh node --import tsx bench/${name}.ts`,
      );
    } else {
      console.error(`bench/${name}: ${message}`);
    }
    return 1;
  } finally {
    cleanUp();
  }
}

/** The real local embed host (`embed-console host`) in a process of its own, on `home`. */
export function startHost(home: string): Promise<{ url: string; stop: () => void }> {
  const child = spawn(process.execPath, [CLI, 'host'], { env: { ...process.env, EMBED_CONSOLE_HOME: home }, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stderr.on('data', (chunk) => (err += chunk));
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const url = /Local embed host: (\S+)/.exec(out)?.[1];
      if (url) resolve({ url, stop: () => child.kill('SIGINT') });
    });
    child.once('exit', (code) => reject(new Error(`embed-console host exited with ${code}: ${err}`)));
  });
}
