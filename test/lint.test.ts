/** Sigma's rules over a token and its URL: each rule, broken and kept. */
import { describe, expect, it } from 'vitest';
import { lintOptions, lintToken, lintUrl } from '../shared/lint';
import { parseEmbedUrl } from '../shared/target';

const NOW = Date.UTC(2026, 10, 30, 12, 0, 0);
const NOW_S = NOW / 1000;
const header = { alg: 'HS256', typ: 'JWT', kid: 'client-1' };
const payload = { sub: 'ada@example.com', iss: 'client-1', jti: 'j-1', iat: NOW_S - 10, exp: NOW_S + 3600 };

const codes = (h: Record<string, unknown>, p: Record<string, unknown>, now = NOW) => lintToken({ header: h, payload: p }, now).map((f) => f.code);
const urlCodes = (url: string) => lintUrl(parseEmbedUrl(url)).map((f) => f.code);
const WORKBOOK = 'https://app.sigmacomputing.com/acme/workbook/Sales-1a2b';
/** The shape Sigma's SDK encrypts to (salt.iv.tag.ciphertext); whether it decrypts is main's to check. */
const ENCRYPTED = `${'A'.repeat(22)}==.${'B'.repeat(16)}.${'C'.repeat(22)}==.ZGF0YQ==`;
const V11 = { ...payload, ver: '1.1', aud: 'sigmacomputing' };

