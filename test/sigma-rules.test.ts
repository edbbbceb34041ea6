/**
 * Sigma's rules as its docs and SDK state them, kept by the inspector and the local embed host
 * alike, run as a user runs them: the built CLI, the real host, the real keychain. OAuth tokens
 * are encrypted here the way Sigma's node-embed-sdk does (packages/node-embed-sdk/src/encryption.ts,
 * written out below from its source), so the console's format is checked against Sigma's, not
 * against itself. Tokens shaped like Sigma's samples must pass with no error.
 */
import { createCipheriv, createDecipheriv, createHmac, pbkdf2Sync, randomBytes, randomUUID } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbedConsoleApi, InspectReport } from '../shared/api';
import { PLAINTEXT_HIDDEN } from '../shared/claims';
import { openHome } from '../main/core/home';
import { decryptsWith, encryptOAuthToken } from '../main/core/oauth-token';
import { forgetProfiles, runCli, tempHome } from './support/cli';
import { demoSecret, readTreeButDemoSecrets } from './support/demo-secrets';
import { startHost, type HostProcess } from './support/host';
import { hasKeychain } from './support/system';
import { makeToken, tokenOf } from './support/tokens';

const keychain = await hasKeychain();

/**
 * Sigma's node-embed-sdk encrypt(): PBKDF2-HMAC-SHA256 600,000 x, AES-256-GCM, salt.iv.tag.ciphertext
 * in base64. Kept per input: each derivation costs a quarter second of CPU that tests running
 * alongside need too.
 */
const encrypted = new Map<string, string>();
function sdkEncrypt(embedSecret: string, oauthToken: string): string {
  const key = JSON.stringify([embedSecret, oauthToken]);
  if (!encrypted.has(key)) encrypted.set(key, sdkEncryptAfresh(embedSecret, oauthToken));
  return encrypted.get(key)!;
}

function sdkEncryptAfresh(embedSecret: string, oauthToken: string): string {
  const salt = randomBytes(16);
  const key = pbkdf2Sync(Buffer.from(embedSecret, 'utf8'), salt, 600_000, 32, 'sha256');
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: 16 });
  const ciphertext = Buffer.concat([cipher.update(Buffer.from(oauthToken, 'utf8')), cipher.final()]);
  return `${salt.toString('base64')}.${iv.toString('base64')}.${cipher.getAuthTag().toString('base64')}.${ciphertext.toString('base64')}`;
}

/** Sigma's node-embed-sdk decrypt(). */
function sdkDecrypt(embedSecret: string, encrypted: string): string {
  const [salt, iv, tag, ciphertext] = encrypted.split('.').map((part) => Buffer.from(part, 'base64'));
  const key = pbkdf2Sync(Buffer.from(embedSecret, 'utf8'), salt, 600_000, 32, 'sha256');
  const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: tag.length });
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
}

describe("OAuth tokens in Sigma's encrypted format", () => {
  const SECRET = `embed-secret-${randomUUID()}`;

  it("encrypts so that Sigma's SDK decrypts, with a fresh salt and IV every time", async () => {
    const first = await encryptOAuthToken(SECRET, 'ya29.oauth-token-é');
    const second = await encryptOAuthToken(SECRET, 'ya29.oauth-token-é');
    expect(first).not.toBe(second);
    expect(first.split('.').map((part) => Buffer.from(part, 'base64').length)).toEqual([16, 12, 16, 'ya29.oauth-token-é'.length + 1]);
    expect(sdkDecrypt(SECRET, first)).toBe('ya29.oauth-token-é');
  });

  it("opens what Sigma's SDK encrypted with the same secret, and nothing else", async () => {
    const encrypted = sdkEncrypt(SECRET, 'dapi-token');
    expect(await decryptsWith(SECRET, encrypted)).toBe(true);
    expect(await decryptsWith(`other-${SECRET}`, encrypted)).toBe(false);
    const [salt, iv, tag, ciphertext] = encrypted.split('.');
    const changed = Buffer.from(ciphertext, 'base64');
    changed[0] ^= 1;
    expect(await decryptsWith(SECRET, [salt, iv, tag, changed.toString('base64')].join('.'))).toBe(false);
    expect(await decryptsWith(SECRET, 'dapi-token')).toBe(false);
  });

  it('derives the key once per token: a second check of the same value is immediate', async () => {
    const encrypted = sdkEncrypt(SECRET, 'token-checked-twice');
    const started = performance.now();
    expect(await decryptsWith(SECRET, encrypted)).toBe(true);
    const first = performance.now() - started;
    const again = performance.now();
    expect(await decryptsWith(SECRET, encrypted)).toBe(true);
    expect(performance.now() - again).toBeLessThan(first / 10);
  });
});

