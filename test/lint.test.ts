/** Sigma's rules over a token and its URL: each rule, broken and kept. */
import { describe, expect, it } from 'vitest';
import { lintToken, lintUrl } from '../shared/lint';
import { parseEmbedUrl } from '../shared/target';

const NOW = Date.UTC(2026, 10, 30, 12, 0, 0);
const NOW_S = NOW / 1000;
const header = { alg: 'HS256', typ: 'JWT', kid: 'client-1' };
const payload = { sub: 'ada@example.com', iss: 'client-1', jti: 'j-1', iat: NOW_S - 10, exp: NOW_S + 3600 };

const codes = (h: Record<string, unknown>, p: Record<string, unknown>, now = NOW) => lintToken({ header: h, payload: p }, now).map((f) => f.code);
const urlCodes = (url: string) => lintUrl(parseEmbedUrl(url)).map((f) => f.code);
const WORKBOOK = 'https://app.sigmacomputing.com/acme/workbook/Sales-1a2b';

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
    ['OAUTH_WITHOUT_V11', header, { ...payload, oauth_token: 'enc' }],
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
    expect(codes(header, { ...payload, ver: '1.1', aud: 'sigmacomputing', oauth_token: 'enc' })).toEqual([]);
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
    expect(findings[2]).toMatchObject({ severity: 'warning', path: 'payload.iss' });
    expect(findings[3].message).toMatch(/expired 60 min ago/);
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

  it('warns about legacy, unverified and unknown options, naming them', () => {
    const findings = lintUrl(parseEmbedUrl(`${WORKBOOK}?:jwt=a.b.c&:embed=true&:nonce=1&:ua_region=W&:hide_title=true&:colour=red`));
    expect(findings.map((f) => [f.code, f.severity])).toEqual([
      ['URL_OPTION_LEGACY', 'warning'],
      ['URL_OPTION_UNVERIFIED', 'warning'],
      ['URL_OPTION_UNKNOWN', 'warning'],
    ]);
    expect(findings[0].message).toContain(':nonce, :ua_region');
    expect(findings[1].message).toMatch(/:hide_title.*\[uncertain\]/);
    expect(findings[2].message).toContain(':colour');
  });
});
