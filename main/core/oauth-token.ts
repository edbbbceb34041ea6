/**
 * OAuth tokens in an embed token (`oauth_token`, `connection_oauth_tokens`), encrypted with the
 * embed secret the way Sigma decrypts them: byte for byte the format of Sigma's
 * @sigmacomputing/node-embed-sdk (packages/node-embed-sdk/src/encryption.ts), which is not on
 * the registry here. PBKDF2-HMAC-SHA256 (600,000 iterations, 16-byte salt) derives a 32-byte
 * key from the secret's UTF-8 bytes; AES-256-GCM (12-byte IV, 16-byte tag) encrypts the token's
 * UTF-8 bytes; the result is salt.iv.tag.ciphertext, each standard base64.
 */
import { createCipheriv, createDecipheriv, createHash, pbkdf2, randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { isEncryptedOAuthToken } from '../../shared/claims';

const ITERATIONS = 600_000;
const KEY_BYTES = 32;
const SALT_BYTES = 16;
const IV_BYTES = 12;
const TAG_BYTES = 16;

// Asynchronous: one derivation takes a few hundred milliseconds, which would stall the host's other loads.
const deriveKey = (secret: string, salt: Buffer) => promisify(pbkdf2)(Buffer.from(secret, 'utf8'), salt, ITERATIONS, KEY_BYTES, 'sha256');

/** The OAuth token encrypted with the embed secret, as Sigma's SDK writes it. */
export async function encryptOAuthToken(secret: string, token: string): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', await deriveKey(secret, salt), iv, { authTagLength: TAG_BYTES });
  const ciphertext = Buffer.concat([cipher.update(token, 'utf8'), cipher.final()]);
  return [salt, iv, cipher.getAuthTag(), ciphertext].map((part) => part.toString('base64')).join('.');
}

/** Whether `encrypted` decrypts with `secret` (the plaintext is not kept: nothing here shows it). */
async function decrypts(secret: string, encrypted: string): Promise<boolean> {
  if (!isEncryptedOAuthToken(encrypted)) return false;
  const [salt, iv, tag, ciphertext] = encrypted.split('.').map((part) => Buffer.from(part, 'base64'));
  try {
    const decipher = createDecipheriv('aes-256-gcm', await deriveKey(secret, salt), iv, { authTagLength: TAG_BYTES });
    decipher.setAuthTag(tag);
    Buffer.concat([decipher.update(ciphertext), decipher.final()]);
    return true;
  } catch {
    // GCM's tag check fails: another secret, or a changed ciphertext.
    return false;
  }
}

/**
 * Verdicts by a digest of (secret, encrypted value), so each token costs its 600,000 iterations
 * once per process however often it is inspected or loaded. Bounded; the oldest goes first.
 */
const verdicts = new Map<string, Promise<boolean>>();
const MAX_VERDICTS = 512;

export function decryptsWith(secret: string, encrypted: string): Promise<boolean> {
  const key = createHash('sha256').update(secret).update('\0').update(encrypted).digest('base64');
  let verdict = verdicts.get(key);
  if (!verdict) {
    verdict = decrypts(secret, encrypted);
    verdicts.set(key, verdict);
    if (verdicts.size > MAX_VERDICTS) verdicts.delete(verdicts.keys().next().value!);
  }
  return verdict;
}

/**
 * The OAuth claims of a payload that do not decrypt with the embed secret, by claim path
 * ("oauth_token", "connection_oauth_tokens.<id>"). Values of the wrong type or not in Sigma's
 * encrypted format are the rules' findings (shared/lint.ts), not repeated here.
 */
export async function undecryptableOAuthTokens(payload: Record<string, unknown>, secret: string): Promise<string[]> {
  const values: Array<[string, string]> = [];
  if (isEncryptedOAuthToken(payload.oauth_token)) values.push(['oauth_token', payload.oauth_token]);
  const map = payload.connection_oauth_tokens;
  if (map && typeof map === 'object' && !Array.isArray(map)) {
    for (const [id, value] of Object.entries(map)) if (isEncryptedOAuthToken(value)) values.push([`connection_oauth_tokens.${id}`, value]);
  }
  const opened = await Promise.all(values.map(([, value]) => decryptsWith(secret, value)));
  return values.filter((_, i) => !opened[i]).map(([path]) => path);
}
