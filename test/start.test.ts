/** `npm start` where Electron cannot be had: one paragraph saying why and how to fix it, then browser mode. */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { forgetProfiles, tempHome } from './support/cli';
import { hasKeychain } from './support/system';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
// Where the binary was downloaded, npm start opens the real app: nothing to test here then.
const electronInstalled = existsSync(fileURLToPath(new URL('../node_modules/electron/path.txt', import.meta.url)));
const keychain = await hasKeychain();

describe.runIf(keychain && !electronInstalled)('npm start without the Electron binary (real keychain)', () => {
  const { home, cleanup } = tempHome();
  afterAll(async () => {
    await forgetProfiles(home);
    cleanup();
  });

  it('says why and how to fix it in one paragraph, then serves the same app in browser mode', async () => {
    // A mirror nobody answers on: the download fails at once, here and on machines with internet.
    const child = spawn(process.execPath, ['scripts/start.mjs', '--no-open'], {
      cwd: ROOT,
      env: { ...process.env, EMBED_CONSOLE_HOME: home, ELECTRON_MIRROR: 'http://127.0.0.1:9/' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (chunk) => {
        stdout += chunk;
        const found = /^Embed Console: (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)$/m.exec(stdout)?.[1];
        if (found) resolve(found);
      });
      child.once('exit', (code) => reject(new Error(`npm start ended with ${code}: ${stderr}`)));
    });
    const paragraph = stderr.split('\n\n').find((p) => p.includes('Electron binary could not be downloaded'));
    expect(paragraph).toBeDefined();
    expect(paragraph).toMatch(/ELECTRON_MIRROR/);
    expect(paragraph).toMatch(/npm rebuild electron/);
    expect(paragraph).toMatch(/Opening the same app in browser mode instead\./);
    expect((await fetch(url)).status).toBe(200);

    // Stopping npm start stops the app it opened.
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    await expect
      .poll(() =>
        fetch(url).then(
          () => 'answering',
          () => 'gone',
        ),
      )
      .toBe('gone');
  });
});
