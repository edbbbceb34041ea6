/**
 * Browser mode started with an environment of the test's choosing: a variable a profile reads its
 * secret from, or no D-Bus session (no OS keychain, so the passphrase vault). The same process
 * as startUi in ui.ts, which always passes the test run's own environment.
 */
import { spawn } from 'node:child_process';
import { CLI } from './cli';
import { UI_LINE, type UiProcess } from './ui';

/** `env` replaces the test run's environment; EMBED_CONSOLE_HOME is set to `home`. */
export function startUiWithEnv(home: string, env: NodeJS.ProcessEnv): Promise<UiProcess> {
  const child = spawn(process.execPath, [CLI, 'ui', '--no-open'], { env: { ...env, EMBED_CONSOLE_HOME: home }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    child.stdout.on('data', () => {
      const match = UI_LINE.exec(stdout);
      if (!match) return;
      const [, url, port, token] = match;
      resolve({
        child,
        exited,
        stdout: () => stdout,
        stderr: () => stderr,
        url,
        origin: new URL(url).origin,
        port: Number(port),
        token,
        stop: () => {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGINT');
          return exited;
        },
      });
    });
    void exited.then((code) => reject(new Error(`embed-console ui exited with ${code} before listening: ${stderr}`)));
  });
}

/** The test run's environment without some variables (and so without what they reach). */
export function envWithout(...names: string[]): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of names) delete env[name];
  return env;
}
