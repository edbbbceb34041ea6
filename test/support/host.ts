/** Starts the real local embed host (`embed-console host`) in a process of its own. */
import { spawn, type ChildProcess } from 'node:child_process';
import { CLI } from './cli';

export interface HostProcess {
  url: string;
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
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (chunk) => {
      stdout += chunk;
      const url = /^Local embed host: (http:\/\/127\.0\.0\.1:\d+)$/m.exec(stdout)?.[1];
      if (url) {
        resolve({
          url,
          child,
          stop: () => {
            child.kill('SIGINT');
            return exited;
          },
          stderr: () => stderr,
        });
      }
    });
    void exited.then((code) => reject(new Error(`embed-console host exited with ${code} before listening: ${stderr}`)));
  });
}
