/** Signing: an HS256 token with the client id as `kid`, the way Sigma verifies it (sigma-embed.md §1). */
import { createSecretKey, type KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { v4 as uuidv4 } from 'uuid';
import type { SigmaPayload } from '../../shared/claims';

/** A fresh jti for every token: Sigma accepts each one once. */
export const newJti = (): string => uuidv4();

/** Given a string, jsonwebtoken first tries (and fails) to read it as a private key: a KeyObject skips that. */
const secretKey = (secret: string): KeyObject => createSecretKey(Buffer.from(secret, 'utf8'));

export function signToken(payload: SigmaPayload, secret: string, clientId: string): string {
  // jsonwebtoken's option for the header's kid is `keyid`; a `kid` option is refused.
  return jwt.sign(payload, secretKey(secret), { algorithm: 'HS256', keyid: clientId });
}
