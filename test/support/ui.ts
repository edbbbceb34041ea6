/** Runs browser mode (`embed-console ui --no-open`) in a process of its own, as a user starts it. */
import { spawn, type ChildProcess } from 'node:child_process';
import { CLI } from './cli';

/** The one line `embed-console ui` prints on stdout. */
export const UI_LINE = /^Embed Console: (http:\/\/127\.0\.0\.1:(\d+)\/\?token=([^\s&#]+))$/m;

export interface UiRun {
  child: ChildProcess;
  /** Resolves with the exit code (null when a signal ended it). */
  exited: Promise<number | null>;
  stdout(): string;
  stderr(): string;
}

export interface UiProcess extends UiRun {
  /** The printed address, token included. */
  url: string;
  /** http://127.0.0.1:N, the page's own origin. */
  origin: string;
  port: number;
  token: string;
  /** Stops it with SIGINT, as Ctrl-C does; resolves with its exit code. */
  stop(): Promise<number | null>;
}

/** Starts `embed-console ui --no-open` on a home; `args` adds flags such as --port. */
export function spawnUi(home: string, args: string[] = []): UiRun {
  const child = spawn(process.execPath, [CLI, 'ui', '--no-open', ...args], {
    env: { ...process.env, EMBED_CONSOLE_HOME: home },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk) => (stdout += chunk));
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, exited, stdout: () => stdout, stderr: () => stderr };
}

/** Starts browser mode and resolves once it has printed its address. */
export function startUi(home: string, args: string[] = []): Promise<UiProcess> {
  const run = spawnUi(home, args);
  return new Promise((resolve, reject) => {
    run.child.stdout!.on('data', () => {
      const match = UI_LINE.exec(run.stdout());
      if (!match) return;
      const [, url, port, token] = match;
      resolve({
        ...run,
        url,
        origin: new URL(url).origin,
        port: Number(port),
        token,
        stop: () => {
          if (run.child.exitCode === null && run.child.signalCode === null) run.child.kill('SIGINT');
          return run.exited;
        },
      });
    });
    void run.exited.then((code) => reject(new Error(`embed-console ui exited with ${code} before listening: ${run.stderr()}`)));
  });
}

/**
 * Runs browser mode where it is expected not to start, and waits for it to end by itself. One
 * that is still running after `patience` ms is killed, and reported with code null.
 */
export async function uiFailing(home: string, args: string[], patience = 10_000): Promise<UiRun & { code: number | null }> {
  const run = spawnUi(home, args);
  const timer = setTimeout(() => run.child.kill('SIGKILL'), patience);
  const code = await run.exited;
  clearTimeout(timer);
  return { ...run, code };
}