describe.runIf(keychain)('Sigma rules in the inspector and the local embed host (real keychain)', () => {
  const { home, cleanup } = tempHome();
  const FOREIGN = `foreign-secret-${randomUUID()}`;
  const PLAIN_OAUTH = `ya29.plaintext-oauth-${randomUUID()}`;
  const PLAIN_CONNECTION = `dapi-plaintext-connection-${randomUUID()}`;
  const WORKBOOK = '/demo/workbook/Sales-Performance-3kQ7vN2pXb9sLm4Tz8Rw1c';
  const DATA_MODEL = '/demo/data-model/Sales-Model-4Tm8Qx2Rv6Ns1Kb9Zc3Wd7';
  let host: HostProcess;
  let demo: { clientId: string; secret: string };
  const outputs: string[] = [];

  const cli = async (args: string[], env?: NodeJS.ProcessEnv) => {
    const run = await runCli(args, { home, env });
    outputs.push(run.stdout, run.stderr);
    return run;
  };
  const inspect = async (input: string) => {
    const run = await cli(['inspect', input, '--json']);
    return { code: run.code, report: JSON.parse(run.stdout) as InspectReport };
  };
  const errorsOf = (report: InspectReport) => report.findings.filter((f) => f.severity === 'error').map((f) => f.code);
  const load = async (path: string, token: string, query = '') => {
    const response = await fetch(`${host.url}${path}?:jwt=${token}&:embed=true${query}`);
    const html = await response.text();
    outputs.push(html);
    return { status: response.status, html };
  };
  /** A one-hour token of local-demo, ver 1.1, with these claims. */
  const v11 = (claims: Record<string, unknown>, secret = demo.secret) =>
    makeToken({ secret, kid: demo.clientId, claims: { ver: '1.1', aud: 'sigmacomputing', ...claims } });

  beforeAll(async () => {
    host = await startHost(home);
    const listed = await runCli(['profile', 'list', '--json'], { home });
    const local = (JSON.parse(listed.stdout) as Array<{ name: string; clientId: string }>).find((p) => p.name === 'local-demo')!;
    demo = { clientId: local.clientId, secret: demoSecret(home) };
  });
  afterAll(async () => {
    await host?.stop();
    await forgetProfiles(home);
    cleanup();
  });

  describe('OAuth tokens that Sigma would refuse', () => {
    const cases: Array<[string, () => Record<string, unknown>, string]> = [
      ['a non-string oauth_token', () => ({ oauth_token: 12345 }), 'CLAIM_TYPE'],
      ['a plaintext oauth_token', () => ({ oauth_token: PLAIN_OAUTH }), 'OAUTH_TOKEN_PLAINTEXT'],
      ['an oauth_token encrypted with another secret', () => ({ oauth_token: sdkEncrypt(FOREIGN, 'token') }), 'OAUTH_TOKEN_UNDECRYPTABLE'],
      ['connection_oauth_tokens as a string, not a map', () => ({ connection_oauth_tokens: sdkEncrypt(demo.secret, 'token') }), 'CLAIM_TYPE'],
      ['connection_oauth_tokens with a non-string value', () => ({ connection_oauth_tokens: { warehouse: 42 } }), 'CLAIM_TYPE'],
    ];

    it.each(cases)('the inspector calls %s an error and exits 1', async (_, claims, code) => {
      const { code: exit, report } = await inspect(v11(claims()));
      expect(report.signature.valid).toBe(true);
      expect(errorsOf(report)).toEqual([code]);
      expect(exit).toBe(1);
    });

    it.each(cases)('the host refuses %s with 400 EINVAL', async (_, claims) => {
      const page = await load(WORKBOOK, v11(claims()));
      expect(page.status).toBe(400);
      expect(page.html).toContain('EINVAL');
    });

    it('does not repeat a plaintext OAuth token in its report: it is a credential', async () => {
      const { report } = await inspect(v11({ oauth_token: PLAIN_OAUTH, connection_oauth_tokens: { warehouse: PLAIN_CONNECTION } }));
      expect(report.payload).toMatchObject({ oauth_token: PLAINTEXT_HIDDEN, connection_oauth_tokens: { warehouse: PLAINTEXT_HIDDEN } });
      const readable = await cli(['inspect', v11({ oauth_token: PLAIN_OAUTH })]);
      expect(readable.stdout).toContain(`"oauth_token": "${PLAINTEXT_HIDDEN}"`);
    });

    it('names the claim that does not decrypt, and who signed, without its value', async () => {
      const { report } = await inspect(v11({ connection_oauth_tokens: { warehouse: sdkEncrypt(FOREIGN, PLAIN_CONNECTION) } }));
      const [finding] = report.findings.filter((f) => f.code === 'OAUTH_TOKEN_UNDECRYPTABLE');
      expect(finding.message).toMatch(/^connection_oauth_tokens\.warehouse does not decrypt with the embed secret of profile "local-demo"/);
      expect(JSON.stringify(report)).not.toContain(PLAIN_CONNECTION);
    });
  });

  describe("tokens shaped like Sigma's samples pass with no error", () => {
    const iat = () => Math.floor(Date.now() / 1000);
    const samples: Array<[string, () => string]> = [
      [
        'embed-signing-packages node/signing.js (ver 1.1, aud, teams, account_type)',
        () =>
          jwt.sign(
            {
              iss: demo.clientId,
              sub: 'ada@example.com',
              aud: 'sigmacomputing',
              jti: randomUUID(),
              ver: '1.1',
              iat: iat(),
              exp: iat() + 3600,
              teams: ['Sales'],
              account_type: 'Pro',
            },
            demo.secret,
            { algorithm: 'HS256', keyid: demo.clientId },
          ),
      ],
      [
        'embed-signing-packages python/signing.py (PyJWT: headers kid, typ)',
        () => {
          const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
          const claims = {
            iss: demo.clientId,
            sub: 'ada@example.com',
            aud: 'sigmacomputing',
            jti: randomUUID(),
            ver: '1.1',
            iat: iat(),
            exp: iat() + 3600,
            teams: ['Sales'],
          };
          const input = `${b64({ alg: 'HS256', kid: demo.clientId, typ: 'JWT' })}.${b64(claims)}`;
          return `${input}.${createHmac('sha256', demo.secret).update(input).digest('base64url')}`;
        },
      ],
      [
        'the quickstart generateSignedUrl (iss, account_type, teams; no ver)',
        () =>
          jwt.sign(
            { sub: 'ada@example.com', iss: demo.clientId, jti: randomUUID(), iat: iat(), exp: iat() + 3600, account_type: 'View', teams: ['Sales'] },
            demo.secret,
            { algorithm: 'HS256', keyid: demo.clientId },
          ),
      ],
      [
        "the databricks OAuth quickstart (connection_oauth_tokens encrypted with the SDK's encrypt)",
        () =>
          jwt.sign(
            {
              sub: 'ada@example.com',
              iss: demo.clientId,
              jti: randomUUID(),
              iat: iat(),
              exp: iat() + 3600,
              ver: '1.1',
              aud: 'sigmacomputing',
              connection_oauth_tokens: { 'c0ffee00-1111-2222-3333-444455556666': sdkEncrypt(demo.secret, 'dapi-databricks-oauth') },
            },
            demo.secret,
            { algorithm: 'HS256', keyid: demo.clientId },
          ),
      ],
    ];

    it.each(samples)('%s', async (_, sample) => {
      const token = sample();
      const { code, report } = await inspect(token);
      expect(errorsOf(report)).toEqual([]);
      expect(code).toBe(0);
      const page = await load(WORKBOOK, sample());
      expect(page.status).toBe(200);
    });
  });

  describe('sign with OAuth tokens', () => {
    const url = `workbook/Sales-Performance-3kQ7vN2pXb9sLm4Tz8Rw1c`;
    const env = { OAUTH_TOKEN: PLAIN_OAUTH, WAREHOUSE_TOKEN: PLAIN_CONNECTION };

    it('encrypts them with the profile secret; the token opens in the host and passes the inspector', async () => {
      const run = await cli(
        [
          'sign',
          '--profile',
          'local-demo',
          '--url',
          url,
          '--sub',
          'ada@example.com',
          '--ver',
          '1.1',
          '--oauth-token-env',
          'OAUTH_TOKEN',
          '--connection-oauth-token-env',
          'warehouse=WAREHOUSE_TOKEN',
          '--json',
        ],
        env,
      );
      expect(run).toMatchObject({ code: 0, stderr: '' });
      const signed = JSON.parse(run.stdout) as { url: string; payload: Record<string, unknown> };
      const payload = jwt.verify(tokenOf(signed.url), demo.secret) as { oauth_token: string; connection_oauth_tokens: Record<string, string> };
      expect(sdkDecrypt(demo.secret, payload.oauth_token)).toBe(PLAIN_OAUTH);
      expect(sdkDecrypt(demo.secret, payload.connection_oauth_tokens.warehouse)).toBe(PLAIN_CONNECTION);
      expect(signed.payload).toMatchObject({ ver: '1.1', aud: 'sigmacomputing', oauth_token: payload.oauth_token });

      const { code, report } = await inspect(signed.url);
      expect(errorsOf(report)).toEqual([]);
      expect(code).toBe(0);
      // The inspector recorded the jti; a fresh token for the host.
      const again = await cli(
        ['sign', '--profile', 'local-demo', '--url', url, '--sub', 'ada@example.com', '--ver', '1.1', '--oauth-token-env', 'OAUTH_TOKEN'],
        env,
      );
      expect((await load(WORKBOOK, tokenOf(again.stdout.trim()))).status).toBe(200);
    });

    it('asks for ver 1.1, and for a variable that is set, before signing anything', async () => {
      const noVer = await cli(['sign', '--profile', 'local-demo', '--url', url, '--sub', 'ada@example.com', '--oauth-token-env', 'OAUTH_TOKEN'], env);
      expect(noVer).toMatchObject({ code: 1, stdout: '' });
      expect(noVer.stderr).toMatch(/only in a token with ver "1\.1".*set ver to 1\.1/);
      const unset = await cli([
        'sign',
        '--profile',
        'local-demo',
        '--url',
        url,
        '--sub',
        'ada@example.com',
        '--ver',
        '1.1',
        '--oauth-token-env',
        'NOT_SET_HERE',
      ]);
      expect(unset).toMatchObject({ code: 2, stdout: '' });
      expect(unset.stderr).toMatch(/NOT_SET_HERE.*not set here; export the OAuth token in it/);
    });

    it('keeps them out of the history, the response and every file (the core, as the app calls it)', async () => {
      const core: EmbedConsoleApi = openHome({ EMBED_CONSOLE_HOME: home }, { notify: () => {} }).core;
      const signed = await core['token:sign']({
        profile: 'local-demo',
        url,
        claims: { sub: 'ada@example.com', ver: '1.1' },
        remember: true,
        oauth: { token: PLAIN_OAUTH, connections: { warehouse: PLAIN_CONNECTION } },
      });
      expect(signed.ok).toBe(true);
      outputs.push(JSON.stringify(signed), JSON.stringify(await core['history:list']({})));
    });

    it('never shows a plaintext OAuth token: not in output, a page, a response or a file', () => {
      const everything = [...outputs, readTreeButDemoSecrets(home)].join('\n');
      expect(everything).toContain('local-demo');
      expect(everything).not.toContain(PLAIN_OAUTH);
      expect(everything).not.toContain(PLAIN_CONNECTION);
    });
  });

  describe('other rules', () => {
    it('refuses an iss other than the client id: the inspector exits 1, the host says EINVAL', async () => {
      const token = v11({ iss: 'someone-else' });
      const { code, report } = await inspect(token);
      expect(errorsOf(report)).toEqual(['ISS_NOT_KID']);
      expect(code).toBe(1);
      expect((await load(WORKBOOK, v11({ iss: 'someone-else' }))).status).toBe(400);
    });

    it("refuses an unknown URL option with EINVAL, and loads one known only from Sigma's samples, with a note", async () => {
      const unknown = await load(WORKBOOK, v11({}), '&:colour=red');
      expect(unknown.status).toBe(400);
      expect(unknown.html).toMatch(/EINVAL[\s\S]*:colour/);
      const sample = await load(WORKBOOK, v11({}), '&:hide_title=true&:bookmark=b1&:explore=e1');
      expect(sample.status).toBe(200);
      expect(sample.html).toContain('URL_OPTION_UNVERIFIED');
      expect(sample.html).toContain('URL_BOOKMARK_AND_EXPLORE');
      const { code } = await inspect(`${host.url}${WORKBOOK}?:jwt=${v11({})}&:embed=true&:colour=red`);
      expect(code).toBe(1);
    });

    it.each([
      ['"!!" inserted', (s: string) => `${s.slice(0, 8)}!!${s.slice(8)}`],
      ['a trailing "="', (s: string) => `${s}=`],
      ['"~~~" appended', (s: string) => `${s}~~~`],
      ['a space inserted', (s: string) => `${s.slice(0, 8)} ${s.slice(8)}`],
    ])('does not verify a signature with %s, in the inspector or the host', async (_, change) => {
      const [header, payload, signature] = v11({}).split('.');
      const changed = `${header}.${payload}.${change(signature)}`;
      const { code, report } = await inspect(changed);
      expect(report.signature.valid).toBe(false);
      expect(code).not.toBe(0);
      const page = await load(WORKBOOK, encodeURIComponent(changed));
      expect(page.status).toBe(400);
    });

    it('opens the demo data model, tagged, one page, as a workbook is drawn', async () => {
      const page = await load(`${DATA_MODEL}/tag/certified/page/model`, v11({}));
      expect(page.status).toBe(200);
      expect(page.html).toContain('Sales Model');
      expect(page.html).toContain('DATA_MODEL_URL_UNCERTAIN');
      const missing = await load('/demo/data-model/Nope-123', v11({}));
      expect(missing.status).toBe(404);
      expect(missing.html).toContain(DATA_MODEL);
    });

    it('accepts a tenant claim, noting that Sigma leaves it undescribed', async () => {
      const { code, report } = await inspect(v11({ tenant: 'org-1234' }));
      expect(report.findings.map((f) => [f.code, f.severity])).toContainEqual(['TENANT_UNCERTAIN', 'info']);
      expect(code).toBe(0);
      expect((await load(WORKBOOK, v11({ tenant: 'org-1234' }))).status).toBe(200);
    });
  });
});
