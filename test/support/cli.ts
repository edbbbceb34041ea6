/** Runs the real, built embed-console CLI as a user would, in a throwaway home. */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CLI = fileURLToPath(new URL('../../bin/embed-console.js', import.meta.url));

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], options: { home: string; input?: string; env?: NodeJS.ProcessEnv }): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      env: { ...process.env, EMBED_CONSOLE_HOME: options.home, ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.input ?? '');
  });
}

export function tempHome(): { home: string; cleanup: () => void } {
  const home = mkdtempSync(join(tmpdir(), 'embed-console-test-'));
  return { home, cleanup: () => rmSync(home, { recursive: true, force: true }) };
}

/** Every file under a folder, as text, for "the secret is nowhere" checks; `except`: paths relative to it. */
export function readTree(dir: string, options: { except?: string[] } = {}): string {
  const except = new Set(options.except ?? []);
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((name) => !except.has(name))
    .map((name) => join(dir, name))
    .filter((path) => statSync(path).isFile())
    .map((path) => `${path}\n${readFileSync(path, 'utf8')}`)
    .join('\n');
}

/** Removes a home's profiles, and with them their entries in the keychain. */
export async function forgetProfiles(home: string): Promise<void> {
  const run = await runCli(['profile', 'list', '--json'], { home });
  if (run.code !== 0) return;
  for (const { name } of JSON.parse(run.stdout) as Array<{ name: string }>) await runCli(['profile', 'remove', name], { home });
}

/** Throwaway homes made on demand; `removeAll` forgets their profiles and deletes them. */
export function tempHomes(): { newHome: () => string; removeAll: () => Promise<void> } {
  const homes: Array<ReturnType<typeof tempHome>> = [];
  return {
    newHome: () => {
      const made = tempHome();
      homes.push(made);
      return made.home;
    },
    removeAll: async () => {
      for (const { home, cleanup } of homes.splice(0)) {
        await forgetProfiles(home);
        cleanup();
      }
    },
  };
}
