/** The token panel's rules, with the clock passed in: the draft as it would be signed, and a signed token as it ages. */
import { describe, expect, it } from 'vitest';
import type { SignedEmbed } from '../shared/api';
import { findingsAt, signedView, timeLeft, unsignedView } from '../renderer/token-view';

const NOW = 1_700_000_000_400;
const IAT = 1_700_000_000;
const codes = (findings: Array<{ code: string }>) => findings.map((f) => f.code);

function signed(exp: number): SignedEmbed {
  const header = { alg: 'HS256', typ: 'JWT', kid: 'client-1' };
  const payload = { sub: 'ada@example.com', iss: 'client-1', jti: '0b4e7c9e-0000-4000-8000-000000000000', iat: IAT, exp };
  return { url: 'https://app.sigmacomputing.com/acme/workbook/Sales-1a2b?:jwt=x&:embed=true', token: 'x', header, payload, profile: 'acme' };
}

describe('the unsigned draft', () => {
  it('is the token the claims would make now: kid and iss the profile client id, exp the session length after iat', () => {
    const view = unsignedView({ sub: 'ada@example.com', sessionLength: 600, teams: ['Sales'] }, 'client-1', NOW);
    expect(view.signed).toBeUndefined();
    expect(view.header).toEqual({ alg: 'HS256', typ: 'JWT', kid: 'client-1' });
    expect(view.payload).toMatchObject({ sub: 'ada@example.com', iss: 'client-1', iat: IAT, exp: IAT + 600, teams: ['Sales'] });
  });

  it('says where the client id will come from before a profile is chosen', () => {
    expect(unsignedView({ sub: 'ada@example.com' }, undefined, NOW).header.kid).toBe('(client id of the profile)');
  });

  it('leaves out what an internal user cannot be sent', () => {
    const view = unsignedView({ sub: 'ada@example.com', internal: true, teams: ['Sales'], accountType: 'Viewer', firstName: 'Ada' }, 'client-1', NOW);
    for (const claim of ['teams', 'account_type', 'first_name']) expect(view.payload).not.toHaveProperty(claim);
  });

  it('is never judged expired, however long ago the form was last edited: it is signed afresh on Load', () => {
    const view = unsignedView({ sub: 'ada@example.com', sessionLength: 60 }, 'client-1', NOW);
    expect(codes(findingsAt(view, NOW + 3 * 3600_000))).not.toContain('EXPIRED');
  });

  it('still shows what Sigma would refuse in the claims', () => {
    const view = unsignedView({ sub: 'grace at example.com' }, 'client-1', NOW);
    expect(codes(findingsAt(view, NOW))).toContain('SUB_INVALID');
  });
});

describe('a signed token as the clock runs', () => {
  const exp = IAT + 2;

  it('turns EXPIRED at the very moment its countdown says expired, not a render later', () => {
    const view = signedView(signed(exp));
    for (const now of [exp * 1000 - 1001, exp * 1000 - 1, exp * 1000, exp * 1000 + 1, exp * 1000 + 5000]) {
      const expired = codes(findingsAt(view, now)).includes('EXPIRED');
      expect(timeLeft(exp, now).expired, `at ${now - exp * 1000} ms`).toBe(expired);
    }
    expect(codes(findingsAt(view, exp * 1000 - 1))).not.toContain('EXPIRED');
    expect(codes(findingsAt(view, exp * 1000))).toContain('EXPIRED');
  });

  it('counts down as hours, minutes and seconds left, rounding up to the whole second', () => {
    expect(timeLeft(IAT + 3600, IAT * 1000)).toMatchObject({ expired: false, clock: '1:00:00' });
    expect(timeLeft(IAT + 3600, IAT * 1000 + 1)).toMatchObject({ expired: false, clock: '1:00:00' });
    expect(timeLeft(IAT + 3600, IAT * 1000 + 1000)).toMatchObject({ expired: false, clock: '0:59:59' });
    expect(timeLeft(IAT + 9, IAT * 1000)).toMatchObject({ expired: false, clock: '0:00:09' });
  });

  it('says how long ago it expired once it has', () => {
    expect(timeLeft(IAT, IAT * 1000 + 90_000)).toEqual({ expired: true, text: expect.stringMatching(/^expired .*ago/) });
  });
});
