/** The one gate for Load and Export (renderer/gate.ts), and whether a target belongs to its profile (shared/target-owner.ts). */
import { describe, expect, it } from 'vitest';
import { gate } from '../renderer/gate';
import { initialDraft } from '../renderer/draft';
import { snippet } from '../shared/snippets';
import { targetOwnership } from '../shared/target-owner';
import { parseEmbedUrl } from '../shared/target';

const ACME = { name: 'acme', baseUrl: 'https://app.sigmacomputing.com/acme' };
const EU = { name: 'acme-eu', baseUrl: 'https://app.eu.sigmacomputing.com/acme' };
const DEMO = { name: 'local-demo', baseUrl: 'http://127.0.0.1:4100/demo' };
const PROFILES = [ACME, EU, DEMO];
const draft = (change: Partial<ReturnType<typeof initialDraft>> = {}) => ({ ...initialDraft('acme'), ...change });

describe('the Load and Export gate', () => {
  it('opens for a valid draft, with no warnings', () => {
    expect(gate({ draft: draft(), profile: ACME, profiles: PROFILES })).toEqual({ open: true, warnings: [] });
  });

  it('blocks with the reason and the field for a claim error: a 40-day session, a sub that is no email, an empty session length never NaN', () => {
    const long = gate({ draft: draft({ claims: { ...draft().claims, sessionLength: 40 * 86_400 } }), profile: ACME });
    expect(long).toMatchObject({ open: false, field: 'sessionLength', reason: expect.stringMatching(/exceeds Sigma's 30-day limit/) });
    const sub = gate({ draft: draft({ claims: { ...draft().claims, sub: 'ada' } }), profile: ACME });
    expect(sub).toMatchObject({ open: false, field: 'sub' });
    const nan = gate({ draft: draft({ claims: { ...draft().claims, sessionLength: Number.NaN } }), profile: ACME });
    expect(nan).toMatchObject({ open: false, field: 'sessionLength' });
    expect(!nan.open && nan.reason).not.toMatch(/NaN|undefined/);
  });

  it('blocks an invalid target, an element with no id, and no profile, each with its reason', () => {
    expect(gate({ draft: draft({ url: '//a b' }), profile: ACME })).toMatchObject({ open: false, field: 'url' });
    expect(gate({ draft: draft({ url: 'workbook/Sales-1a2b/element/' }), profile: ACME })).toMatchObject({
      open: false,
      reason: expect.stringMatching(/^The element id is required/),
    });
    expect(gate({ draft: draft() })).toMatchObject({ open: false, field: 'profile' });
    expect(gate({ draft: draft({ options: { ':theme': 'x\ud800' } }), profile: ACME })).toMatchObject({ open: false, field: 'options' });
  });

  it("warns, and still opens, for a target on another profile's host, naming it", () => {
    const result = gate({ draft: draft({ url: 'https://app.eu.sigmacomputing.com/acme/workbook/Sales-1a2b' }), profile: ACME, profiles: PROFILES });
    expect(result).toMatchObject({ open: true, warnings: [{ field: 'url', switchTo: 'acme-eu' }] });
  });

  it('never lets the exported code say exp: iat + NaN', () => {
    const embed = { target: parseEmbedUrl('https://app.sigmacomputing.com/acme/workbook/Sales-1a2b').target, options: {}, controls: {} };
    expect(() => snippet('node', { clientId: 'c', claims: { sub: 'ada@example.com', sessionLength: Number.NaN }, embed })).toThrow(
      /Session length must be a whole number of seconds, at least 1, such as 3600\./,
    );
  });
});

describe('whether a target belongs to the profile', () => {
  it("belongs when its host is the base URL's host, and gives the full URL a relative target resolves to", () => {
    expect(targetOwnership('workbook/Sales-1a2b', ACME, PROFILES)).toEqual({
      belongs: true,
      url: 'https://app.sigmacomputing.com/acme/workbook/Sales-1a2b',
    });
  });

  it('says which profile a target on another host belongs to', () => {
    const owner = targetOwnership('https://app.eu.sigmacomputing.com/acme/workbook/Sales-1a2b', ACME, PROFILES);
    expect(owner).toMatchObject({ belongs: false, other: 'acme-eu' });
    expect(owner && !owner.belongs && owner.message).toBe(
      'This target is on app.eu.sigmacomputing.com, not on the host of its base URL (app.sigmacomputing.com): profile "acme" would sign a token for the wrong place. Profile "acme-eu" is for app.eu.sigmacomputing.com: switch to profile "acme-eu".',
    );
  });

  it('warns local-demo about a Sigma URL, where no profile matches', () => {
    const owner = targetOwnership('https://app.sigmacomputing.com/other/workbook/Sales-1a2b', DEMO, [DEMO]);
    expect(owner).toMatchObject({
      belongs: false,
      message: expect.stringMatching(/not on the local embed host \(127\.0\.0\.1:4100\).*choose the profile of that org/),
    });
    expect(owner && !owner.belongs && owner.other).toBeUndefined();
  });

  it('cannot tell for a profile with no base URL, and says nothing for a target that does not resolve', () => {
    expect(targetOwnership('https://app.sigmacomputing.com/acme/workbook/S-1', { name: 'bare' }, PROFILES)).toMatchObject({ belongs: true });
    expect(targetOwnership('//a b', ACME, PROFILES)).toBeUndefined();
  });
});