describe('lintToken', () => {
  it('finds nothing wrong with a token the signer makes', () => {
    expect(lintToken({ header, payload }, NOW)).toEqual([]);
  });

  it.each([
    ['ALG_NOT_HS256', { ...header, alg: 'none' }, payload],
    ['ALG_NOT_HS256', { ...header, alg: 'RS256' }, payload],
    ['KID_MISSING', { alg: 'HS256' }, payload],
    ['KID_MISSING', { ...header, kid: '' }, payload],
    ['SUB_MISSING', header, { ...payload, sub: undefined }],
    ['SUB_INVALID', header, { ...payload, sub: 'ada example.com' }],
    ['SUB_INVALID', header, { ...payload, sub: 'ada_l@example.com' }],
    ['JTI_MISSING', header, { ...payload, jti: undefined }],
    ['IAT_MISSING', header, { ...payload, iat: '1700000000' }],
    ['EXP_MISSING', header, { ...payload, exp: undefined }],
    ['EXP_BEFORE_IAT', header, { ...payload, exp: payload.iat }],
    ['SESSION_TOO_LONG', header, { ...payload, exp: payload.iat + 2_592_001 }],
    ['VER_INVALID', header, { ...payload, ver: '2.0' }],
    ['AUD_INVALID', header, { ...payload, ver: '1.1' }],
    ['AUD_INVALID', header, { ...payload, ver: '1.1', aud: 'https://sigmacomputing.com/iam' }],
    ['OAUTH_WITHOUT_V11', header, { ...payload, oauth_token: ENCRYPTED }],
    ['OAUTH_WITHOUT_V11', header, { ...payload, connection_oauth_tokens: { c1: ENCRYPTED } }],
    ['CLAIM_TYPE', header, { ...V11, oauth_token: 12345 }],
    ['CLAIM_TYPE', header, { ...V11, connection_oauth_tokens: ENCRYPTED }],
    ['CLAIM_TYPE', header, { ...V11, connection_oauth_tokens: { c1: ENCRYPTED, c2: 7 } }],
    ['CLAIM_TYPE', header, { ...V11, connection_oauth_tokens: [ENCRYPTED] }],
    ['CLAIM_TYPE', header, { ...payload, tenant: 42 }],
    ['OAUTH_TOKEN_PLAINTEXT', header, { ...V11, oauth_token: 'ya29.a0AfH6SMplaintext' }],
    ['OAUTH_TOKEN_PLAINTEXT', header, { ...V11, connection_oauth_tokens: { c1: ENCRYPTED, c2: 'dapi0123456789abcdef' } }],
    ['TENANT_UNCERTAIN', header, { ...payload, tenant: 'org-1234' }],
    ['CLAIM_TYPE', header, { ...payload, teams: 'Sales' }],
    ['CLAIM_TYPE', header, { ...payload, user_attributes: { region: 3 } }],
    ['CLAIM_TYPE', header, { ...payload, account_type: ['Pro'] }],
    ['ISS_NOT_KID', header, { ...payload, iss: 'someone-else' }],
    ['IAT_IN_FUTURE', header, { ...payload, iat: NOW_S + 600, exp: NOW_S + 4200 }],
    ['EXPIRED', header, { ...payload, iat: NOW_S - 7200, exp: NOW_S - 3600 }],
  ])('reports %s', (code, h, p) => {
    expect(codes(h, p)).toContain(code);
  });

  it('accepts what Sigma accepts at the edges', () => {
    expect(codes({ typ: 'JWT', kid: 'client-1' }, payload)).toEqual([]); // alg is optional
    expect(codes(header, { ...payload, exp: payload.iat + 2_592_000 })).toEqual([]);
    expect(codes(header, { ...V11, oauth_token: ENCRYPTED, connection_oauth_tokens: { c1: ENCRYPTED } })).toEqual([]);
    expect(codes(header, { ...payload, ver: '1.0' })).toEqual([]);
    expect(codes(header, { ...payload, iss: undefined })).toEqual([]);
    expect(codes(header, { ...payload, iat: NOW_S + 30, exp: NOW_S + 3630 })).toEqual([]); // small clock skew
    expect(codes(header, { ...payload, teams: ['A'], user_attributes: { region: 'West' }, account_type: 'Pro' })).toEqual([]);
  });

  it('reports a missing sub once, not also as an invalid one', () => {
    expect(codes(header, { ...payload, sub: '' })).toEqual(['SUB_MISSING']);
  });

  it('orders findings the way Sigma checks, errors with their severity and path', () => {
    const findings = lintToken({ header: { alg: 'none' }, payload: { ...payload, iat: NOW_S - 7200, exp: NOW_S - 3600, iss: 'x' } }, NOW);
    expect(findings.map((f) => f.code)).toEqual(['ALG_NOT_HS256', 'KID_MISSING', 'ISS_NOT_KID', 'EXPIRED']);
    expect(findings[0]).toMatchObject({ severity: 'error', path: 'header.alg' });
    expect(findings[2]).toMatchObject({ severity: 'error', path: 'payload.iss' });
    expect(findings[3].message).toMatch(/expired 60 min ago/);
  });

  it('says an iss other than the kid is an error, and with no kid never shows "undefined"', () => {
    const [differs] = lintToken({ header, payload: { ...payload, iss: 'someone-else' } }, NOW);
    expect(differs).toMatchObject({ code: 'ISS_NOT_KID', severity: 'error' });
    expect(differs.message).toContain('"someone-else"');
    expect(differs.message).toContain('"client-1"');
    const noKid = lintToken({ header: { alg: 'HS256' }, payload: { ...payload, iss: 'someone-else' } }, NOW).find((f) => f.code === 'ISS_NOT_KID')!;
    expect(noKid.message).toMatch(/no kid/);
    expect(noKid.message).not.toMatch(/undefined|\(\)/);
  });

  it('names each plaintext OAuth token, and never quotes its value', () => {
    const [plain] = lintToken(
      { header, payload: { ...V11, oauth_token: 'ya29.secret-value', connection_oauth_tokens: { warehouse: 'dapi-secret-value' } } },
      NOW,
    );
    expect(plain).toMatchObject({ code: 'OAUTH_TOKEN_PLAINTEXT', severity: 'error' });
    expect(plain.message).toMatch(/^oauth_token, connection_oauth_tokens\.warehouse are not encrypted/);
    expect(plain.message).not.toContain('secret-value');
  });

  it('accepts a tenant string, with a note that Sigma does not describe the claim', () => {
    const findings = lintToken({ header, payload: { ...payload, tenant: 'org-1234' } }, NOW);
    expect(findings.map((f) => [f.code, f.severity])).toEqual([['TENANT_UNCERTAIN', 'info']]);
    expect(findings[0].message).toMatch(/\[uncertain\].*tenant org/);
  });

  it('marks the clock-skew rule as uncertain, since Sigma does not document its tolerance', () => {
    const [finding] = lintToken({ header, payload: { ...payload, iat: NOW_S + 600, exp: NOW_S + 4200 } }, NOW);
    expect(finding).toMatchObject({ code: 'IAT_IN_FUTURE', severity: 'warning' });
    expect(finding.message).toContain('[uncertain]');
  });
});

