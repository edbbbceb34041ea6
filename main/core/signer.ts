/** Signing: an HS256 token with the client id as `kid`, the way Sigma verifies it (sigma-embed.md §1). */
import { createSecretKey } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { v4 as uuidv4 } from 'uuid';
import type { SigmaPayload } from '../../shared/claims';

/** A fresh jti for every token: Sigma accepts each one once. */
export const newJti = (): string => uuidv4();

export function signToken(payload: SigmaPayload, secret: string, clientId: string): string {
  // jsonwebtoken's option for the header's kid is `keyid`; a `kid` option is refused. Given a
  // string, it first tries (and fails) to read it as a private key: a KeyObject skips that.
  return jwt.sign(payload, createSecretKey(Buffer.from(secret, 'utf8')), { algorithm: 'HS256', keyid: clientId });
}
