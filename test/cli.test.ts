/** The embed-console command line, run as a user runs it: the built binary, real keychain, real files. */
import { execFile, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import jwt from 'jsonwebtoken';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keychainService } from '../main/core/home';
import { CLI, readTree, runCli, tempHome, type CliRun } from './support/cli';
import { demoSecret, demoSecretsFile, demoSecretsPath, readTreeButDemoSecrets } from './support/demo-secrets';
import { hasKeychain } from './support/system';

const keychain = await hasKeychain();
const SECRET = `cli-secret-${randomUUID()}`;
const WORKBOOK = 'https://app.sigmacomputing.com/acme/workbook/Sales-1a2b3c';

/** What every failure must look like: one line on stderr, no stack trace, nothing on stdout. */
function expectOneLineError(run: CliRun, code: 1 | 2, pattern: RegExp) {
  expect(run.code).toBe(code);
  expect(run.stdout).toBe('');
  expect(run.stderr).toMatch(pattern);
  expect(run.stderr).not.toMatch(/\n\s+at /);
  if (code === 1) expect(run.stderr.trim().split('\n')).toHaveLength(1);
}

describe.runIf(keychain)('embed-console CLI (real keychain)', () => {
  const { home, cleanup } = tempHome();
  const cli = (args: string[], input?: string) => runCli(args, { home, input });
  const everything: CliRun[] = [];
  const sign = async (...args: string[]) => {
    const run = await cli(['sign', '--profile', 'acme', '--sub', 'ada@example.com', ...args]);
    everything.push(run);
    return run;
  };
  const signedToken = (run: CliRun) => new URL(run.stdout.trim()).search.match(/:jwt=([^&]+)/)![1];

  beforeAll(async () => {
    const added = await cli(['profile', 'add', 'acme', '--client-id', 'client-1', '--base-url', 'https://app.sigmacomputing.com/acme'], `${SECRET}\n`);
    everything.push(added);
    expect(added).toMatchObject({ code: 0 });
    expect(added.stdout).toContain('Saved profile "acme"');
  });
  afterAll(async () => {
    everything.push(await cli(['profile', 'remove', 'acme']));
    cleanup();
  });

  it('stores the secret from stdin in the OS keychain and nowhere else', async () => {
    const keytar = (await import('keytar')).default;
    expect(await keytar.getPassword(keychainService({ EMBED_CONSOLE_HOME: home }), 'embed:acme')).toBe(SECRET);
    expect(readTree(home)).not.toContain(SECRET);
  });

  it('lists profiles as JSON with hasSecret and never the secret', async () => {
    const run = await cli(['profile', 'list', '--json']);
    everything.push(run);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual([
      expect.objectContaining({ name: 'local-demo', hasSecret: true, secretIn: { store: 'file' } }),
      expect.objectContaining({
        name: 'acme',
        clientId: 'client-1',
        baseUrl: 'https://app.sigmacomputing.com/acme',
        hasSecret: true,
        secretIn: { store: 'keychain' },
      }),
    ]);
    // Where secrets live comes first, on stderr: stdout stays the JSON.
    expect(run.stderr).toBe('Secrets: in the OS keychain.\n');
  });

  it('lists profiles as a table, saying where each secret is', async () => {
    const run = await cli(['profile', 'list']);
    everything.push(run);
    expect(run.stdout).toMatch(
      /^NAME\s+CLIENT ID\s+SECRET\s+BASE URL\s+REST API\nlocal-demo\s+local-demo-[0-9a-f]{16}\s+in local-demo's own file\nacme\s+client-1\s+in the OS keychain\s+https:\/\/app\.sigmacomputing\.com\/acme\n$/,
    );
    expect(run.stderr).toBe('Secrets: in the OS keychain.\n');
  });

  it('made a local-demo profile on first run, with a random secret in its own file (0600), not the keychain', async () => {
    const file = demoSecretsPath(home);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    // Only local-demo's embed secret: no host ran here to give it REST API credentials.
    expect(demoSecretsFile(home)).toEqual({ version: 1, secrets: { 'embed:local-demo': expect.stringMatching(/^[\w-]{43}$/) } });
    const secret = demoSecret(home);
    const keytar = (await import('keytar')).default;
    const service = keychainService({ EMBED_CONSOLE_HOME: home });
    expect(await keytar.getPassword(service, 'embed:local-demo')).toBeNull();
    expect((await keytar.findCredentials(service)).map((c) => c.account)).toEqual(['embed:acme']);
    expect(readTreeButDemoSecrets(home)).not.toContain(secret);
    for (const run of everything) expect(run.stdout + run.stderr).not.toContain(secret);
  });

  it('removes a profile and says where its secret was removed from', async () => {
    expect((await cli(['profile', 'add', 'gone', '--client-id', 'c-gone'], 'gone-secret')).stdout).toBe(
      'Saved profile "gone" (client id c-gone); its secret is in the OS keychain.\n',
    );
    const removed = await cli(['profile', 'remove', 'gone']);
    expect(removed).toMatchObject({ code: 0, stdout: 'Removed profile "gone" and its secrets from the OS keychain.\n' });
    const keytar = (await import('keytar')).default;
    expect(await keytar.getPassword(keychainService({ EMBED_CONSOLE_HOME: home }), 'embed:gone')).toBeNull();
  });

  it('does not make local-demo again once the user removed it', async () => {
    const other = tempHome();
    expect((await runCli(['profile', 'remove', 'local-demo'], { home: other.home })).code).toBe(0);
    const run = await runCli(['profile', 'list', '--json'], { home: other.home });
    expect(JSON.parse(run.stdout)).toEqual([]);
    other.cleanup();
  });

  it('says how to give local-demo its base URL when signing a path without one', async () => {
    const run = await cli(['sign', '--profile', 'local-demo', '--url', 'workbook/X-1', '--sub', 'a@b.co']);
    expectOneLineError(run, 1, /"workbook\/X-1" is a path, and profile "local-demo" has no base URL.*embed-console host/);
  });

  it('prints the signed URL alone, so it pipes', async () => {
    const run = await sign('--url', WORKBOOK);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(new RegExp(`^${WORKBOOK.replace(/[.?]/g, '\\$&')}\\?:jwt=[\\w-]+\\.[\\w-]+\\.[\\w-]+&:embed=true\\n$`));
  });

  it('signs what Sigma expects: HS256, kid and iss = client id, fresh jti, exp = iat + session length', async () => {
    const before = Math.floor(Date.now() / 1000);
    const [a, b] = [await sign('--url', WORKBOOK), await sign('--url', WORKBOOK, '--session-length', '600')];
    const first = jwt.verify(signedToken(a), SECRET, { algorithms: ['HS256'], complete: true });
    const second = jwt.verify(signedToken(b), SECRET, { algorithms: ['HS256'], complete: true }).payload as jwt.JwtPayload;
    expect(first.header).toMatchObject({ alg: 'HS256', kid: 'client-1' });
    const payload = first.payload as jwt.JwtPayload;
    expect(payload).toMatchObject({ sub: 'ada@example.com', iss: 'client-1' });
    expect(payload.iat).toBeGreaterThanOrEqual(before);
    expect(payload.exp! - payload.iat!).toBe(3600);
    expect(second.exp! - second.iat!).toBe(600);
    expect(second.jti).not.toBe(payload.jti);
  });

  it('puts every optional claim in the token', async () => {
    const run = await sign(
      '--url',
      WORKBOOK,
      '--account-type',
      'Creator',
      '--team',
      'Sales',
      '--team',
      'West Coast',
      '--first-name',
      'Ada',
      '--last-name',
      'Lovelace',
      '--attr',
      'region=West',
      '--attr',
      'tier=gold',
      '--eval-connection-id',
      'conn-1',
      '--ver',
      '1.1',
    );
    expect(jwt.verify(signedToken(run), SECRET)).toMatchObject({
      account_type: 'Creator',
      teams: ['Sales', 'West Coast'],
      first_name: 'Ada',
      last_name: 'Lovelace',
      user_attributes: { region: 'West', tier: 'gold' },
      eval_connection_id: 'conn-1',
      ver: '1.1',
      aud: 'sigmacomputing',
    });
  });

  it('prints {url, token, header, payload, profile} with --json', async () => {
    const run = await sign('--url', WORKBOOK, '--json');
    const out = JSON.parse(run.stdout);
    expect(Object.keys(out).sort()).toEqual(['header', 'payload', 'profile', 'token', 'url']);
    expect(out.url).toBe(`${WORKBOOK}?:jwt=${out.token}&:embed=true`);
    expect(out.payload).toEqual(jwt.verify(out.token, SECRET));
    expect(out.header).toEqual(jwt.decode(out.token, { complete: true })!.header);
    expect(out.profile).toBe('acme');
  });

  it('appends URL options and control values, commas unencoded, after the token', async () => {
    const run = await sign(
      '--url',
      WORKBOOK,
      '--param',
      ':theme=Dark',
      '--param',
      ':menu_position=top',
      '--control',
      'Region=East,West',
      '--control',
      'Store Name=A&B',
    );
    const query = run.stdout.trim().split('?')[1];
    expect(query).toMatch(/^:jwt=[^&]+&:embed=true&:theme=Dark&:menu_position=top&Region=East,West&Store%20Name=A%26B$/);
  });

  it('keeps the query a URL already carries', async () => {
    const run = await sign('--url', `${WORKBOOK}/page/p1?:lng=fr-ca&Region=East`);
    expect(run.stdout.trim()).toMatch(/\/page\/p1\?:jwt=[^&]+&:embed=true&:lng=fr-ca&Region=East$/);
  });

  it('accepts any host; the path decides', async () => {
    for (const url of ['http://127.0.0.1:4321/demo/workbook/Demo-abc/element/e1', 'https://sigma.example.org/acme/workbook/X-1/tag/v2']) {
      const run = await sign('--url', url);
      expect(run.code).toBe(0);
      expect(run.stdout.startsWith(`${url}?:jwt=`)).toBe(true);
    }
  });

  it('refuses a session longer than 30 days, naming the limit', async () => {
    expectOneLineError(await sign('--url', WORKBOOK, '--session-length', '2592001'), 1, /30-day limit.*2592000/);
    expect((await sign('--url', WORKBOOK, '--session-length', '2592000')).code).toBe(0);
  });

  it('refuses external-user claims for an internal user and says why', async () => {
    const run = await sign('--url', WORKBOOK, '--internal', '--account-type', 'Pro');
    expectOneLineError(run, 1, /account_type cannot be sent for an internal user.*Cannot update account type for internal users/);
    expect((await sign('--url', WORKBOOK, '--internal')).code).toBe(0);
  });

  it('refuses what Sigma would refuse, each with the reason', async () => {
    expectOneLineError(await sign('--url', 'https://bad host/acme/workbook/X-1'), 1, /is not a URL/);
    expectOneLineError(await sign('--url', 'https://app.sigmacomputing.com/acme/folder/x'), 1, /is not a Sigma embed URL.*\/workbook\//);
    expectOneLineError(await cli(['sign', '--profile', 'acme', '--url', WORKBOOK, '--sub', 'not-an-email']), 1, /not an email address/);
    expectOneLineError(await cli(['sign', '--profile', 'nobody', '--url', WORKBOOK, '--sub', 'a@b.co']), 1, /No profile named "nobody"/);
    expectOneLineError(await sign('--url', WORKBOOK, '--param', 'theme=Dark'), 1, /must be a colon and a name/);
  });

  it('exits 2 with the usage problem for bad arguments', async () => {
    expectOneLineError(await sign('--url', WORKBOOK, '--attr', 'region'), 2, /--attr takes key=value/);
    expectOneLineError(await sign('--url', WORKBOOK, '--session-length', 'soon'), 2, /whole seconds/);
    expectOneLineError(await sign('--url', WORKBOOK, '--ver', '2.0'), 2, /1\.0, 1\.1/);
    expectOneLineError(await cli(['sign', '--profile', 'acme', '--url', WORKBOOK]), 2, /--sub/);
    expectOneLineError(await cli(['profile', 'add', 'x', '--client-id', 'c', '--secret', 'nope']), 2, /unknown option '--secret'/);
    expectOneLineError(await cli(['frobnicate']), 2, /unknown command/);
  });

  it('refuses a profile name that exists, and one with no secret on stdin', async () => {
    expectOneLineError(await cli(['profile', 'add', 'acme', '--client-id', 'c'], 'other'), 1, /exists already/);
    expectOneLineError(await cli(['profile', 'add', 'empty', '--client-id', 'c'], ''), 1, /No embed secret on standard input; pipe it in/);
  });

  it('reports a corrupt profiles file, keeps it aside, and carries on', async () => {
    const other = tempHome();
    writeFileSync(join(other.home, 'profiles.json'), '{"version":1,"profiles":[{"name":');
    const run = await runCli(['profile', 'list', '--json'], { home: other.home });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual([]);
    expect(run.stderr).toMatch(/profiles file .* was unreadable .*kept as .*profiles\.json\.corrupt-/);
    expect(readdirSync(other.home).some((f) => f.startsWith('profiles.json.corrupt-'))).toBe(true);
    other.cleanup();
  });

  it('never shows the secret: not on stdout, stderr, or in the data dir', () => {
    expect(everything.length).toBeGreaterThan(10);
    for (const run of everything) expect(run.stdout + run.stderr).not.toContain(SECRET);
    expect(readTree(home)).not.toContain(SECRET);
  });
});

describe.runIf(keychain)('embed-console profile add at a terminal (real keychain)', () => {
  it('asks for the secret at a hidden prompt and does not echo it', async () => {
    const { home, cleanup } = tempHome();
    const secret = `typed-${randomUUID()}`;
    // `script` gives the CLI a real terminal; the secret is typed into it.
    const command = `${process.execPath} ${CLI} profile add typed --client-id c-typed`;
    const run = await new Promise<CliRun>((resolve, reject) => {
      const child = spawn('script', ['-qec', command, '/dev/null'], { env: { ...process.env, EMBED_CONSOLE_HOME: home } });
      let stdout = '';
      child.stdout.on('data', (chunk) => {
        stdout += chunk;
        // Type only once the prompt is up, as a person would; typed earlier, the terminal would echo it.
        if (stdout.includes('Embed secret for') && !child.stdin.writableEnded) child.stdin.end(`${secret}\r`);
      });
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stdout, stderr: '' }));
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Embed secret for "typed"');
    expect(run.stdout).toContain('Saved profile "typed"');
    expect(run.stdout).not.toContain(secret);
    const keytar = (await import('keytar')).default;
    expect(await keytar.getPassword(keychainService({ EMBED_CONSOLE_HOME: home }), 'embed:typed')).toBe(secret);
    await runCli(['profile', 'remove', 'typed'], { home });
    cleanup();
  });
});