describe('lintUrl', () => {
  it('finds nothing wrong with a signed URL and supported options', () => {
    expect(urlCodes(`${WORKBOOK}?:jwt=a.b.c&:embed=true&:theme=Dark&:menu_position=top&Region=East,West`)).toEqual([]);
  });

  it('requires :jwt and :embed=true', () => {
    expect(urlCodes(`${WORKBOOK}?:embed=true`)).toEqual(['URL_NO_JWT']);
    expect(urlCodes(`${WORKBOOK}?:jwt=a.b.c`)).toEqual(['URL_NO_EMBED']);
    expect(urlCodes(`${WORKBOOK}?:jwt=a.b.c&:embed=false`)).toEqual(['URL_NO_EMBED']);
  });

  it("refuses unknown options, warns about legacy ones and notes those only in Sigma's samples, naming them", () => {
    const findings = lintUrl(parseEmbedUrl(`${WORKBOOK}?:jwt=a.b.c&:embed=true&:nonce=1&:ua_region=W&:hide_title=true&:colour=red`));
    expect(findings.map((f) => [f.code, f.severity])).toEqual([
      ['URL_OPTION_LEGACY', 'warning'],
      ['URL_OPTION_UNKNOWN', 'error'],
      ['URL_OPTION_UNVERIFIED', 'info'],
    ]);
    expect(findings[0].message).toContain(':nonce, :ua_region');
    expect(findings[0].message).toMatch(/deprecated on August 4, 2025; embed with a JWT/);
    expect(findings[1].message).toMatch(/^:colour: .*EINVAL/);
    expect(findings[2].message).toMatch(/^:hide_title: documented only in Sigma's samples.*\[uncertain\]/);
  });

  it.each([
    ':disable_auto_refresh',
    ':hide_page_controls',
    ':hide_reload_button',
    ':hide_title',
    ':hide_view_select',
    ':view_id',
    ':disable_mobile_view',
    ':bookmark',
    ':explore',
  ])("knows %s from Sigma's samples: a note, not an error", (option) => {
    expect(lintUrl(parseEmbedUrl(`${WORKBOOK}?:jwt=a.b.c&:embed=true&${option}=x`)).map((f) => [f.code, f.severity])).toEqual([
      ['URL_OPTION_UNVERIFIED', 'info'],
    ]);
  });

  it('warns that the bookmark wins when :bookmark and :explore are both given', () => {
    const findings = lintUrl(parseEmbedUrl(`${WORKBOOK}?:jwt=a.b.c&:embed=true&:bookmark=b1&:explore=e1`));
    expect(findings.map((f) => f.code)).toEqual(['URL_OPTION_UNVERIFIED', 'URL_BOOKMARK_AND_EXPLORE']);
    expect(findings[1]).toMatchObject({ severity: 'warning', message: expect.stringMatching(/the bookmark wins/) });
  });

  it('notes that the URL syntax of a data model is uncertain', () => {
    const findings = lintUrl(parseEmbedUrl('https://app.sigmacomputing.com/acme/data-model/Sales-Model-9x8y/tag/certified?:jwt=a.b.c&:embed=true'));
    expect(findings.map((f) => [f.code, f.severity])).toEqual([['DATA_MODEL_URL_UNCERTAIN', 'info']]);
    expect(findings[0].message).toMatch(/\[uncertain\]/);
  });
});

describe('lintOptions', () => {
  it('says, before signing, which options Sigma refuses and which only its samples know, as the inspector does', () => {
    expect(lintOptions({ ':theme': 'Dark' })).toEqual([]);
    expect(lintOptions({ ':colour': 'red', ':hide_title': 'true' }).map((f) => [f.code, f.severity])).toEqual([
      ['URL_OPTION_UNKNOWN', 'error'],
      ['URL_OPTION_UNVERIFIED', 'info'],
    ]);
  });
});
