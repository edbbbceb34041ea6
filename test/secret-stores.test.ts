/**
 * Secrets on every kind of machine, through the real CLI in separate processes: no D-Bus session
 * at all (the passphrase vault, and local-demo's own file), a locked keychain (never a crash,
 * never "missing"), and secrets read from environment variables (CI).
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import jwt from 'jsonwebtoken';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keychainService } from '../main/core/home';
import { CLI, readTree, runCli, tempHome, type CliRun } from './support/cli';
import { startHost, type HostProcess } from './support/host';
import { canMakeKeyring, startKeyring, type PrivateKeyring } from './support/keyring';
import { hasKeychain } from './support/system';

const WORKBOOK = 'https://app.sigmacomputing.com/acme/workbook/Sales-1a2b3c';
const DEMO_WORKBOOK = 'workbook/Sales-Performance-3kQ7vN2pXb9sLm4Tz8Rw1c';

/** An environment as a fresh headless machine has it: no D-Bus session, no display (a child process gets no undefined variable). */
function noDbus(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { ...process.env, DBUS_SESSION_BUS_ADDRESS: undefined, DISPLAY: undefined, EMBED_CONSOLE_PASSPHRASE: undefined, ...extra };
}

/** A process that ended by itself, with an exit status (a crash ends by a signal, or 139). */
function expectNoCrash(run: CliRun) {
  expect(run.code).not.toBeNull();
  expect(run.code).not.toBe(139);
  expect(run.stderr).not.toMatch(/CRITICAL|Segmentation|\n\s+at /);
}

const tokenOf = (url: string) => new URL(url.trim()).search.match(/:jwt=([^&]+)/)![1];

