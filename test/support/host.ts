/** Starts the real local embed host (`embed-console host`) in a process of its own. */
import { spawn, type ChildProcess } from 'node:child_process';
import { CLI } from './cli';

export interface HostProcess {
  url: string;
  /** With --https or --https-port: the test double's address, and the Chromium switches it printed for it. */
  httpsUrl?: string;
  chromiumArgs?: string[];
  child: ChildProcess;
  /** Stops it with SIGINT, as Ctrl-C does; resolves with its exit code. */
  stop(): Promise<number | null>;
  stderr(): string;
}

/** `env` replaces the test's own environment (to remove the D-Bus session, say). */
export function startHost(home: string, args: string[] = [], env: NodeJS.ProcessEnv = process.env): Promise<HostProcess> {
  const child = spawn(process.execPath, [CLI, 'host', ...args], {
    env: { ...env, EMBED_CONSOLE_HOME: home },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const https = args.some((arg) => arg.startsWith('--https'));
  return new Promise((resolve, reject) => {
    // The addresses come on stdout, the settings on stderr: ready once all that was asked for is in.
    const ready = () => {
      const url = /^Local embed host: (http:\/\/127\.0\.0\.1:\d+)$/m.exec(stdout)?.[1];
      const httpsUrl = /^Sigma test double: (https:\/\/127\.0\.0\.1:\d+)$/m.exec(stdout)?.[1];
      const chromiumArgs = /Playwright: use: \{ launchOptions: \{ args: (\[.*\]) \} \}/.exec(stderr)?.[1];
      if (!url || (https && !(httpsUrl && chromiumArgs))) return;
      resolve({
        url,
        httpsUrl,
        chromiumArgs: chromiumArgs ? (JSON.parse(chromiumArgs) as string[]) : undefined,
        child,
        stop: () => {
          child.kill('SIGINT');
          return exited;
        },
        stderr: () => stderr,
      });
    };
    child.stdout!.on('data', (chunk) => {
      stdout += chunk;
      ready();
    });
    child.stderr!.on('data', (chunk) => {
      stderr += chunk;
      ready();
    });
    void exited.then((code) => reject(new Error(`embed-console host exited with ${code} before listening: ${stderr}`)));
  });
}
