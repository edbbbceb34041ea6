/**
 * The README's "Use the local embed host in your app's end-to-end tests", run as a user would:
 * Playwright's own runner on examples/playwright-e2e, which starts `embed-console host --https`
 * and an app that embeds https://app.sigmacomputing.com/demo/... with Sigma's unmodified SDK.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { CHROMIUM, hasChromium } from './support/browser';
import { CLI, runCli, tempHome } from './support/cli';
import { freePort } from './support/network';

const EXAMPLE = fileURLToPath(new URL('../examples/playwright-e2e', import.meta.url));
const PLAYWRIGHT = fileURLToPath(new URL('../node_modules/@playwright/test/cli.js', import.meta.url));

async function playwrightTest(env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
  const ports = { SIGMA_DOUBLE_PORT: String(await freePort()), APP_PORT: String(await freePort()) };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [PLAYWRIGHT, 'test', '--reporter', 'line', '--output', mkdtempSync(join(tmpdir(), 'pw-results-'))], {
      cwd: EXAMPLE,
      env: { ...process.env, ...ports, CHROMIUM_PATH: CHROMIUM, EMBED_CONSOLE: `"${process.execPath}" "${CLI}"`, ...env },
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

describe.runIf(hasChromium())('the Playwright example in the README', () => {
  const homes: Array<() => void> = [];
  afterAll(() => homes.forEach((cleanup) => cleanup()));
  const secret = randomBytes(32).toString('hex');
  const credentials = { EMBED_CLIENT_ID: 'e2e-tests', EMBED_SECRET: secret };

  it("passes with the README's setup: a profile naming the app's client id and secret variable", async () => {
    const { home, cleanup } = tempHome();
    homes.push(cleanup);
    const added = await runCli(['profile', 'add', 'e2e', '--client-id', 'e2e-tests', '--secret-env', 'EMBED_SECRET'], { home, env: credentials });
    expect(added.code, added.stderr).toBe(0);

    const run = await playwrightTest({ ...credentials, EMBED_CONSOLE_HOME: home });
    expect(run.code, run.output).toBe(0);
    expect(run.output).toMatch(/1 passed/);
    expect(run.output).not.toContain(secret);
  }, 120_000);

  it('fails, saying what it saw, when the host does not know the app’s client', async () => {
    const { home, cleanup } = tempHome();
    homes.push(cleanup);
    const run = await playwrightTest({ ...credentials, EMBED_CONSOLE_HOME: home });
    expect(run.code).toBe(1);
    // The embed said workbook:error, and the app showed it.
    expect(run.output).toMatch(/Received: "error E[A-Z]+"/);
    expect(run.output).not.toContain(secret);
  }, 120_000);
});
