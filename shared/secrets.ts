/**
 * Where secrets live, as the UI and the CLI say it: never a secret, only its place. A profile's
 * secret is in a store of this machine (the OS keychain, the passphrase vault, or for local-demo
 * its own file) or in an environment variable the profile names (CI, scripts).
 */
export type SecretStore = 'keychain' | 'vault' | 'file';
export type SecretPlace = { store: SecretStore } | { env: string };

/** The shortest passphrase a new vault takes. */
export const MIN_PASSPHRASE = 8;

/** An environment variable name as shells and CI systems take it. */
export const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;

/** The store new secrets go to on this machine, and why it is not the OS keychain when it is not. */
export interface SecretsStatus {
  store: 'keychain' | 'vault';
  keychain: { state: 'unlocked' | 'locked' | 'unavailable'; reason?: string; fix?: string };
  vault: { file: string; exists: boolean; unlocked: boolean };
  /** The one line every start says. */
  line: string;
  /** Secrets that no profile names (left by an interrupted save): `embed:<profile>` and where. */
  orphans: Array<{ account: string; store: SecretStore }>;
}

const STORE_NAMES: Record<SecretStore, string> = {
  keychain: 'the OS keychain',
  vault: 'the passphrase vault',
  file: "local-demo's own file",
};

export const storeName = (store: SecretStore): string => STORE_NAMES[store];

/** "in the OS keychain", "from $SIGMA_EMBED_SECRET (not set)": a profile's secret, in words. */
export function describeSecret(place: SecretPlace, stored: boolean | null): string {
  if ('env' in place) return stored ? `from $${place.env}` : `from $${place.env} (not set)`;
  const where = storeName(place.store);
  if (stored === null) return `in ${where} (cannot be read now)`;
  return stored ? `in ${where}` : `missing from ${where}`;
}