describe('a machine with no D-Bus session (a fresh headless box, a container, CI)', () => {
  const { home, cleanup } = tempHome();
  const SECRET = `vault-secret-${randomUUID()}`;
  const PASSPHRASE = `passphrase-${randomUUID()}`;
  const cli = (args: string[], options: { input?: string; env?: NodeJS.ProcessEnv } = {}) =>
    runCli(args, { home, input: options.input, env: noDbus(options.env) });
  const withPassphrase = { EMBED_CONSOLE_PASSPHRASE: PASSPHRASE };
  const outputs: CliRun[] = [];
  afterAll(cleanup);

  it('says where secrets live and why, and has local-demo, in its own private file', async () => {
    const run = await cli(['profile', 'list']);
    outputs.push(run);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(
      /^Secrets: in the passphrase vault .*secrets\.vault, not the OS keychain: no D-Bus session .*To use the OS keychain, start Embed Console inside a desktop session/,
    );
    expect(run.stdout).toMatch(/^local-demo\s+local-demo-\w+\s+in local-demo's own file/m);
    const file = join(home, 'local-demo.secrets.json');
    expect(readFileSync(file, 'utf8')).toMatch(/"embed:local-demo": "[\w-]{40,}"/);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('signs for local-demo, and its local embed host serves the embed', async () => {
    const host = await startHost(home, [], noDbus());
    try {
      expect(host.stderr()).toMatch(/Secrets: in the passphrase vault/);
      const signed = await cli(['sign', '--profile', 'local-demo', '--url', DEMO_WORKBOOK, '--sub', 'ada@example.com']);
      outputs.push(signed);
      expect(signed.code).toBe(0);
      const page = await fetch(signed.stdout.trim());
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('Sales Performance');
    } finally {
      await host.stop();
    }
  });

  it('stores a new secret only with a passphrase, saying why, and saves nothing without one', async () => {
    const refused = await cli(['profile', 'add', 'acme', '--client-id', 'client-1'], { input: SECRET });
    outputs.push(refused);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(
      /No OS keychain here, so secrets go to a new passphrase vault .*choose its passphrase \(or set EMBED_CONSOLE_PASSPHRASE for scripts\)/,
    );
    expect((await cli(['profile', 'list'])).stdout).not.toContain('acme');

    const added = await cli(['profile', 'add', 'acme', '--client-id', 'client-1', '--base-url', 'https://app.sigmacomputing.com/acme'], {
      input: SECRET,
      env: withPassphrase,
    });
    outputs.push(added);
    expect(added).toMatchObject({ code: 0, stdout: 'Saved profile "acme" (client id client-1); its secret is in the passphrase vault.\n' });
    const listed = await cli(['profile', 'list']);
    expect(listed.stdout).toMatch(/^acme\s+client-1\s+in the passphrase vault/m);
  });

  it('signs and inspects with the vault in later processes, given the passphrase; a wrong one is refused', async () => {
    const signed = await cli(['sign', '--profile', 'acme', '--url', WORKBOOK, '--sub', 'ada@example.com'], { env: withPassphrase });
    outputs.push(signed);
    expect(signed.code).toBe(0);
    expect(jwt.verify(tokenOf(signed.stdout), SECRET)).toMatchObject({ sub: 'ada@example.com', iss: 'client-1' });

    const inspected = await cli(['inspect', '--json', signed.stdout.trim()], { env: withPassphrase });
    outputs.push(inspected);
    expect(JSON.parse(inspected.stdout).signature).toMatchObject({ valid: true, profile: 'acme' });

    const wrong = await cli(['sign', '--profile', 'acme', '--url', WORKBOOK, '--sub', 'ada@example.com'], {
      env: { EMBED_CONSOLE_PASSPHRASE: 'not-the-passphrase' },
    });
    outputs.push(wrong);
    expect(wrong.code).toBe(1);
    expect(wrong.stdout).toBe('');
    expect(wrong.stderr).toMatch(/That passphrase does not open the vault file .*secrets\.vault\. Type it again/);

    const none = await cli(['sign', '--profile', 'acme', '--url', WORKBOOK, '--sub', 'ada@example.com']);
    outputs.push(none);
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/The secrets are in the passphrase vault .*; enter its passphrase \(or set EMBED_CONSOLE_PASSPHRASE for scripts\)/);
  });

  it('keeps the secret only as the vault ciphertext: in no file, output or URL', () => {
    expect(readTree(home)).not.toContain(SECRET);
    expect(readTree(home)).not.toContain(PASSPHRASE);
    const vault = JSON.parse(readFileSync(join(home, 'secrets.vault'), 'utf8'));
    expect(vault).toMatchObject({ version: 1, kdf: { name: 'scrypt' }, accounts: ['embed:acme'] });
    for (const run of outputs) expect(run.stdout + run.stderr).not.toContain(SECRET);
  });

  it('removes the profile and its secret from the vault', async () => {
    const removed = await cli(['profile', 'remove', 'acme'], { env: withPassphrase });
    expect(removed).toMatchObject({ code: 0, stdout: 'Removed profile "acme" and its secrets from the passphrase vault.\n' });
    expect(JSON.parse(readFileSync(join(home, 'secrets.vault'), 'utf8')).accounts).toEqual([]);
  });
});

describe.runIf(await canMakeKeyring())('a locked keychain', () => {
  const { home, cleanup } = tempHome();
  const SECRET = `locked-secret-${randomUUID()}`;
  let keyring: PrivateKeyring;
  let token: string;
  const cli = (args: string[], input?: string) => runCli(args, { home, input, env: keyring.env });

  beforeAll(async () => {
    keyring = await startKeyring();
    const added = await cli(['profile', 'add', 'acme', '--client-id', 'client-1', '--base-url', 'https://app.sigmacomputing.com/acme'], SECRET);
    expect(added.code).toBe(0);
    const signed = await cli(['sign', '--profile', 'acme', '--url', WORKBOOK, '--sub', 'ada@example.com']);
    token = tokenOf(signed.stdout);
    await keyring.lock();
  });
  afterAll(async () => {
    await keyring.stop();
    cleanup();
  });

  it('lists profiles (plain and --json), saying the keychain is locked and how to unlock it', async () => {
    for (const args of [
      ['profile', 'list'],
      ['profile', 'list', '--json'],
    ]) {
      const run = await cli(args);
      expectNoCrash(run);
      expect(run.code).toBe(0);
      expect(run.stderr).toMatch(/^Secrets: in the OS keychain, which is locked\. Unlock it/);
    }
    const json = JSON.parse((await cli(['profile', 'list', '--json'])).stdout);
    expect(json.find((p: { name: string }) => p.name === 'acme')).toMatchObject({ secretIn: { store: 'keychain' }, hasSecret: null });
    expect((await cli(['profile', 'list'])).stdout).toMatch(/^acme\s+client-1\s+in the OS keychain \(cannot be read now\)/m);
  });

  it('refuses to sign with the locked message, not "no secret"', async () => {
    const run = await cli(['sign', '--profile', 'acme', '--url', WORKBOOK, '--sub', 'ada@example.com']);
    expectNoCrash(run);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/The OS keychain is locked\. Unlock it/);
    expect(run.stderr).not.toMatch(/has no secret|remove the profile/);
  });

  it("on a desktop session, offers the Secret Service's unlock prompt first, and says when it was dismissed", async () => {
    // A display no server answers: the keychain's dialog cannot be shown, as when it is dismissed.
    const run = await runCli(['sign', '--profile', 'acme', '--url', WORKBOOK, '--sub', 'ada@example.com'], { home, env: { ...keyring.env, DISPLAY: ':97' } });
    expectNoCrash(run);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/The OS keychain is locked\. Its unlock prompt was dismissed, or could not be shown\. Unlock it/);
  });

  it('inspects without a verdict on the signature, saying why', async () => {
    const run = await cli(['inspect', '--json', token]);
    expectNoCrash(run);
    const report = JSON.parse(run.stdout);
    expect(report.signature.valid).toBe(false);
    expect(report.signature.reason).toMatch(/The OS keychain is locked/);
    expect(report.findings).toContainEqual(expect.objectContaining({ code: 'SIGNATURE_UNCHECKED' }));
    expect(report.findings).not.toContainEqual(expect.objectContaining({ code: 'SIGNATURE_INVALID' }));
  });

  it('keeps a profile whose keychain entry cannot be removed, and the entry, and says so', async () => {
    const run = await cli(['profile', 'remove', 'acme']);
    expectNoCrash(run);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/The OS keychain is locked/);
    expect((await cli(['profile', 'list'])).stdout).toMatch(/^acme/m);
    expect(await keyring.lockedItems(keychainService({ EMBED_CONSOLE_HOME: home }))).toBe(1);
  });

  it('refuses to store a new secret, saving nothing', async () => {
    const run = await cli(['profile', 'add', 'other', '--client-id', 'client-2'], 'another-secret');
    expectNoCrash(run);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/The OS keychain is locked/);
    expect((await cli(['profile', 'list'])).stdout).not.toMatch(/^other/m);
  });

  it('starts browser mode, saying the keychain is locked', async () => {
    const ui = spawn(process.execPath, [CLI, 'ui', '--no-open'], { env: { ...keyring.env, EMBED_CONSOLE_HOME: home }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    ui.stderr.on('data', (chunk) => (stderr += chunk));
    await new Promise<void>((listening) => ui.stdout.on('data', (chunk) => (stdout += chunk).includes('Embed Console: http') && listening()));
    ui.kill('SIGINT');
    const code = await new Promise((exited) => ui.on('exit', exited));
    expect(code).toBe(0);
    expect(stderr).toMatch(/^Secrets: in the OS keychain, which is locked\. Unlock it/);
  });

  it('runs the local embed host: local-demo loads, a keychain profile is refused with the reason', async () => {
    let host: HostProcess | undefined;
    try {
      host = await startHost(home, [], keyring.env);
      expect(host.stderr()).toMatch(/Secrets: in the OS keychain, which is locked/);
      const demo = await cli(['sign', '--profile', 'local-demo', '--url', DEMO_WORKBOOK, '--sub', 'ada@example.com']);
      expect((await fetch(demo.stdout.trim())).status).toBe(200);

      const acme = await fetch(`${host.url}/local-demo/${DEMO_WORKBOOK}?:jwt=${token}&:embed=true`);
      expect(acme.status).toBe(401);
      const page = await acme.text();
      expect(page).toContain('The OS keychain is locked');
      expect(page).toContain('EACCES');
    } finally {
      await host?.stop();
    }
    expect(host?.child.exitCode ?? host?.child.signalCode).not.toBe(139);
  });
});

