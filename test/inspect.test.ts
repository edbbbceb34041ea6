/**
 * `embed-console inspect`, run as a user runs it: the built CLI, the real keychain, real files.
 * Tokens come from the console itself and from other tools (jsonwebtoken with Sigma's
 * quickstart options, tokens built by hand), signed with the stored secrets or a foreign one.
 */
import { spawn } from 'node:child_process';
import { createHmac, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import jwt from 'jsonwebtoken';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InspectReport } from '../shared/api';
import { CLI, readTree, runCli, tempHomes, type CliRun } from './support/cli';
import { hasKeychain } from './support/system';
import { makeToken, tokenOf } from './support/tokens';

const keychain = await hasKeychain();

const SECRET_A = `inspect-secret-a-${randomUUID()}`;
const SECRET_B = `inspect-secret-b-${randomUUID()}`;
const FOREIGN = `inspect-foreign-${randomUUID()}`;
const CLIENT_A = 'client-a';
const CLIENT_B = 'client-b';
const ORG = 'https://app.sigmacomputing.com/acme';
const WORKBOOK = `${ORG}/workbook/Sales-1a2b3c`;

const b64 = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
const nowSeconds = () => Math.floor(Date.now() / 1000);

/** A token built by hand: header and payload as given, signed HS256 with `secret` whatever the header says. */
function handBuilt(header: unknown, payload: unknown, secret?: string): string {
  const signingInput = `${b64(header)}.${b64(payload)}`;
  return `${signingInput}.${secret === undefined ? '' : createHmac('sha256', secret).update(signingInput).digest('base64url')}`;
}

/** A one-hour payload as Sigma's Node quickstart writes it. */
function quickstartClaims(clientId: string): Record<string, unknown> {
  const iat = nowSeconds();
  return { sub: 'ada@example.com', iss: clientId, jti: randomUUID(), iat, exp: iat + 3600, account_type: 'View', teams: ['Sales'] };
}

/** Signed the way Sigma's Node quickstart signs: jsonwebtoken, the secret as a string, keyid for kid. */
const quickstartToken = (secret = SECRET_A, clientId = CLIENT_A) => jwt.sign(quickstartClaims(clientId), secret, { algorithm: 'HS256', keyid: clientId });

const percentEncoded = (text: string) => [...Buffer.from(text)].map((byte) => `%${byte.toString(16).toUpperCase().padStart(2, '0')}`).join('');

/** A repeatable stream of pseudo-random bytes (mulberry32). */
function seededBytes(seed: number, length: number): Buffer {
  let state = seed >>> 0;
  const bytes = Buffer.alloc(length);
  for (let i = 0; i < length; i++) {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    bytes[i] = ((t ^ (t >>> 14)) >>> 0) & 0xff;
  }
  return bytes;
}

/**
 * Like runCli, for a stdin larger than the CLI reads: the CLI may stop reading and exit before
 * all of it is written, which is the point, so a broken pipe here is expected.
 */
function runCliWithLargeInput(args: string[], home: string, input: Buffer | string): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, EMBED_CONSOLE_HOME: home }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.stdin.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') reject(error);
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

/** What every refusal must look like: nothing on stdout, one line on stderr, no stack trace. */
function expectOneLineError(run: CliRun, code: number, pattern: RegExp) {
  expect(run.stdout).toBe('');
  expect(run.stderr).not.toMatch(/\n\s+at /);
  expect(run.stderr).toMatch(/^embed-console: /);
  expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(run.stderr).toMatch(pattern);
  expect(run.code).toBe(code);
}

const REPORT_KEYS = ['header', 'payload', 'signature', 'target', 'findings'];

