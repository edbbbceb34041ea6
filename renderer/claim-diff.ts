/**
 * Two decoded payloads, claim by claim, for Compare: nested claims (user_attributes) row by
 * row, a list (teams) as one value. jti, iat and exp are every token's own, so they are shown
 * but never counted as a difference. Pure.
 */

export interface ClaimRow {
  /** The claim as the token names it: "account_type", "user_attributes.region". */
  claim: string;
  /** Each side's value as JSON; undefined where that side has no such claim. */
  values: [string | undefined, string | undefined];
  differs: boolean;
  /** A claim every token has its own value of. */
  perToken: boolean;
}

const PER_TOKEN = new Set(['jti', 'iat', 'exp']);

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Each claim's path and value as JSON, in the payload's order. */
function flatten(payload: Record<string, unknown>, prefix = ''): Map<string, string> {
  const flat = new Map<string, string>();
  for (const [key, value] of Object.entries(payload)) {
    const path = prefix + key;
    if (isRecord(value) && Object.keys(value).length > 0) for (const [inner, json] of flatten(value, `${path}.`)) flat.set(inner, json);
    else flat.set(path, JSON.stringify(value));
  }
  return flat;
}

export function diffClaims(a: Record<string, unknown>, b: Record<string, unknown>): ClaimRow[] {
  const left = flatten(a);
  const right = flatten(b);
  const claims = [...new Set([...left.keys(), ...right.keys()])];
  return claims.map((claim) => {
    const values: ClaimRow['values'] = [left.get(claim), right.get(claim)];
    return { claim, values, differs: values[0] !== values[1], perToken: PER_TOKEN.has(claim) };
  });
}

/** "2 claims differ: account_type, user_attributes.region". */
export function diffSummary(rows: ClaimRow[]): string {
  const differing = rows.filter((row) => row.differs && !row.perToken).map((row) => row.claim);
  if (differing.length === 0) return 'No claim differs (jti, iat and exp are each token’s own).';
  return `${differing.length} claim${differing.length === 1 ? ' differs' : 's differ'}: ${differing.join(', ')}`;
}