describe('embed-console without a keychain', () => {
  // A fresh headless box, a container, CI: no D-Bus session at all (testing.md), and no passphrase given.
  const noBus: NodeJS.ProcessEnv = { DBUS_SESSION_BUS_ADDRESS: undefined, DISPLAY: undefined, EMBED_CONSOLE_PASSPHRASE: undefined };
  // A session address that leads nowhere (a stale one, say).
  const unreachable: NodeJS.ProcessEnv = { ...noBus, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/embed-console-test' };
  const PASSPHRASE = `vault-passphrase-${randomUUID()}`;
  const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  /** What `profile list`, `host` and `ui` say first there: the vault, why not the keychain, and the fix. */
  const vaultLine = (home: string, why: string) =>
    new RegExp(
      `^Secrets: in the passphrase vault ${escape(join(home, 'secrets.vault'))}, not the OS keychain: no D-Bus session \\(${why}\\)\\. ` +
        `To use the OS keychain, start Embed Console inside a desktop session, or under dbus-run-session with gnome-keyring running\\. ` +
        `\\(local-demo's throwaway secrets are in a file of their own\\.\\)\\n$`,
    );

  for (const [state, env, why] of [
    ['no D-Bus session', noBus, escape('DBUS_SESSION_BUS_ADDRESS is not set')],
    ['a D-Bus session that does not answer', unreachable, '.+'],
  ] as const) {
    it(`still lists profiles with ${state}, hasSecret unknown, naming the passphrase vault and why`, async () => {
      const { home, cleanup } = tempHome();
      try {
        // A profile saved where the keychain answered (a file from before the choice: the keychain).
        writeFileSync(join(home, 'profiles.json'), JSON.stringify({ version: 1, profiles: [{ name: 'acme', clientId: 'c', createdAt: 'x', updatedAt: 'x' }] }));
        const run = await runCli(['profile', 'list', '--json'], { home, env });
        expect(run.code).toBe(0);
        expect(JSON.parse(run.stdout)).toEqual([expect.objectContaining({ name: 'acme', hasSecret: null, secretIn: { store: 'keychain' } })]);
        expect(run.stderr).toMatch(vaultLine(home, why));
        const table = await runCli(['profile', 'list'], { home, env });
        expect(table.code).toBe(0);
        expect(table.stdout).toMatch(/^NAME\s+CLIENT ID\s+SECRET\s+BASE URL\s+REST API\nacme\s+c\s+in the OS keychain \(cannot be read now\)\n$/);
        // Listing asked for no passphrase and made no vault.
        expect(existsSync(join(home, 'secrets.vault'))).toBe(false);
      } finally {
        cleanup();
      }
    }, 30_000);
  }

  it('refuses to store a secret without a passphrase, saying how to give one, and saves nothing', async () => {
    const { home, cleanup } = tempHome();
    try {
      const secret = `no-vault-${randomUUID()}`;
      const run = await runCli(['profile', 'add', 'acme', '--client-id', 'c'], { home, input: secret, env: noBus });
      expectOneLineError(
        run,
        1,
        new RegExp(
          `^embed-console: No OS keychain here, so secrets go to a new passphrase vault ${escape(join(home, 'secrets.vault'))}: ` +
            `choose its passphrase \\(or set EMBED_CONSOLE_PASSPHRASE for scripts\\)\\.\\n$`,
        ),
      );
      expect(existsSync(join(home, 'secrets.vault'))).toBe(false);
      // Only what the first run makes anyway: local-demo, with its secret in its own file.
      const listed = await runCli(['profile', 'list', '--json'], { home, env: noBus });
      expect(JSON.parse(listed.stdout).map((p: { name: string }) => p.name)).toEqual(['local-demo']);
      expect(readTree(home)).not.toContain(secret);
    } finally {
      cleanup();
    }
  });

  it('still signs with local-demo, whose secret is in its own file', async () => {
    const { home, cleanup } = tempHome();
    try {
      const run = await runCli(['sign', '--profile', 'local-demo', '--url', WORKBOOK, '--sub', 'ada@example.com'], { home, env: noBus });
      expect(run).toMatchObject({ code: 0, stderr: '' });
      const token = new URL(run.stdout.trim()).search.match(/:jwt=([^&]+)/)![1];
      expect(jwt.verify(token, demoSecret(home), { algorithms: ['HS256'] })).toMatchObject({ sub: 'ada@example.com' });
      expect(existsSync(join(home, 'secrets.vault'))).toBe(false);
    } finally {
      cleanup();
    }
  });

  it('keeps a secret in the passphrase vault given EMBED_CONSOLE_PASSPHRASE: encrypted, listed without it, read only with it', async () => {
    const { home, cleanup } = tempHome();
    const VAULT_SECRET = `vault-secret-${randomUUID()}`;
    const withPassphrase = { ...noBus, EMBED_CONSOLE_PASSPHRASE: PASSPHRASE };
    const runs: CliRun[] = [];
    const cli = async (args: string[], env: NodeJS.ProcessEnv, input?: string) => {
      const run = await runCli(args, { home, env, input });
      runs.push(run);
      return run;
    };
    try {
      const added = await cli(['profile', 'add', 'acme', '--client-id', 'c-vault'], withPassphrase, `${VAULT_SECRET}\n`);
      expect(added).toMatchObject({ code: 0, stdout: 'Saved profile "acme" (client id c-vault); its secret is in the passphrase vault.\n' });
      const vault = join(home, 'secrets.vault');
      expect(statSync(vault).mode & 0o777).toBe(0o600);
      expect(readFileSync(vault, 'utf8')).toContain('embed:acme');
      expect(readTree(home)).not.toContain(VAULT_SECRET);

      // Where it is needs no passphrase.
      const listed = await cli(['profile', 'list', '--json'], noBus);
      expect(listed.code).toBe(0);
      expect(JSON.parse(listed.stdout)).toEqual([
        expect.objectContaining({ name: 'local-demo', hasSecret: true, secretIn: { store: 'file' } }),
        expect.objectContaining({ name: 'acme', hasSecret: true, secretIn: { store: 'vault' } }),
      ]);
      expect(listed.stderr).toMatch(vaultLine(home, escape('DBUS_SESSION_BUS_ADDRESS is not set')));

      const signing = ['sign', '--profile', 'acme', '--url', WORKBOOK, '--sub', 'ada@example.com'];
      const signed = await cli(signing, withPassphrase);
      expect(signed).toMatchObject({ code: 0, stderr: '' });
      const token = new URL(signed.stdout.trim()).search.match(/:jwt=([^&]+)/)![1];
      expect(jwt.verify(token, VAULT_SECRET, { algorithms: ['HS256'] })).toMatchObject({ sub: 'ada@example.com', iss: 'c-vault' });

      expectOneLineError(
        await cli(signing, noBus),
        1,
        new RegExp(
          `^embed-console: The secrets are in the passphrase vault ${escape(vault)}; enter its passphrase \\(or set EMBED_CONSOLE_PASSPHRASE for scripts\\)\\.\\n$`,
        ),
      );
      expectOneLineError(
        await cli(signing, { ...noBus, EMBED_CONSOLE_PASSPHRASE: `not-${PASSPHRASE}` }),
        1,
        new RegExp(`^embed-console: That passphrase does not open the vault file ${escape(vault)}\\.`),
      );

      const removed = await cli(['profile', 'remove', 'acme'], withPassphrase);
      expect(removed).toMatchObject({ code: 0, stdout: 'Removed profile "acme" and its secrets from the passphrase vault.\n' });
      expect(JSON.parse(readFileSync(vault, 'utf8')).accounts).toEqual([]);
      for (const run of runs) expect(run.stdout + run.stderr).not.toContain(VAULT_SECRET);
      expect(readTree(home)).not.toContain(VAULT_SECRET);
    } finally {
      cleanup();
    }
  }, 30_000);
});

describe('npx embed-console', () => {
  it('runs from the project without a global install', async () => {
    const { stdout } = await promisify(execFile)('npx', ['--no-install', 'embed-console', '--help'], { cwd: join(CLI, '..', '..') });
    expect(stdout).toMatch(/Usage: embed-console .*\n[\s\S]*profile[\s\S]*sign/);
  });
});
