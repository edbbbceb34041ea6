/** Compare's diff of two decoded payloads: claim by claim, nested attributes row by row, the per-token claims never counted. */
import { describe, expect, it } from 'vitest';
import { diffClaims, diffSummary } from '../renderer/claim-diff';

const token = (jti: string, claims: Record<string, unknown>) => ({ sub: 'ada@example.com', jti, iat: 100, exp: 3700, ...claims });

describe('the claims of two tokens compared', () => {
  it('marks the claims that differ, nested attributes each on a row, and a claim only one side has', () => {
    const rows = diffClaims(
      token('j-1', { teams: ['Sales'], user_attributes: { region: 'West', tier: 'gold' } }),
      token('j-2', { teams: ['Sales'], user_attributes: { region: 'East', tier: 'gold' }, account_type: 'Creator' }),
    );
    expect(rows.filter((r) => r.differs).map((r) => [r.claim, ...r.values])).toEqual([
      ['jti', '"j-1"', '"j-2"'],
      ['user_attributes.region', '"West"', '"East"'],
      ['account_type', undefined, '"Creator"'],
    ]);
    expect(rows.find((r) => r.claim === 'teams')).toMatchObject({ values: ['["Sales"]', '["Sales"]'], differs: false });
    expect(diffSummary(rows)).toBe('2 claims differ: user_attributes.region, account_type');
  });

  it('says so when only the claims every token has its own of differ, and counts one in the singular', () => {
    expect(diffSummary(diffClaims(token('j-1', { iat: 1 }), token('j-2', { iat: 2 })))).toBe('No claim differs (jti, iat and exp are each token’s own).');
    expect(diffSummary(diffClaims(token('j-1', {}), token('j-2', { sub: 'bo@example.com' })))).toBe('1 claim differs: sub');
  });
});
