/**
 * What the token panel shows: the signed token after Load, or the draft as it would be signed,
 * and what Sigma's rules say of it at a given moment. Pure: the clock is passed in.
 */
import type { SignedEmbed } from '../shared/api';
import { claimsToSend, payloadOf, type ClaimsInput } from '../shared/claims';
import { describeFromNow } from '../shared/jwt';
import { lintToken, type Finding } from '../shared/lint';

export interface TokenView {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
  /** The signed embed this view shows, or undefined for the unsigned draft. */
  signed?: SignedEmbed;
}

/** The token the claims would make if signed at `now` by the profile with this client id. */
export function unsignedView(claims: ClaimsInput, clientId: string | undefined, now: number): TokenView {
  const header = { alg: 'HS256', typ: 'JWT', kid: clientId ?? '(client id of the profile)' };
  const payload = { ...payloadOf(claimsToSend(claims), { clientId: header.kid, jti: '(a new UUID for each load)', now }) };
  return { header, payload };
}

export const signedView = (embed: SignedEmbed): TokenView => ({ header: embed.header, payload: { ...embed.payload }, signed: embed });

/**
 * What Sigma's rules say of the token at `now`. A signed token ages: it expires at the second
 * its countdown reaches zero. A draft is judged as of its own iat, the moment it would be signed,
 * however long ago the form was last edited.
 */
export function findingsAt(view: TokenView, now: number): Finding[] {
  const iat = view.payload.iat;
  return lintToken(view, view.signed || typeof iat !== 'number' ? now : iat * 1000);
}

/** The time a signed token has left, as a clock ("0:59:59"), or how long ago it expired. */
export function timeLeft(exp: number, now: number): { expired: true; text: string } | { expired: false; clock: string; text: string } {
  const left = Math.ceil(exp - now / 1000);
  if (left <= 0) return { expired: true, text: `expired ${describeFromNow(exp, now)}` };
  const clock = `${Math.floor(left / 3600)}:${String(Math.floor((left % 3600) / 60)).padStart(2, '0')}:${String(left % 60).padStart(2, '0')}`;
  return { expired: false, clock, text: `expires ${describeFromNow(exp, now)}` };
}
