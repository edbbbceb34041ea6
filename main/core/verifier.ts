/**
 * Signature checks with the secrets in the keychain, which never leave main/core: callers learn
 * only which profile's secret verifies a token, or why none does, and whether its OAuth tokens
 * decrypt with that secret, as Sigma decrypts them.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { EmbedConsoleError, excerpt } from '../../shared/errors';
import type { InspectReport } from '../../shared/api';
import { decodeJwt } from '../../shared/jwt';
import { finding, isAcceptedAlg, type Finding } from '../../shared/lint';
import { secretRef, type ProfileStore, type StoredProfile } from './profiles';
import type { Secrets } from './secrets';
import { undecryptableOAuthTokens } from './oauth-token';

/** `oauth`: why the token's OAuth tokens do not decrypt with the signer's secret, when they do not. */
export type SignatureVerdict = { valid: true; profile: string; oauth?: string } | { valid: false; message: string };

/** Why OAuth claims do not decrypt with the secret of `profile`, or undefined when all do (or there are none). */
async function oauthProblem(payload: Record<string, unknown>, secret: string, profile: string): Promise<string | undefined> {
  const paths = await undecryptableOAuthTokens(payload, secret);
  if (!paths.length) return undefined;
  const one = paths.length === 1;
  return `${paths.join(', ')} ${one ? 'does' : 'do'} not decrypt with the embed secret of profile "${profile}", which signed the token: ${one ? 'it was' : 'they were'} encrypted with another secret, or changed. Encrypt OAuth tokens with the secret of the client id in kid.`;
}

/**
 * HMAC-SHA256 over "header.payload", compared in constant time. By hand rather than with
 * jsonwebtoken.verify, which refuses a header without alg: Sigma makes alg optional (HS256 is
 * the only one it takes, and the caller refuses any other alg before asking). The signature is
 * compared as text, the way jsonwebtoken does: decoding it first would let a lenient decoder
 * drop inserted characters ("!!", "=", spaces) and verify what jsonwebtoken refuses.
 */
