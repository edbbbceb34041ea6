/**
 * What the local embed host may ask of the core, and nothing more: it stands in for Sigma, so it
 * needs the secrets Sigma would hold (to verify an embed token, to know a REST API client), but
 * never the profile store or the secret stores themselves.
 */
import { verifySignature, type SignatureVerdict } from './verifier';
import { secretRef, type ProfileStore } from './profiles';
import type { Secrets } from './secrets';

export interface HostKeys {
  /** Verifies an embed token with the secret of the profile whose client id is its `kid`. */
  verifyEmbed(token: string, kid: string): Promise<SignatureVerdict>;
  /** The REST API secrets of the profiles whose API client is `clientId` at the API base `origin`. */
  apiSecrets(clientId: string, origin: string): Promise<string[]>;
}

export function hostKeys(deps: { profiles: ProfileStore; secrets: Secrets }): HostKeys {
  return {
    verifyEmbed: (token, kid) => verifySignature(token, kid, deps),
    async apiSecrets(clientId, origin) {
      const profiles = (await deps.profiles.list()).filter((p) => p.api?.clientId === clientId && p.api.baseUrl === origin);
      // A secret that cannot be read now (a variable not set here, a locked keychain) matches nothing.
      const secrets = await Promise.all(profiles.map((p) => deps.secrets.read(secretRef(p, 'api')!).catch(() => null)));
      return secrets.filter((s): s is string => s !== null);
    },
  };
}
