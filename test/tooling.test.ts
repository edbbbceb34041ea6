/** The project's own tools as a developer runs them: the test keychain wrapper, the version. */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli, tempHome } from './support/cli';
import { canMakeKeyring } from './support/keyring';

const WITH_KEYRING = fileURLToPath(new URL('../scripts/with-keyring.sh', import.meta.url));

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** Runs a command under with-keyring.sh as a developer would (not inside this run's own keyring). */
function underKeyring(command: string) {
  const child = spawn(WITH_KEYRING, ['sh', '-c', command], {
    env: { ...process.env, EMBED_CONSOLE_IN_KEYRING: undefined },
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  let stdout = '';
  const started = new Promise<{ folder: string; pid: number }>((resolve) =>
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      const [folder, pid] = stdout.split('\n')[0].split(' ');
      if (stdout.includes('\n')) resolve({ folder, pid: Number(pid) });
    }),
  );
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, started, exited };
}

describe.runIf(await canMakeKeyring())('scripts/with-keyring.sh', () => {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`on ${signal}, stops the command and removes its keyring folder`, async () => {
      const run = underKeyring('echo "$XDG_DATA_HOME $$"; exec sleep 30');
      const { folder, pid } = await run.started;
      expect(existsSync(folder)).toBe(true);
      run.child.kill(signal);
      expect(await run.exited).toBe(signal === 'SIGTERM' ? 143 : 130);
      expect(existsSync(folder)).toBe(false);
      await new Promise((wait) => setTimeout(wait, 200));
      expect(alive(pid)).toBe(false);
    });
  }

  it('passes on the exit status and standard input, and removes the folder', async () => {
    const child = spawn(WITH_KEYRING, ['sh', '-c', 'echo "$XDG_DATA_HOME"; cat; exit 3'], { env: { ...process.env, EMBED_CONSOLE_IN_KEYRING: undefined } });
    let stdout = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stdin.end('from stdin');
    const code = await new Promise((resolve) => child.on('exit', resolve));
    const [folder, echoed] = stdout.split('\n');
    expect(code).toBe(3);
    expect(echoed).toBe('from stdin');
    expect(existsSync(folder)).toBe(false);
  });
});

describe('embed-console --version', () => {
  it("prints the package's version", async () => {
    const { home, cleanup } = tempHome();
    const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
    const run = await runCli(['--version'], { home });
    cleanup();
    expect(run).toMatchObject({ code: 0, stdout: `${version}\n` });
  });
});
