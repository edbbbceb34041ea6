/** The quickstart's .env, imported: the mapping, and the real CLI with the real keychain. */
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import jwt from 'jsonwebtoken';
import { afterAll, describe, expect, it } from 'vitest';
import { fromQuickstartEnv } from '../shared/env-import';
import { keychainService } from '../main/core/home';
import { forgetProfiles, readTree, runCli, tempHome } from './support/cli';
import { thrownBy } from './support/errors';
import { hasKeychain } from './support/system';

const BASE_URL = 'https://app.sigmacomputing.com/acme/workbook/Sales-Dashboard-5Wd0fNcqVu3pDQ7qXbt0xu';

describe('fromQuickstartEnv', () => {
  const env = { BASE_URL, CLIENT_ID: 'cid', SECRET: 's3cret', EMAIL: 'ada@example.com', ACCOUNT_TYPE: 'Viewer', TEAM: 'Sales' };

  it("maps the quickstart's variables to a profile and the claims", () => {
    expect(fromQuickstartEnv(env)).toEqual({
      clientId: 'cid',
      secret: 's3cret',
      baseUrl: 'https://app.sigmacomputing.com/acme',
      url: BASE_URL,
      options: {},
      controls: {},
      claims: { sub: 'ada@example.com', accountType: 'Viewer', teams: ['Sales'], sessionLength: 3600 },
    });
  });

  it('reads TEAMS as a comma-separated list, ua_* as user attributes, and the other optional claims', () => {
    const imported = fromQuickstartEnv({
      ...env,
      TEAM: '',
      TEAMS: 'Sales, West ,',
      ua_region: 'West',
      ua_tier: 'gold',
      EVAL_CONNECTION_ID: 'conn-1',
      SESSION_LENGTH: '600',
    });
    expect(imported.claims).toEqual({
      sub: 'ada@example.com',
      accountType: 'Viewer',
      teams: ['Sales', 'West'],
      userAttributes: { region: 'West', tier: 'gold' },
      evalConnectionId: 'conn-1',
      sessionLength: 600,
    });
  });

  it('keeps a session over 30 days as written, for the form to flag, where the quickstart clamps it', () => {
    expect(fromQuickstartEnv({ ...env, SESSION_LENGTH: '9999999' }).claims.sessionLength).toBe(9_999_999);
  });

  it("moves the options and control values in BASE_URL's query into the form", () => {
    const imported = fromQuickstartEnv({ ...env, BASE_URL: `${BASE_URL}/page/p1?:theme=Dark&Region=East,West` });
    expect(imported).toMatchObject({ url: `${BASE_URL}/page/p1`, options: { ':theme': 'Dark' }, controls: { Region: ['East', 'West'] } });
  });

  it('names the variable that is missing', () => {
    for (const name of ['CLIENT_ID', 'SECRET', 'BASE_URL']) {
      const error = thrownBy(() => fromQuickstartEnv({ ...env, [name]: '' }));
      expect(error.message).toContain(`The .env has no ${name}`);
      expect(error.field).toBe(name);
    }
    expect(thrownBy(() => fromQuickstartEnv({ ...env, BASE_URL: 'https://app.sigmacomputing.com/acme/folder/x' })).code).toBe('NOT_SIGMA_URL');
  });
});

const keychain = await hasKeychain();

describe.runIf(keychain)('embed-console import-env (real keychain)', () => {
  const { home, cleanup } = tempHome();
  // The .env files live apart from the data dir, so the data dir can be searched for the secret.
  const envDir = tempHome();
  const secret = `quickstart-${randomUUID()}`;
  afterAll(async () => {
    await forgetProfiles(home);
    cleanup();
    envDir.cleanup();
  });

  it('creates the profile with the secret in the keychain, prints how to sign, and says the file can lose its secret', async () => {
    const file = join(envDir.home, 'quickstart.env');
    writeFileSync(
      file,
      [
        '# from embedding_jwt/jwt',
        `BASE_URL="${BASE_URL}"`,
        'CLIENT_ID=cid-42',
        `SECRET='${secret}'`,
        'SESSION_LENGTH=600 # ten minutes',
        'EMAIL=ada@example.com',
        'ACCOUNT_TYPE=Viewer',
        'TEAM=Sales',
        'ua_region=West',
      ].join('\n'),
    );
    const run = await runCli(['import-env', file, '--profile', 'qs'], { home });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Saved profile "qs" (client id cid-42, base URL https://app.sigmacomputing.com/acme)');
    expect(run.stdout).toContain(`sign --profile qs --url ${BASE_URL} --sub ada@example.com`);
    expect(run.stderr).toContain(`You can now remove SECRET from ${file}`);
    expect(run.stdout + run.stderr).not.toContain(secret);

    const keytar = (await import('keytar')).default;
    expect(await keytar.getPassword(keychainService({ EMBED_CONSOLE_HOME: home }), 'embed:qs')).toBe(secret);
    const signed = await runCli(['sign', '--profile', 'qs', '--url', 'workbook/Sales-Dashboard-5Wd0fNcqVu3pDQ7qXbt0xu', '--sub', 'ada@example.com'], { home });
    const token = new URL(signed.stdout.trim()).search.match(/:jwt=([^&]+)/)![1];
    expect(jwt.verify(token, secret, { complete: true }).header).toMatchObject({ kid: 'cid-42' });
    expect(readTree(home)).not.toContain(secret);
  });

  it('refuses an unreadable file or a .env without its secret, saving nothing', async () => {
    const missing = await runCli(['import-env', join(envDir.home, 'nope.env'), '--profile', 'x'], { home });
    expect(missing).toMatchObject({ code: 1, stdout: '' });
    expect(missing.stderr).toMatch(/Cannot read .*nope\.env \(ENOENT\); give the path of the quickstart's \.env/);

    const file = join(envDir.home, 'nosecret.env');
    writeFileSync(file, `BASE_URL=${BASE_URL}\nCLIENT_ID=cid\n`);
    const run = await runCli(['import-env', file, '--profile', 'nosecret'], { home });
    expect(run).toMatchObject({ code: 1, stdout: '' });
    expect(run.stderr).toContain('The .env has no SECRET');
    expect(JSON.parse((await runCli(['profile', 'list', '--json'], { home })).stdout).map((p: { name: string }) => p.name)).not.toContain('nosecret');
  });
});
