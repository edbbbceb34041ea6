/**
 * Embed tokens made by hand, for what the CLI will not sign: foreign secrets, other algorithms,
 * missing claims, over-long sessions, expired tokens. Valid ones come from the CLI itself.
 */
import { createSecretKey, randomUUID } from 'node:crypto';
import jwt from 'jsonwebtoken';

export interface TokenSpec {
  secret: string;
  /** The header's kid; left out of the header when undefined. */
  kid?: string;
  alg?: 'HS256' | 'HS384' | 'HS512' | 'none';
  /** Merged over a valid one-hour payload; a claim set to undefined is left out. */
  claims?: Record<string, unknown>;
}

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** A valid one-hour payload for kid, as of now. */
function embedClaims(kid: string | undefined, now = Math.floor(Date.now() / 1000)): Record<string, unknown> {
  return { sub: 'ada@example.com', iss: kid, jti: randomUUID(), iat: now, exp: now + 3600 };
}

export function makeToken({ secret, kid, alg = 'HS256', claims = {} }: TokenSpec): string {
  const merged: Record<string, unknown> = { ...embedClaims(kid), ...claims };
  const payload = Object.fromEntries(Object.entries(merged).filter(([, value]) => value !== undefined));
  if (alg === 'none') {
    // Unsigned, as a forger writes it: header, payload and an empty signature.
    return `${base64url({ alg: 'none', typ: 'JWT', ...(kid !== undefined && { kid }) })}.${base64url(payload)}.`;
  }
  return jwt.sign(payload, createSecretKey(Buffer.from(secret, 'utf8')), {
    algorithm: alg,
    // jsonwebtoken keeps a given iat, adds one when there is none, and with noTimestamp drops any.
    noTimestamp: payload.iat === undefined,
    ...(kid !== undefined && { keyid: kid }),
  });
}

/** The token of a signed embed URL. */
export function tokenOf(url: string): string {
  const token = /[?&]:jwt=([^&]+)/.exec(url)?.[1];
  if (!token) throw new Error(`no :jwt in ${url}`);
  return decodeURIComponent(token);
}

/** The jti of a token, read without verifying it. */
export function jtiOf(token: string): string {
  return (jwt.decode(token) as jwt.JwtPayload).jti!;
}