describe.runIf(keychain)('embed-console inspect (real keychain)', () => {
  const homes = tempHomes();
  let home: string;
  const runs: CliRun[] = [];
  const reports: InspectReport[] = [];

  const cli = async (args: string[], input?: string) => {
    const run = await runCli(args, { home, input });
    runs.push(run);
    return run;
  };
  const inspect = (input: string, ...flags: string[]) => cli(['inspect', input, ...flags]);
  /** `inspect --json`: the run and its parsed report. */
  const inspectJson = async (input: string, ...flags: string[]) => {
    const run = await cli(['inspect', input, '--json', ...flags]);
    expect(run.stderr).toBe('');
    const report = JSON.parse(run.stdout) as InspectReport;
    reports.push(report);
    return { run, report };
  };
  const codesOf = (report: InspectReport) => report.findings.map((f) => f.code);
  /** Signs with the console; returns the signed embed URL and its token. */
  const consoleSigned = async (...args: string[]) => {
    const run = await cli(['sign', '--profile', 'alpha', '--url', 'workbook/Sales-1a2b3c', '--sub', 'ada@example.com', ...args]);
    expect(run.code).toBe(0);
    const url = run.stdout.trim();
    return { url, token: tokenOf(url) };
  };

  beforeAll(async () => {
    home = homes.newHome();
    const added = [
      await cli(['profile', 'add', 'alpha', '--client-id', CLIENT_A, '--base-url', ORG], `${SECRET_A}\n`),
      await cli(['profile', 'add', 'beta', '--client-id', CLIENT_B], `${SECRET_B}\n`),
    ];
    for (const run of added) expect(run.code).toBe(0);
  });
  afterAll(async () => {
    await homes.removeAll();
  });

  describe('a token the console signed', () => {
    it('verifies with the profile that signed it and exits 0', async () => {
      const { token } = await consoleSigned();
      const { run, report } = await inspectJson(token);
      expect(run.code).toBe(0);
      expect(report.header).toEqual({ alg: 'HS256', typ: 'JWT', kid: CLIENT_A });
      expect(report.payload).toMatchObject({ sub: 'ada@example.com', iss: CLIENT_A });
      expect(report.signature).toEqual({ valid: true, profile: 'alpha', reason: `Verified with the secret of profile "alpha" (client id "${CLIENT_A}").` });
      // Its only finding: the console recorded its jti when it signed it (information: it was not loaded).
      expect(codesOf(report)).toEqual(['JTI_KNOWN']);
      const readable = await inspect(token);
      expect(readable.stdout).toContain(
        `Signature\n  valid: Verified with the secret of profile "alpha" (client id "${CLIENT_A}").\nFindings (0 errors, 1 other)\n`,
      );
      expect(readable.code).toBe(0);
    });

    it('prints a readable report: target, header, payload, local dates, the verdict, then the findings, errors first', async () => {
      const { url } = await consoleSigned('--session-length', '720', '--account-type', 'View', '--team', 'Sales');
      const run = await inspect(`${url}&:nonce=1`, '--internal');
      expect(run.code).toBe(1);
      expect(run.stderr).toBe('');
      const out = run.stdout;
      const payload = jwt.decode(tokenOf(url)) as jwt.JwtPayload;
      const lines = out.split('\n');
      const sections = ['Target', 'Header', 'Payload', 'Times', 'Signature', 'Findings (1 error, 2 other)'].map((title) => lines.indexOf(title));
      expect(sections[0]).toBe(0);
      expect([...sections].sort((a, b) => a - b)).toEqual(sections);
      expect(new Set(sections).size).toBe(sections.length);
      expect(out).toContain(`  workbook ${WORKBOOK}\n  :nonce = 1\n`);
      expect(out).toContain(`    "kid": "${CLIENT_A}"`);
      expect(out).toContain(`    "sub": "ada@example.com"`);
      expect(out).toContain(`  iat  ${new Date(payload.iat! * 1000).toLocaleString()} (issued `);
      expect(out).toContain(`  exp  ${new Date(payload.exp! * 1000).toLocaleString()} (expires in 12 min)`);
      expect(out).toContain('Signature\n  valid: Verified with the secret of profile "alpha"');
      const findings = out.slice(out.indexOf('Findings (')).split('\n').slice(1).filter(Boolean);
      expect(findings.map((line) => /^ {2}(\w+)\s+(\w+) /.exec(line)?.slice(1))).toEqual([
        ['error', 'INTERNAL_USER_CLAIMS'],
        ['warning', 'URL_OPTION_LEGACY'],
        ['info', 'JTI_KNOWN'],
      ]);
    });

    it('tells an expired token by how long ago it expired', async () => {
      const now = nowSeconds();
      const token = makeToken({ secret: SECRET_A, kid: CLIENT_A, claims: { iat: now - 4 * 3600, exp: now - 3 * 3600 } });
      const run = await inspect(token);
      expect(run.code).toBe(1);
      expect(run.stdout).toContain(`  exp  ${new Date((now - 3 * 3600) * 1000).toLocaleString()} (expired 3 h ago)`);
      expect(run.stdout).toMatch(/ {2}error {3}EXPIRED {2}payload\.exp: The token expired 3 h ago/);
    });

    it('says a token changed after signing does not verify', async () => {
      const { token } = await consoleSigned();
      const [header, , signature] = token.split('.');
      const changed = `${header}.${b64({ ...(jwt.decode(token) as object), sub: 'mallory@example.com' })}.${signature}`;
      const { run, report } = await inspectJson(changed);
      expect(run.code).toBe(1);
      expect(report.signature).toMatchObject({ valid: false, profile: null });
      expect(report.findings).toContainEqual(expect.objectContaining({ code: 'SIGNATURE_INVALID', severity: 'error' }));
    });
  });

  describe('tokens made by other tools', () => {
    it('verifies a jsonwebtoken token signed with the quickstart’s options, finding nothing wrong', async () => {
      const token = quickstartToken();
      const { run, report } = await inspectJson(token);
      expect(report.header).toEqual({ alg: 'HS256', typ: 'JWT', kid: CLIENT_A });
      expect(report.payload).toEqual(jwt.decode(token));
      expect(report.signature).toMatchObject({ valid: true, profile: 'alpha' });
      expect(report.findings).toEqual([]);
      expect(run.code).toBe(0);
      const readable = await inspect(quickstartToken());
      expect(readable.code).toBe(0);
      expect(readable.stdout).toMatch(/\nFindings\n {2}none: Sigma should accept this token\.\n$/);
    });

    it('verifies a token without alg, which Sigma allows', async () => {
      const { run, report } = await inspectJson(handBuilt({ kid: CLIENT_A }, quickstartClaims(CLIENT_A), SECRET_A));
      expect(report.signature).toMatchObject({ valid: true, profile: 'alpha' });
      expect(report.findings).toEqual([]);
      expect(run.code).toBe(0);
    });

    it.each([
      ['a hand-built alg "none" token', () => makeToken({ secret: '', kid: CLIENT_A, alg: 'none' }), /alg "none"/],
      [
        'an alg "none" token carrying a valid HS256 signature',
        () => handBuilt({ alg: 'none', kid: CLIENT_A }, quickstartClaims(CLIENT_A), SECRET_A),
        /alg "none"/,
      ],
      ['an HS512 token signed with a stored secret', () => makeToken({ secret: SECRET_A, kid: CLIENT_A, alg: 'HS512' }), /alg "HS512"/],
      ['an HS512 header over a valid HS256 signature', () => handBuilt({ alg: 'HS512', kid: CLIENT_A }, quickstartClaims(CLIENT_A), SECRET_A), /alg "HS512"/],
    ])('never calls %s valid', async (_, make, reason) => {
      const { run, report } = await inspectJson(make());
      expect(report.signature.valid).toBe(false);
      expect(report.signature.profile).toBeNull();
      expect(report.signature.reason).toMatch(reason);
      expect(report.findings[0]).toMatchObject({ code: 'ALG_NOT_HS256', severity: 'error', path: 'header.alg' });
      expect(run.code).toBe(1);
    });

    it('says which stored secret made an HS512 token with no kid, and that Sigma refuses HS512, with no "undefined"', async () => {
      const token = makeToken({ secret: SECRET_A, kid: undefined, alg: 'HS512', claims: { iss: CLIENT_A } });
      const { run, report } = await inspectJson(token);
      expect(report.signature).toEqual({
        valid: false,
        profile: null,
        reason: `Signed with the secret of profile "alpha" (client id "${CLIENT_A}"), but the token says alg "HS512", and Sigma accepts only HS256, so Sigma refuses it whatever the secret: sign it again with HS256 (Embed Console does).`,
      });
      expect(report.findings.map((f) => f.code)).toContain('ALG_NOT_HS256');
      for (const f of report.findings) expect(f.message).not.toMatch(/undefined|NaN/);
      const readable = await inspect(token);
      expect(readable.stdout).not.toMatch(/undefined|NaN/);
      expect(run.code).toBe(1);
    });

    it('checks an HS384 token only with the profile chosen, as an HS256 one is: another profile that made it is not named', async () => {
      const token = makeToken({ secret: SECRET_B, kid: CLIENT_B, alg: 'HS384' });
      expect((await inspectJson(token)).report.signature.reason).toMatch(/^Signed with the secret of profile "beta" .*alg "HS384"/);
      const chosen = await inspectJson(token, '--profile', 'alpha');
      expect(chosen.report.signature.reason).toBe(
        'Not verified: the token says alg "HS384", and Sigma accepts only HS256, so Sigma refuses it whatever the secret; no stored secret made its signature either.',
      );
    });

    it('tries every profile for a token with no kid, names the one that verifies, and says the kid is missing', async () => {
      const { run, report } = await inspectJson(makeToken({ secret: SECRET_B }));
      expect(report.header).not.toHaveProperty('kid');
      expect(report.signature).toEqual({
        valid: true,
        profile: 'beta',
        reason: `Verified with the secret of profile "beta" (client id "${CLIENT_B}"); the token has no kid: set kid to "${CLIENT_B}".`,
      });
      expect(report.findings).toEqual([expect.objectContaining({ code: 'KID_MISSING', severity: 'error', path: 'header.kid' })]);
      expect(run.code).toBe(1);
    });

    it('names the profile that verifies a token with an unknown kid, and the fix', async () => {
      const { run, report } = await inspectJson(makeToken({ secret: SECRET_B, kid: 'client-unknown' }));
      expect(report.signature).toMatchObject({ valid: true, profile: 'beta' });
      expect(report.findings).toEqual([expect.objectContaining({ code: 'KID_NOT_SIGNER', severity: 'error', path: 'header.kid' })]);
      expect(report.findings[0].message).toMatch(/kid "client-unknown" is no profile's client id.*verifies with profile "beta"; set kid to "client-b"\./);
      expect(run.code).toBe(1);
    });

    it('says a token with the kid of one profile but the secret of another would be checked against the wrong secret', async () => {
      const { run, report } = await inspectJson(makeToken({ secret: SECRET_B, kid: CLIENT_A }));
      expect(report.signature).toMatchObject({ valid: true, profile: 'beta' });
      expect(codesOf(report)).toEqual(['KID_NOT_SIGNER']);
      expect(report.findings[0].message).toMatch(
        /kid "client-a" is the client id of profile "alpha", but the token was signed with the secret of profile "beta".*set kid to "client-b"\./,
      );
      expect(run.code).toBe(1);
    });

    it('does not verify a token signed with a foreign secret', async () => {
      const known = await inspectJson(makeToken({ secret: FOREIGN, kid: CLIENT_A }));
      expect(known.report.signature).toMatchObject({ valid: false, profile: null });
      expect(known.report.signature.reason).toMatch(/does not verify with the secret of profile "alpha".*nor any other stored secret/);
      expect(known.report.findings).toEqual([expect.objectContaining({ code: 'SIGNATURE_INVALID', severity: 'error' })]);
      expect(known.run.code).toBe(1);

      const unknown = await inspectJson(makeToken({ secret: FOREIGN, kid: 'client-elsewhere' }));
      expect(unknown.report.signature).toMatchObject({ valid: false, profile: null });
      expect(unknown.report.findings).toEqual([expect.objectContaining({ code: 'KID_UNKNOWN', severity: 'error', path: 'header.kid' })]);
      expect(unknown.report.findings[0].message).toContain('no profile has client id "client-elsewhere"');
      expect(unknown.run.code).toBe(1);
    });
  });

  describe('--profile', () => {
    it('verifies with the profile given', async () => {
      const { run, report } = await inspectJson(makeToken({ secret: SECRET_B, kid: CLIENT_A }), '--profile', 'beta');
      expect(report.signature).toMatchObject({ valid: true, profile: 'beta' });
      expect(codesOf(report)).toEqual(['KID_NOT_SIGNER']);
      expect(run.code).toBe(1);
    });

    it('does not call a token valid when the profile given did not sign it', async () => {
      // Signed with alpha's secret; the user asks whether beta's credentials verify it.
      const { run, report } = await inspectJson(quickstartToken(SECRET_A, CLIENT_A), '--profile', 'beta');
      expect(report.signature.valid).toBe(false);
      expect(report.signature.reason).toContain('"beta"');
      expect(report.findings.some((f) => f.severity === 'error')).toBe(true);
      expect(run.code).toBe(1);
    });

    it('names an unknown profile in a one-line error', async () => {
      const run = await inspect(quickstartToken(), '--profile', 'nobody');
      expect([1, 2]).toContain(run.code);
      expectOneLineError(run, run.code!, /No profile named "nobody"/);
    });

    it('names an unknown profile even when the token is not HS256', async () => {
      const run = await inspect(makeToken({ secret: SECRET_A, kid: CLIENT_A, alg: 'HS512' }), '--profile', 'nobody');
      expect([1, 2]).toContain(run.code);
      expectOneLineError(run, run.code!, /No profile named "nobody"/);
    });
  });

  describe('input forms', () => {
    it.each([
      ['surrounding whitespace and line breaks', (t: string) => `\n  \t${t}  \r\n`],
      ['a "Bearer " prefix', (t: string) => `Bearer ${t}`],
      ['a URL-encoded token', (t: string) => percentEncoded(t)],
    ])('accepts %s', async (_, form) => {
      const token = quickstartToken();
      const { run, report } = await inspectJson(form(token));
      expect(report.payload).toEqual(jwt.decode(token));
      expect(report.signature).toMatchObject({ valid: true, profile: 'alpha' });
      expect(run.code).toBe(0);
    });

    it('reads "-" from standard input, a URL with a line break after it', async () => {
      const token = quickstartToken();
      const run = await cli(['inspect', '-', '--json'], `${WORKBOOK}?:jwt=${token}&:embed=true\n`);
      const report = JSON.parse(run.stdout) as InspectReport;
      reports.push(report);
      expect(report.payload).toEqual(jwt.decode(token));
      expect(report.signature).toMatchObject({ valid: true, profile: 'alpha' });
      expect(report.target).toMatchObject({ org: 'acme', workbookUrlId: '1a2b3c' });
      expect(run.code).toBe(0);
      const readable = await cli(['inspect', '-'], `Bearer ${quickstartToken()}\n`);
      expect(readable.stdout).toContain('Signature\n  valid: Verified with the secret of profile "alpha"');
      expect(readable.code).toBe(0);
    });

    it('parses a whole embed URL: org, workbook, tag, page, options and controls', async () => {
      const { run, report } = await inspectJson(
        `${WORKBOOK}/tag/v2/page/pG7x?:jwt=${quickstartToken()}&:embed=true&:theme=Dark&:lng=fr-ca&Region=East,West&Store%20Name=A%26B`,
      );
      expect(report.target).toEqual({
        origin: 'https://app.sigmacomputing.com',
        org: 'acme',
        kind: 'page',
        workbookName: 'Sales',
        workbookUrlId: '1a2b3c',
        tag: 'v2',
        pageId: 'pG7x',
        options: { ':theme': 'Dark', ':lng': 'fr-ca' },
        controls: { Region: ['East', 'West'], 'Store Name': ['A&B'] },
      });
      expect(report.findings).toEqual([]);
      expect(run.code).toBe(0);

      const element = await inspectJson(`${WORKBOOK}/element/eL9q?:embed=true&:jwt=${quickstartToken()}`);
      expect(element.report.target).toMatchObject({ kind: 'element', elementId: 'eL9q', options: {}, controls: {} });
      expect(element.run.code).toBe(0);
    });
  });

  describe('findings on URLs', () => {
    it('needs :embed=true', async () => {
      const { run, report } = await inspectJson(`${WORKBOOK}?:jwt=${quickstartToken()}`);
      expect(codesOf(report)).toEqual(['URL_NO_EMBED']);
      expect(report.signature).toMatchObject({ valid: true, profile: 'alpha' });
      expect(run.code).toBe(1);
    });

    it('says a URL without :jwt has no token: a report with --json, else a one-line error; exit 2 either way', async () => {
      const url = `${WORKBOOK}/page/p1?:embed=true`;
      const { run, report } = await inspectJson(url);
      expect(report).toMatchObject({ header: null, payload: null, signature: { valid: false, profile: null }, target: { kind: 'page', pageId: 'p1' } });
      expect(codesOf(report)).toEqual(['URL_NO_JWT']);
      expect(run.code).toBe(2);
      expectOneLineError(await inspect(url), 2, /no :jwt parameter/);
    });

    it('warns about legacy options, which alone still exit 0, and calls an unknown one an error, as Sigma refuses it', async () => {
      const legacy = await inspectJson(`${WORKBOOK}?:jwt=${quickstartToken()}&:embed=true&:nonce=1&:email=ada@example.com`);
      expect(legacy.report.findings.map((f) => [f.code, f.severity])).toEqual([['URL_OPTION_LEGACY', 'warning']]);
      expect(legacy.report.findings[0].message).toContain(':nonce, :email');
      expect(legacy.report.findings[0].message).toContain('deprecated on August 4, 2025');
      expect(legacy.run.code).toBe(0);
      const { run, report } = await inspectJson(`${WORKBOOK}?:jwt=${quickstartToken()}&:embed=true&:colour=red`);
      expect(report.findings.map((f) => [f.code, f.severity])).toEqual([['URL_OPTION_UNKNOWN', 'error']]);
      expect(report.findings[0].message).toMatch(/^:colour: .*\(EINVAL\)/);
      expect(run.code).toBe(1);
    });

    it('warns about a comma encoded as %2C in a control value', async () => {
      const { run, report } = await inspectJson(`${WORKBOOK}?:jwt=${quickstartToken()}&:embed=true&Region=East%2CWest`);
      expect(report.findings).toEqual([expect.objectContaining({ code: 'CONTROL_COMMA_ENCODED', severity: 'warning', path: 'url.controls' })]);
      expect(report.findings[0].message).toMatch(/^Region: /);
      expect(report.target?.controls).toEqual({ Region: ['East,West'] });
      expect(run.code).toBe(0);
    });

    it('says a path that is not a Sigma embed target is wrong, and still verifies the token it carries', async () => {
      const { run, report } = await inspectJson(`https://app.sigmacomputing.com/acme/folder/Sales?:jwt=${quickstartToken()}&:embed=true`);
      expect(codesOf(report)).toEqual(['URL_NOT_SIGMA_PATH']);
      expect(report.target).toBeNull();
      expect(report.signature).toMatchObject({ valid: true, profile: 'alpha' });
      expect(run.code).toBe(1);
    });
  });

  it('with --internal, refuses external-user claims, which are fine otherwise', async () => {
    const token = quickstartToken();
    const external = await inspectJson(token);
    expect(external.run.code).toBe(0);
    const internal = await inspectJson(token, '--internal');
    expect(internal.report.findings[0]).toMatchObject({ code: 'INTERNAL_USER_CLAIMS', severity: 'error', path: 'payload' });
    expect(internal.report.findings[0].message).toMatch(/^account_type, teams cannot be sent for an internal user/);
    expect(internal.run.code).toBe(1);
  });

  describe('the jti ledger', () => {
    it('says, without warning, that a token the console signed was signed here, when and with which profile', async () => {
      const before = Date.now();
      const { token } = await consoleSigned();
      const after = Date.now();
      const { report } = await inspectJson(token);
      const jti = (jwt.decode(token) as jwt.JwtPayload).jti!;
      expect(codesOf(report)).not.toContain('JTI_SEEN');
      const seen = report.findings.find((f) => f.code === 'JTI_KNOWN');
      expect(seen).toMatchObject({ severity: 'info', path: 'payload.jti' });
      const match = new RegExp(`^jti ${jti} was signed here at (\\S+) \\(signed with profile "alpha"\\);`).exec(seen!.message);
      expect(match).not.toBeNull();
      const when = Date.parse(match![1]);
      expect(when).toBeGreaterThanOrEqual(before);
      expect(when).toBeLessThanOrEqual(after);
    });

    it('does not warn the second time a foreign token is inspected: inspecting uses nothing up', async () => {
      const token = makeToken({ secret: FOREIGN, kid: 'client-elsewhere' });
      const first = await inspectJson(token);
      expect(codesOf(first.report)).not.toContain('JTI_KNOWN');
      const second = await inspectJson(token);
      expect(codesOf(second.report)).not.toContain('JTI_SEEN');
      expect(second.report.findings.find((f) => f.code === 'JTI_KNOWN')!.message).toMatch(/was inspected here before at \S+ \(inspected in Embed Console\)/);
    });

    it('journals the jti and expiry of tokens signed and inspected in the data dir, never the token', async () => {
      const { token: signed } = await consoleSigned();
      const inspected = quickstartToken();
      expect((await inspect(inspected)).code).toBe(0);
      // A journal: one JSON line per jti.
      const entries = readFileSync(join(home, 'ledger.jsonl'), 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as { jti: string; exp: number });
      for (const token of [signed, inspected]) {
        const { jti, exp } = jwt.decode(token) as jwt.JwtPayload;
        expect(entries).toContainEqual(expect.objectContaining({ jti, exp }));
      }
      const everything = readTree(home);
      for (const token of [signed, inspected]) {
        expect(everything).not.toContain(token);
        expect(everything).not.toContain(token.split('.')[2]);
      }
    });
  });

  describe('garbage', () => {
    const garbage: Array<[string, string]> = [
      ['empty input', ''],
      ['whitespace only', ' \n\t \r\n '],
      ['text that is not base64', 'this is not a token'],
      ['three parts that are not base64', '***.%%%.!!!'],
      ['base64 of text that is not JSON', `${b64('hello')}.${b64('world')}.c2ln`],
      ['JSON that is not an object', `${b64('[1,2,3]')}.${b64('"ada"')}.c2ln`],
      ['a lone "Bearer "', 'Bearer '],
      ['a URL that is not one', 'https://app sigmacomputing.com/acme/workbook/X-1?:jwt=a.b.c'],
      ['a URL broken across lines that is not one', 'https://app sigmacomputing.com/acme/\nworkbook/X-1?:jwt=a.b.c'],
      ['a non-Sigma URL broken across lines, without a token', 'https://app.sigmacomputing.com/acme/fol\nder?:embed=true'],
    ];

    it.each(garbage)('refuses %s with exit 2 and one line, or a coded report with --json', async (_, input) => {
      const [plain, json] = await Promise.all([inspect(input), cli(['inspect', input, '--json'])]);
      expectOneLineError(plain, 2, /\S/);
      expect(json.code).toBe(2);
      expect(json.stderr).toBe('');
      const report = JSON.parse(json.stdout) as InspectReport;
      reports.push(report);
      expect(report).toMatchObject({ header: null, payload: null, signature: { valid: false, profile: null } });
      expect(report.findings[0]).toMatchObject({ code: expect.stringMatching(/^[A-Z][A-Z0-9_]*$/), severity: 'error' });
    });

    it('reports a token whose claims nest 6,000 levels deep, rather than failing unexpectedly', async () => {
      const deep = `${'['.repeat(6000)}${']'.repeat(6000)}`;
      const now = nowSeconds();
      for (const claim of [`"x":${deep}`, `"iss":${deep}`]) {
        const payload = `{"sub":"ada@example.com","jti":"${randomUUID()}","iat":${now},"exp":${now + 3600},${claim}}`;
        const token = `${b64({ alg: 'HS256', kid: CLIENT_A })}.${b64(payload)}.c2ln`;
        const plain = await inspect(token);
        const json = await cli(['inspect', token, '--json']);
        for (const run of [plain, json]) {
          expect(run.stderr).not.toMatch(/unexpected error/i);
          expect(run.stderr).not.toMatch(/\n\s+at /);
          expect([1, 2]).toContain(run.code);
        }
        expect((JSON.parse(json.stdout) as InspectReport).findings.some((f) => f.severity === 'error')).toBe(true);
      }
    });

    it('refuses a 2 MB paste on standard input with one line', async () => {
      const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
      const body = [...seededBytes(2, 2_000_000)].map((byte) => alphabet[byte & 63]).join('');
      const paste = `eyJ${body.slice(0, 1_000_000)}.${body.slice(1_000_000)}.c2ln`;
      const run = await cli(['inspect', '-'], paste);
      expectOneLineError(run, 2, /not base64url-encoded JSON/);
    });

    it('refuses random binary bytes on standard input with one line', async () => {
      const bytes = seededBytes(7, 65_536);
      const run = await runCliWithLargeInput(['inspect', '-'], home, bytes);
      runs.push(run);
      expectOneLineError(run, 2, /\S/);
      const json = await runCliWithLargeInput(['inspect', '-', '--json'], home, bytes);
      expect(json.code).toBe(2);
      expect((JSON.parse(json.stdout) as InspectReport).findings[0]).toMatchObject({ code: expect.stringMatching(/^[A-Z][A-Z0-9_]*$/), severity: 'error' });
    });

    it('refuses a 5 MB paste on standard input as a usage error', async () => {
      const run = await runCliWithLargeInput(['inspect', '-'], home, 'A'.repeat(5_000_000));
      runs.push(run);
      expectOneLineError(run, 2, /Standard input is over 4000000 characters/);
    });

    it('exits 2 for a missing argument or an unknown option', async () => {
      const missing = await cli(['inspect']);
      expect(missing.code).toBe(2);
      expect(missing.stderr).toMatch(/missing required argument/);
      expect(missing.stderr).not.toMatch(/\n\s+at /);
      const unknown = await cli(['inspect', quickstartToken(), '--frobnicate']);
      expect(unknown.code).toBe(2);
      expect(unknown.stderr).toMatch(/unknown option '--frobnicate'/);
    });
  });

  it('prints exactly {header, payload, signature: {valid, profile, reason}, target, findings} with --json', () => {
    expect(reports.length).toBeGreaterThan(30);
    for (const report of reports) {
      expect(Object.keys(report)).toEqual(REPORT_KEYS);
      expect(Object.keys(report.signature).sort()).toEqual(['profile', 'reason', 'valid']);
      expect(typeof report.signature.valid).toBe('boolean');
      expect(typeof report.signature.reason).toBe('string');
      for (const finding of report.findings) {
        expect(Object.keys(finding).sort()).toEqual(['code', 'message', 'path', 'severity']);
        expect(['error', 'warning', 'info']).toContain(finding.severity);
        expect(finding.code).toMatch(/^[A-Z][A-Z0-9_]*$/);
        expect(finding.message.length).toBeGreaterThan(0);
      }
      const ranks = report.findings.map((f) => ['error', 'warning', 'info'].indexOf(f.severity));
      expect([...ranks].sort((a, b) => a - b)).toEqual(ranks);
    }
  });

  it('never shows a secret: not on stdout, stderr, nor in the data dir', () => {
    expect(runs.length).toBeGreaterThan(50);
    for (const run of runs) {
      for (const secret of [SECRET_A, SECRET_B, FOREIGN]) expect(run.stdout + run.stderr).not.toContain(secret);
    }
    const everything = readTree(home);
    for (const secret of [SECRET_A, SECRET_B, FOREIGN]) expect(everything).not.toContain(secret);
  });
});
