/** The embed-console command line, run as a user runs it: the built binary, real keychain, real files. */
import { execFile, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { writeFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import jwt from 'jsonwebtoken';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keychainService } from '../main/core/home';
import { CLI, readTree, runCli, tempHome, type CliRun } from './support/cli';
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
      expect.objectContaining({ name: 'local-demo', hasSecret: true }),
      expect.objectContaining({ name: 'acme', clientId: 'client-1', baseUrl: 'https://app.sigmacomputing.com/acme', hasSecret: true }),
    ]);
  });

  it('lists profiles as a table', async () => {
    const run = await cli(['profile', 'list']);
    expect(run.stdout).toMatch(
      /^NAME\s+CLIENT ID\s+SECRET\s+BASE URL\s+REST API\nlocal-demo\s+local-demo-[0-9a-f]{16}\s+in keychain\nacme\s+client-1\s+in keychain\s+https:\/\/app\.sigmacomputing\.com\/acme\n$/,
    );
  });

  it('made a local-demo profile on first run, with a random secret in the keychain', async () => {
    const keytar = (await import('keytar')).default;
    const secret = await keytar.getPassword(keychainService({ EMBED_CONSOLE_HOME: home }), 'embed:local-demo');
    expect(secret).toMatch(/^[\w-]{43}$/);
    expect(readTree(home)).not.toContain(secret);
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
      '--url', WORKBOOK, '--account-type', 'Creator', '--team', 'Sales', '--team', 'West Coast', '--first-name', 'Ada',
      '--last-name', 'Lovelace', '--attr', 'region=West', '--attr', 'tier=gold', '--eval-connection-id', 'conn-1', '--ver', '1.1',
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
      '--url', WORKBOOK, '--param', ':theme=Dark', '--param', ':menu_position=top', '--control', 'Region=East,West', '--control', 'Store Name=A&B',
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
  const unreachable = { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/embed-console-test' };

  it('still lists profiles, with hasSecret unknown, and says what to do', async () => {
    const { home, cleanup } = tempHome();
    writeFileSync(
      join(home, 'profiles.json'),
      JSON.stringify({ version: 1, profiles: [{ name: 'acme', clientId: 'c', createdAt: 'x', updatedAt: 'x' }] }),
    );
    const run = await runCli(['profile', 'list', '--json'], { home, env: unreachable });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual([expect.objectContaining({ name: 'acme', hasSecret: null })]);
    expect(run.stderr).toMatch(/the OS keychain is locked or unavailable.*Unlock it/i);
    cleanup();
  });

  it('refuses to store a secret, with a clear message, and saves nothing', async () => {
    const { home, cleanup } = tempHome();
    const run = await runCli(['profile', 'add', 'acme', '--client-id', 'c'], { home, input: 'a-secret', env: unreachable });
    expectOneLineError(run, 1, /the OS keychain is locked or unavailable/i);
    expect(readdirSync(home)).toEqual([]);
    cleanup();
  });
});

describe('npx embed-console', () => {
  it('runs from the project without a global install', async () => {
    const { stdout } = await promisify(execFile)('npx', ['--no-install', 'embed-console', '--help'], { cwd: join(CLI, '..', '..') });
    expect(stdout).toMatch(/Usage: embed-console .*\n[\s\S]*profile[\s\S]*sign/);
  });
});