function hs256Verifies(token: string, secret: string, hash = 'sha256'): boolean {
  const [header, payload, signature] = token.split('.');
  const expected = Buffer.from(createHmac(hash, secret).update(`${header}.${payload}`).digest('base64url'));
  const given = Buffer.from(signature ?? '');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** Verifies an HS256 token with the secret of the profile whose client id is its kid. */
export async function verifySignature(token: string, kid: string, deps: { profiles: ProfileStore; secrets: Secrets }): Promise<SignatureVerdict> {
  const profile = (await deps.profiles.list()).find((p) => p.clientId === kid);
  if (!profile) {
    return {
      valid: false,
      message: `no embed credentials have client id "${excerpt(kid, 80)}" (the token's kid); add them as a profile, or sign with a known client id.`,
    };
  }
  let secret: string | null;
  try {
    secret = await deps.secrets.read(secretRef(profile, 'embed')!);
  } catch (error) {
    // A locked keychain, a variable not set: the reason, with its fix, refuses the load.
    if (!(error instanceof EmbedConsoleError)) throw error;
    return { valid: false, message: error.message };
  }
  if (secret === null) {
    return { valid: false, message: `profile "${profile.name}" has no embed secret to verify with; store it again (Manage profiles → Edit).` };
  }
  if (hs256Verifies(token, secret)) {
    const oauth = await oauthProblem(decodeJwt(token).payload, secret, profile.name);
    return { valid: true, profile: profile.name, ...(oauth && { oauth }) };
  }
  return {
    valid: false,
    message: `the signature does not verify with the secret of client id "${excerpt(kid, 80)}" (profile "${profile.name}"): it was signed with another secret, or changed after signing.`,
  };
}

interface SignerSearch {
  signature: InspectReport['signature'];
  findings: Finding[];
}

/** The HMACs a token may say it used besides HS256: which stored secret made it is worth telling. */
const OTHER_HMACS: Record<string, string> = { HS384: 'sha384', HS512: 'sha512' };

/**
 * A token Sigma refuses for its alg (ALG_NOT_HS256 says so): the verdict still says what was
 * found, so the user knows which credentials to re-sign with.
 */
async function otherAlg(token: string, alg: unknown, profiles: StoredProfile[], secrets: Secrets): Promise<SignerSearch> {
  const said = excerpt(JSON.stringify(alg) ?? String(alg), 80);
  const hash = typeof alg === 'string' ? OTHER_HMACS[alg] : undefined;
  const refused = `the token says alg ${said}, and Sigma accepts only HS256, so Sigma refuses it whatever the secret`;
  if (hash) {
    for (const profile of profiles) {
      // A secret that cannot be read now (a locked keychain) is passed over, as findSigner does.
      const secret = await secrets.read(secretRef(profile, 'embed')!).catch(() => null);
      if (secret !== null && hs256Verifies(token, secret, hash)) {
        const reason = `Signed with the secret of profile "${profile.name}" (client id "${profile.clientId}"), but ${refused}: sign it again with HS256 (Embed Console does).`;
        return { signature: { valid: false, profile: null, reason }, findings: [] };
      }
    }
  }
  const none = hash ? 'no stored secret made its signature either' : 'its signature was not checked';
  return { signature: { valid: false, profile: null, reason: `Not verified: ${refused}; ${none}.` }, findings: [] };
}

/**
 * Which stored profile's secret verifies a token: only the chosen profile when there is one;
 * else the one whose client id is the kid first, then any. The inspector names the signer even
 * when the kid is wrong, and says how Sigma, which looks the secret up by kid alone, would see it.
 */
export async function findSigner(
  token: string,
  { header, payload }: { header: Record<string, unknown>; payload: Record<string, unknown> },
  deps: { profiles: ProfileStore; secrets: Secrets },
  chosen?: string,
): Promise<SignerSearch> {
  const unchecked = (reason: string, findings: Finding[] = []): SignerSearch => ({ signature: { valid: false, profile: null, reason }, findings });
  const profiles = await deps.profiles.list();
  // An unknown --profile is the user's mistake whatever the token says.
  const forced = chosen === undefined ? undefined : await deps.profiles.get(chosen);
  const kid = typeof header.kid === 'string' ? header.kid : undefined;
  const shownKid = excerpt(kid ?? '', 80);
  const byKid = profiles.find((p) => p.clientId === kid);
  const candidates = forced ? [forced] : byKid ? [byKid, ...profiles.filter((p) => p !== byKid)] : profiles;
  // The same profiles, in the same order, as an HS256 token is checked with.
  if (!isAcceptedAlg(header.alg)) return otherAlg(token, header.alg, candidates, deps.secrets);
  if (profiles.length === 0) {
    return unchecked('Not verified: there are no profiles; add the embed credentials that signed it.', [
      finding('SIGNATURE_UNCHECKED', 'warning', 'signature', 'The signature was not checked: no profile holds a secret to check it with.'),
    ]);
  }

  // A secret that cannot be read now (a locked keychain, a variable not set) is passed over: another
  // may still verify. Only when none does is the first such reason the verdict ("not checked").
  let signer: StoredProfile | undefined;
  let signerSecret = '';
  let unreadable: EmbedConsoleError | undefined;
  for (const profile of candidates) {
    let secret: string | null;
    try {
      secret = await deps.secrets.read(secretRef(profile, 'embed')!);
    } catch (error) {
      if (!(error instanceof EmbedConsoleError)) throw error;
      // Another profile's variable not being set says nothing about this token.
      if (error.code !== 'SECRET_ENV_UNSET' || profile === byKid || profile === forced) unreadable ??= error;
      continue;
    }
    if (secret !== null && hs256Verifies(token, secret)) {
      signer = profile;
      signerSecret = secret;
      break;
    }
  }
  if (!signer && unreadable) {
    return unchecked(`Not verified: ${unreadable.message}`, [
      finding('SIGNATURE_UNCHECKED', 'warning', 'signature', `The signature was not checked: ${unreadable.message}`),
    ]);
  }

  if (!signer && forced) {
    const reason = `The signature does not verify with the secret of profile "${forced.name}", which was chosen to check it.`;
    return { signature: { valid: false, profile: null, reason }, findings: [finding('SIGNATURE_INVALID', 'error', 'signature', reason)] };
  }
  if (!signer) {
    const reason = byKid
      ? `The signature does not verify with the secret of profile "${byKid.name}" (client id "${shownKid}") nor any other stored secret: it was signed with another secret, or changed after signing.`
      : `No stored secret verifies it${kid ? `, and no profile has client id "${shownKid}"` : ''}: it was signed with credentials this console does not hold.`;
    return {
      signature: { valid: false, profile: null, reason },
      findings: [finding(byKid ? 'SIGNATURE_INVALID' : 'KID_UNKNOWN', 'error', byKid ? 'signature' : 'header.kid', reason)],
    };
  }

  const oauth = await oauthProblem(payload, signerSecret, signer.name);
  const findings = oauth ? [finding('OAUTH_TOKEN_UNDECRYPTABLE', 'error', 'payload', oauth)] : [];
  const verified = `Verified with the secret of profile "${signer.name}" (client id "${signer.clientId}")`;
  if (kid === signer.clientId) return { signature: { valid: true, profile: signer.name, reason: `${verified}.` }, findings };
  // A missing kid is already a finding of its own (shared/lint.ts); the reason says what to set.
  const fix = `set kid to "${signer.clientId}"`;
  if (kid === undefined) return { signature: { valid: true, profile: signer.name, reason: `${verified}; the token has no kid: ${fix}.` }, findings };
  const signature = { valid: true, profile: signer.name, reason: `${verified}.` };
  const message = byKid
    ? `kid "${shownKid}" is the client id of profile "${byKid.name}", but the token was signed with the secret of profile "${signer.name}", so Sigma would check it against the wrong secret; ${fix}.`
    : `kid "${shownKid}" is no profile's client id, but the token verifies with profile "${signer.name}"; ${fix}.`;
  return { signature, findings: [finding('KID_NOT_SIGNER', 'error', 'header.kid', message), ...findings] };
}