describe.runIf(await hasKeychain())('secrets read from environment variables (CI, scripts)', () => {
  const { home, cleanup } = tempHome();
  const VALUE_1 = `env-secret-${randomUUID()}`;
  const VALUE_2 = `env-secret-${randomUUID()}`;
  const cli = (args: string[], env: NodeJS.ProcessEnv = {}) => runCli(args, { home, env });
  const sign = (env: NodeJS.ProcessEnv) => cli(['sign', '--profile', 'ci', '--url', WORKBOOK, '--sub', 'ada@example.com'], env);
  const outputs: CliRun[] = [];
  afterAll(cleanup);

  it('stores only the name of the variable', async () => {
    const added = await cli(['profile', 'add', 'ci', '--client-id', 'ci-client', '--secret-env', 'CI_EMBED_SECRET']);
    expect(added).toMatchObject({
      code: 0,
      stdout: 'Saved profile "ci" (client id ci-client); its secret is read from $CI_EMBED_SECRET when needed, never stored.\n',
    });
    const json = JSON.parse((await cli(['profile', 'list', '--json'])).stdout);
    expect(json.find((p: { name: string }) => p.name === 'ci')).toMatchObject({ secretIn: { env: 'CI_EMBED_SECRET' }, hasSecret: false });
    expect((await cli(['profile', 'list'], { CI_EMBED_SECRET: VALUE_1 })).stdout).toMatch(/^ci\s+ci-client\s+from \$CI_EMBED_SECRET\s/m);
  });

  it('signs with the value the variable has in each run, and names it when it is not set', async () => {
    const first = await sign({ CI_EMBED_SECRET: VALUE_1 });
    const second = await sign({ CI_EMBED_SECRET: VALUE_2 });
    const unset = await sign({});
    outputs.push(first, second, unset);
    expect(jwt.verify(tokenOf(first.stdout), VALUE_1)).toMatchObject({ iss: 'ci-client' });
    expect(jwt.verify(tokenOf(second.stdout), VALUE_2)).toMatchObject({ iss: 'ci-client' });
    expect(unset.code).toBe(1);
    expect(unset.stderr).toMatch(/Profile "ci" takes its embed secret from the environment variable CI_EMBED_SECRET, which is not set; set it/);

    const inspected = await cli(['inspect', '--json', first.stdout.trim()], { CI_EMBED_SECRET: VALUE_1 });
    expect(JSON.parse(inspected.stdout).signature).toMatchObject({ valid: true, profile: 'ci' });
    const changed = await cli(['inspect', '--json', first.stdout.trim()], { CI_EMBED_SECRET: VALUE_2 });
    expect(JSON.parse(changed.stdout).signature.valid).toBe(false);
    const without = await cli(['inspect', '--json', first.stdout.trim()]);
    expect(JSON.parse(without.stdout).signature.reason).toMatch(/CI_EMBED_SECRET, which is not set/);
  });

  it("browses Sigma's REST API with a secret from a variable: set, not set, changed", async () => {
    const API_SECRET = `api-${randomUUID()}`;
    const host = await startHost(home, [], { ...process.env, CI_API_SECRET: API_SECRET });
    try {
      const saved = await cli(['profile', 'api', 'ci', '--client-id', 'ci-api', '--api-url', host.url, '--secret-env', 'CI_API_SECRET']);
      expect(saved.code).toBe(0);
      expect(saved.stdout).toContain('the secret is read from $CI_API_SECRET when needed, never stored');

      const listed = await cli(['api', 'workbooks', '--profile', 'ci', '--json'], { CI_API_SECRET: API_SECRET });
      expect(listed.code).toBe(0);
      expect(JSON.parse(listed.stdout).entries.length).toBeGreaterThan(0);

      const unset = await cli(['api', 'workbooks', '--profile', 'ci']);
      expect(unset.code).toBe(1);
      expect(unset.stderr).toMatch(/REST API secret from the environment variable CI_API_SECRET, which is not set/);

      const changed = await cli(['api', 'workbooks', '--profile', 'ci'], { CI_API_SECRET: 'not-the-secret' });
      expect(changed.code).toBe(1);
      expect(changed.stderr).toMatch(/refused|credentials/i);
      outputs.push(listed, unset, changed);
    } finally {
      await host.stop();
    }
  });

  it('imports a quickstart .env with no SECRET in it, the secret then read from the variable named', async () => {
    const env = join(home, 'quickstart.env');
    writeFileSync(env, 'CLIENT_ID=qs-client\nBASE_URL=https://app.sigmacomputing.com/acme/workbook/Sales-1a2b3c\nEMAIL=ada@example.com\n');
    const imported = await cli(['import-env', env, '--profile', 'qs', '--secret-env', 'QS_SECRET']);
    expect(imported.code).toBe(0);
    expect(imported.stdout).toContain('its secret is read from $QS_SECRET when needed, never stored');
    const signed = await cli(['sign', '--profile', 'qs', '--url', 'workbook/Sales-1a2b3c', '--sub', 'ada@example.com'], { QS_SECRET: VALUE_1 });
    outputs.push(imported, signed);
    expect(jwt.verify(tokenOf(signed.stdout), VALUE_1)).toMatchObject({ iss: 'qs-client' });
  });

  it('never writes or prints the values', () => {
    const tree = readTree(home);
    for (const value of [VALUE_1, VALUE_2]) {
      expect(tree).not.toContain(value);
      for (const run of outputs) expect(run.stdout + run.stderr).not.toContain(value);
    }
  });
});
