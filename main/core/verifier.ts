/**
 * Signature checks with the secrets in the keychain, which never leave main/core: callers learn
 * only which profile's secret verifies a token, or why none does.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { ProfileStore } from './profiles';
import { embedSecretAccount } from './signer';
import type { Vault } from './vault';

export type SignatureVerdict =
  | { valid: true; profile: string }
  | { valid: false; reason: 'unknown-kid' | 'bad-signature' | 'no-secret'; message: string };

/**
 * HMAC-SHA256 over "header.payload", compared in constant time. By hand rather than with
 * jsonwebtoken.verify, which refuses a header without alg: Sigma makes alg optional (HS256 is
 * the only one it takes, and the caller refuses any other alg before asking).
 */
function hs256Verifies(token: string, secret: string): boolean {
  const [header, payload, signature] = token.split('.');
  const expected = createHmac('sha256', secret).update(`${header}.${payload}`).digest();
  const given = Buffer.from(signature ?? '', 'base64url');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** Verifies an HS256 token with the secret of the profile whose client id is its kid. */
export async function verifySignature(token: string, kid: string, deps: { profiles: ProfileStore; vault: Vault }): Promise<SignatureVerdict> {
  const profile = (await deps.profiles.list()).find((p) => p.clientId === kid);
  if (!profile) {
    return { valid: false, reason: 'unknown-kid', message: `no embed credentials have client id "${kid}" (the token's kid); add them as a profile, or sign with a known client id.` };
  }
  const secret = await deps.vault.get(embedSecretAccount(profile.name));
  if (secret === null) {
    return { valid: false, reason: 'no-secret', message: `profile "${profile.name}" has no secret in the keychain to verify with; add the profile again with its secret.` };
  }
  if (hs256Verifies(token, secret)) return { valid: true, profile: profile.name };
  return {
    valid: false,
    reason: 'bad-signature',
    message: `the signature does not verify with the secret of client id "${kid}" (profile "${profile.name}"): it was signed with another secret, or changed after signing.`,
  };
}
