/** Signing: an HS256 token with the client id as `kid`, the way Sigma verifies it (sigma-embed.md §1). */
import { createSecretKey, type KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { v4 as uuidv4 } from 'uuid';
import type { OAuthTokens } from '../../shared/api';
import type { SigmaPayload } from '../../shared/claims';
import { EmbedConsoleError } from '../../shared/errors';
import { encryptOAuthToken } from './oauth-token';

/** A fresh jti for every token: Sigma accepts each one once. */
export const newJti = (): string => uuidv4();

/** Given a string, jsonwebtoken first tries (and fails) to read it as a private key: a KeyObject skips that. */
const secretKey = (secret: string): KeyObject => createSecretKey(Buffer.from(secret, 'utf8'));

export function signToken(payload: SigmaPayload, secret: string, clientId: string): string {
  // jsonwebtoken's option for the header's kid is `keyid`; a `kid` option is refused.
  return jwt.sign(payload, secretKey(secret), { algorithm: 'HS256', keyid: clientId });
}

/** Refuses OAuth tokens on a token that is not ver "1.1", before any secret is read: Sigma takes them only there. */
export function checkOAuthVersion(payload: SigmaPayload, oauth: OAuthTokens | undefined): void {
  if (!oauth || (oauth.token === undefined && !Object.keys(oauth.connections ?? {}).length)) return;
  if (payload.ver !== '1.1') {
    throw new EmbedConsoleError(
      'INVALID_CLAIMS',
      'Sigma accepts OAuth tokens only in a token with ver "1.1" (which also sends aud "sigmacomputing"); set ver to 1.1.',
      'ver',
    );
  }
}

/** The payload (checked by checkOAuthVersion) with the OAuth tokens encrypted with the embed secret, as Sigma decrypts them. */
export async function withOAuthTokens(payload: SigmaPayload, oauth: OAuthTokens | undefined, secret: string): Promise<SigmaPayload> {
  const sent = { ...payload };
  if (oauth?.token !== undefined) sent.oauth_token = await encryptOAuthToken(secret, oauth.token);
  const connections = Object.entries(oauth?.connections ?? {});
  if (connections.length) {
    const encrypted = await Promise.all(connections.map(([, token]) => encryptOAuthToken(secret, token)));
    sent.connection_oauth_tokens = Object.fromEntries(connections.map(([id], i) => [id, encrypted[i]]));
  }
  return sent;
}
