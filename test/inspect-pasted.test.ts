/** Reading what a developer pastes into the inspector, and judging it: pure, no keychain, a fixed clock. */
import { describe, expect, it } from 'vitest';
import { analyzePasted } from '../shared/inspect';

const NOW = Date.UTC(2026, 10, 30, 12, 0, 0);
const NOW_S = NOW / 1000;
const APP = 'https://app.sigmacomputing.com';
const WORKBOOK = `${APP}/acme/workbook/Sales-1a2b3c`;

const b64 = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
const HEADER = { alg: 'HS256', typ: 'JWT', kid: 'client-1' };
const PAYLOAD = { sub: 'ada@example.com', iss: 'client-1', jti: 'j-1', iat: NOW_S - 10, exp: NOW_S + 3600 };
/** A token with a stand-in signature: analyzePasted verifies nothing. */
const tokenOf = (header: unknown = HEADER, payload: unknown = PAYLOAD) => `${b64(header)}.${b64(payload)}.c2lnbmF0dXJl`;
const TOKEN = tokenOf();

const analyze = (text: string, internal?: boolean) => analyzePasted(text, NOW, internal === undefined ? {} : { internal });
const codes = (text: string, internal?: boolean) => analyze(text, internal).findings.map((f) => f.code);
/** Every character percent-encoded, as an over-eager encoder writes it. */
const percentEncoded = (text: string) => [...Buffer.from(text)].map((byte) => `%${byte.toString(16).toUpperCase().padStart(2, '0')}`).join('');

describe('analyzePasted reads every form a token is pasted in', () => {
  it('reads a bare token: its header, its payload, and nothing wrong with it', () => {
    expect(analyze(TOKEN)).toEqual({ token: TOKEN, header: HEADER, payload: PAYLOAD, target: null, findings: [] });
  });

  it.each([
    ['leading and trailing spaces', `   ${TOKEN}   `],
    ['line breaks and tabs around it', `\n\t${TOKEN}\r\n\n`],
    ['a "Bearer " prefix', `Bearer ${TOKEN}`],
    ['a lower-case "bearer" prefix with several spaces', `bearer    ${TOKEN}`],
    ['a "Bearer" prefix with a tab, inside whitespace', `\n  Bearer\t${TOKEN}\n`],
    ['URL-encoding of every character', percentEncoded(TOKEN)],
    ['URL-encoding, surrounded by whitespace', `  ${percentEncoded(TOKEN)}\n`],
  ])('accepts %s', (_, pasted) => {
    const analysis = analyze(pasted);
    expect(analysis.token).toBe(TOKEN);
    expect(analysis.header).toEqual(HEADER);
    expect(analysis.payload).toEqual(PAYLOAD);
    expect(analysis.findings).toEqual([]);
  });

  it('finds the token inside an embed URL and parses the target, options and controls', () => {
    const analysis = analyze(`${WORKBOOK}?:jwt=${TOKEN}&:embed=true&:theme=Dark&:menu_position=top&Region=East,West&Store%20Name=A%26B`);
    expect(analysis.token).toBe(TOKEN);
    expect(analysis.payload).toEqual(PAYLOAD);
    expect(analysis.target).toEqual({
      origin: APP,
      org: 'acme',
      kind: 'workbook',
      workbookName: 'Sales',
      workbookUrlId: '1a2b3c',
      options: { ':theme': 'Dark', ':menu_position': 'top' },
      controls: { Region: ['East', 'West'], 'Store Name': ['A&B'] },
    });
    expect(analysis.findings).toEqual([]);
  });

  it.each([
    ['a page', `${WORKBOOK}/page/pG7x`, { kind: 'page', pageId: 'pG7x' }],
    ['an element', `${WORKBOOK}/element/eL9q`, { kind: 'element', elementId: 'eL9q' }],
    ['a tagged version', `${WORKBOOK}/tag/production`, { kind: 'workbook', tag: 'production' }],
    ['a page of a tagged version', `${WORKBOOK}/tag/v2/page/pG7x`, { kind: 'page', tag: 'v2', pageId: 'pG7x' }],
    ['Ask Sigma', `${APP}/acme/ask`, { kind: 'ask', org: 'acme' }],
    [
      'the local embed host',
      'http://127.0.0.1:5173/demo/workbook/Demo-abc/element/e1',
      { origin: 'http://127.0.0.1:5173', org: 'demo', kind: 'element', elementId: 'e1' },
    ],
  ])('parses the target of %s', (_, url, target) => {
    const analysis = analyze(`${url}?:embed=true&:jwt=${TOKEN}`);
    expect(analysis.target).toMatchObject(target);
    expect(analysis.token).toBe(TOKEN);
    expect(analysis.findings).toEqual([]);
  });

  it('finds a percent-encoded token inside a URL', () => {
    const analysis = analyze(`${WORKBOOK}?:jwt=${percentEncoded(TOKEN)}&:embed=true`);
    expect(analysis.token).toBe(TOKEN);
    expect(analysis.header).toEqual(HEADER);
  });

  it('finds the token in a URL pasted with whitespace and a "Bearer " prefix', () => {
    const analysis = analyze(`\n  Bearer ${WORKBOOK}?:jwt=${TOKEN}&:embed=true  \n`);
    expect(analysis.token).toBe(TOKEN);
    expect(analysis.target).toMatchObject({ org: 'acme', workbookUrlId: '1a2b3c' });
  });

  it('finds the token in a URL whose path is not a Sigma embed target, and says the path is wrong', () => {
    const analysis = analyze(`https://app.sigmacomputing.com/acme/folder/x?:embed=true&:jwt=${percentEncoded(TOKEN)}`);
    expect(analysis.token).toBe(TOKEN);
    expect(analysis.payload).toEqual(PAYLOAD);
    expect(analysis.target).toBeNull();
    expect(analysis.findings).toEqual([expect.objectContaining({ code: 'URL_NOT_SIGMA_PATH', severity: 'error', path: 'url' })]);
    expect(analysis.findings[0].message).toMatch(/is not a Sigma embed URL.*\/workbook\//);
  });

  it('finds the token in a URL with broken percent-encoding elsewhere, and says the URL is broken', () => {
    const analysis = analyze(`${WORKBOOK}?:jwt=${TOKEN}&:embed=true&Discount=100%`);
    expect(analysis.token).toBe(TOKEN);
    expect(analysis.findings.map((f) => [f.code, f.severity])).toEqual([['URL_INVALID', 'error']]);
    expect(analysis.findings[0].message).toMatch(/broken percent-encoding/);
  });
});

describe('analyzePasted: findings on the URL', () => {
  it('says a URL without :embed=true needs it, and still reads the token', () => {
    for (const query of [`?:jwt=${TOKEN}`, `?:jwt=${TOKEN}&:embed=false`]) {
      const analysis = analyze(WORKBOOK + query);
      expect(analysis.findings.map((f) => [f.code, f.severity, f.path])).toEqual([['URL_NO_EMBED', 'error', 'url.:embed']]);
      expect(analysis.findings[0].message).toContain(':embed=true');
      expect(analysis.payload).toEqual(PAYLOAD);
    }
    expect(analyze(`${WORKBOOK}?:jwt=${TOKEN}&:embed=false`).findings[0].message).toContain('it has :embed=false');
  });

  it('says a Sigma URL without :jwt has no token, and keeps its target', () => {
    const analysis = analyze(`${WORKBOOK}/page/p1?:embed=true&:theme=Dark`);
    expect(analysis.findings.map((f) => [f.code, f.severity, f.path])).toEqual([['URL_NO_JWT', 'error', 'url.:jwt']]);
    expect(analysis).toMatchObject({ header: null, payload: null, target: { kind: 'page', pageId: 'p1', options: { ':theme': 'Dark' } } });
    expect(analysis.token).toBeUndefined();
  });

  it('says a URL that is neither a Sigma path nor carries :jwt is wrong on both counts', () => {
    const analysis = analyze('https://example.com/dashboard?tab=2');
    expect(analysis.findings.map((f) => f.code)).toEqual(['URL_NOT_SIGMA_PATH', 'URL_NO_JWT']);
    expect(analysis.findings.every((f) => f.severity === 'error')).toBe(true);
    expect(analysis.header).toBeNull();
  });

  it.each([
    ['a host with a space', 'https://app sigmacomputing.com/acme/workbook/X-1?:jwt=a.b.c'],
    ['a scheme that is not http(s)', `ftp://app.sigmacomputing.com/acme/workbook/X-1?:jwt=${TOKEN}`],
    ['a scheme alone', 'https:'],
  ])('says %s is not a usable URL', (_, url) => {
    const analysis = analyze(url);
    expect(analysis.findings.map((f) => [f.code, f.severity, f.path])).toEqual([['URL_INVALID', 'error', 'url']]);
    expect(analysis).toMatchObject({ header: null, payload: null, target: null });
  });

  it('refuses unknown URL options, warns about legacy ones and notes unverified ones, naming each', () => {
    const analysis = analyze(`${WORKBOOK}?:jwt=${TOKEN}&:embed=true&:nonce=1&:ua_region=West&:hide_title=true&:colour=red`);
    expect(analysis.findings.map((f) => [f.code, f.severity, f.path])).toEqual([
      ['URL_OPTION_UNKNOWN', 'error', 'url.options'],
      ['URL_OPTION_LEGACY', 'warning', 'url.options'],
      ['URL_OPTION_UNVERIFIED', 'info', 'url.options'],
    ]);
    expect(analysis.findings[1].message).toContain(':nonce, :ua_region');
    expect(analysis.findings[2].message).toMatch(/:hide_title.*\[uncertain\]/);
    expect(analysis.findings[0].message).toContain(':colour');
    expect(analysis.target?.options).toEqual({ ':nonce': '1', ':ua_region': 'West', ':hide_title': 'true', ':colour': 'red' });
  });

  it('warns about a comma encoded as %2C in a control value, naming the control, and not about plain commas', () => {
    const analysis = analyze(`${WORKBOOK}?:jwt=${TOKEN}&:embed=true&Region=East%2CWest&Year=2024,2025&Store=a%2cb`);
    expect(analysis.findings.map((f) => [f.code, f.severity, f.path])).toEqual([['CONTROL_COMMA_ENCODED', 'warning', 'url.controls']]);
    expect(analysis.findings[0].message).toMatch(/^Region, Store: a comma is encoded as %2C/);
    expect(analysis.target?.controls).toEqual({ Region: ['East,West'], Year: ['2024', '2025'], Store: ['a,b'] });
    expect(codes(`${WORKBOOK}?:jwt=${TOKEN}&:embed=true&Region=East,West`)).toEqual([]);
  });
});

describe('analyzePasted: findings on the token', () => {
  it.each(['', '   ', '\n\t\r\n', ' \u00a0 '])('says there is nothing to inspect in %j', (pasted) => {
    const analysis = analyze(pasted);
    expect(analysis).toEqual({
      header: null,
      payload: null,
      target: null,
      findings: [{ code: 'INPUT_EMPTY', severity: 'error', message: expect.stringMatching(/Nothing to inspect/), path: 'input' }],
    });
  });

  it.each([
    ['one part', 'eyJhbGciOiJIUzI1NiJ9', /three dot-separated parts; this one has 1/],
    ['two parts', `${b64(HEADER)}.${b64(PAYLOAD)}`, /this one has 2/],
    ['four parts', `${TOKEN}.extra`, /this one has 4/],
    ['a header that is not base64url', `***.${b64(PAYLOAD)}.sig`, /header is not base64url-encoded JSON/],
    ['a header in plain base64 with padding', `${Buffer.from(JSON.stringify(HEADER)).toString('base64')}.${b64(PAYLOAD)}.sig`, /header is not base64url/],
    ['a payload that is base64 of text, not JSON', `${b64(HEADER)}.${b64('hello, world')}.sig`, /payload is not base64url-encoded JSON/],
    ['a payload of bytes that are not UTF-8', `${b64(HEADER)}.${Buffer.from([0xff, 0xfe, 0x7b, 0x7d]).toString('base64url')}.sig`, /payload is not base64url/],
    ['a header that is a JSON array', `${b64([1, 2])}.${b64(PAYLOAD)}.sig`, /header must be a JSON object/],
    ['a payload that is JSON null', `${b64(HEADER)}.${b64('null')}.sig`, /payload must be a JSON object/],
    ['a payload that is a JSON number', `${b64(HEADER)}.${b64('42')}.sig`, /payload must be a JSON object/],
    ['a payload that is a JSON string', `${b64(HEADER)}.${b64('"ada@example.com"')}.sig`, /payload must be a JSON object/],
    ['empty parts', '..', /header is not base64url/],
    ['a line break inside', `${TOKEN.slice(0, 30)}\n${TOKEN.slice(30)}`, /not base64url/],
    ['only the word "Bearer"', 'Bearer', /this one has 1/],
  ])('says a token with %s is malformed, and why', (_, pasted, why) => {
    const analysis = analyze(pasted);
    expect(analysis).toMatchObject({ header: null, payload: null, target: null });
    expect(analysis.findings).toEqual([{ code: 'TOKEN_MALFORMED', severity: 'error', message: expect.stringMatching(why), path: 'token' }]);
  });

  it('says a malformed token inside a URL is malformed, next to what is wrong with the URL', () => {
    const analysis = analyze(`${WORKBOOK}?:jwt=not-a-token&:nonce=1`);
    expect(analysis.findings.map((f) => f.code)).toEqual(['URL_NO_EMBED', 'TOKEN_MALFORMED', 'URL_OPTION_LEGACY']);
    expect(analysis.target).toMatchObject({ org: 'acme' });
    expect(analysis.header).toBeNull();
  });

  it('judges the token by Sigma’s rules at the time given', () => {
    const expired = tokenOf(HEADER, { ...PAYLOAD, iat: NOW_S - 7200, exp: NOW_S - 3600 });
    expect(codes(expired)).toEqual(['EXPIRED']);
    expect(analyzePasted(expired, NOW - 2 * 3600_000).findings).toEqual([]);
    expect(codes(tokenOf({ ...HEADER, alg: 'none' }))).toEqual(['ALG_NOT_HS256']);
    expect(codes(tokenOf({ alg: 'HS256' }, { ...PAYLOAD, iss: undefined }))).toEqual(['KID_MISSING']);
  });

  it('lists errors first, then warnings, each kind in the order found', () => {
    const token = tokenOf(HEADER, { ...PAYLOAD, jti: undefined, iss: 'someone-else' });
    const findings = analyze(`${WORKBOOK}?:jwt=${token}&Region=East%2CWest&:nonce=1`).findings;
    expect(findings.map((f) => [f.severity, f.code])).toEqual([
      ['error', 'URL_NO_EMBED'],
      ['error', 'JTI_MISSING'],
      ['error', 'ISS_NOT_KID'],
      ['warning', 'CONTROL_COMMA_ENCODED'],
      ['warning', 'URL_OPTION_LEGACY'],
    ]);
  });

  describe('for an internal user', () => {
    it('refuses every external-user claim, naming them', () => {
      const token = tokenOf(HEADER, {
        ...PAYLOAD,
        account_type: 'Pro',
        teams: ['Sales'],
        first_name: 'Ada',
        last_name: 'Lovelace',
        user_attributes: { region: 'West' },
      });
      const [finding, ...rest] = analyze(token, true).findings;
      expect(rest).toEqual([]);
      expect(finding).toMatchObject({ code: 'INTERNAL_USER_CLAIMS', severity: 'error', path: 'payload' });
      expect(finding.message).toMatch(/^account_type, teams, first_name, last_name, user_attributes cannot be sent for an internal user/);
      expect(finding.message).toContain('Cannot update account type for internal users');
      expect(finding.message).toMatch(/Leave them out\.$/);
    });

    it('refuses one external claim, even an empty one', () => {
      const finding = analyze(tokenOf(HEADER, { ...PAYLOAD, teams: [] }), true).findings[0];
      expect(finding).toMatchObject({ code: 'INTERNAL_USER_CLAIMS', severity: 'error' });
      expect(finding.message).toMatch(/^teams cannot be sent.*Leave it out\.$/);
    });

    it('finds nothing when the token carries no external claims, or the user is not internal', () => {
      expect(codes(TOKEN, true)).toEqual([]);
      const external = tokenOf(HEADER, { ...PAYLOAD, account_type: 'Pro', teams: ['Sales'] });
      expect(codes(external)).toEqual([]);
      expect(codes(external, false)).toEqual([]);
    });

    it('puts the claims error with the other errors, before warnings', () => {
      const token = tokenOf(HEADER, { ...PAYLOAD, iss: 'someone-else', account_type: 'Pro' });
      expect(codes(`${WORKBOOK}?:jwt=${token}&:embed=true&:colour=red&:nonce=1`, true)).toEqual([
        'URL_OPTION_UNKNOWN',
        'ISS_NOT_KID',
        'INTERNAL_USER_CLAIMS',
        'URL_OPTION_LEGACY',
      ]);
    });
  });
});
