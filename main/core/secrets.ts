/**
 * Every profile secret goes through here: one place that knows where each one lives. New secrets
 * go to the OS keychain where it answers, else to the passphrase vault, and always said so;
 * local-demo's throwaways go to their own file; a profile may instead name an environment
 * variable. Only main/core reads a secret; the rest of the app learns where it is, never what.
 */
import { EmbedConsoleError } from '../../shared/errors';
import { storeName, type SecretPlace, type SecretsStatus, type SecretStore } from '../../shared/secrets';
import type { Keychain } from './keychain';
import type { PassphraseVault } from './vault-file';
import type { Vault } from './vault';

export type SecretKind = 'embed' | 'api';
/** The keychain (and vault) account of a profile's secret. */
export const accountOf = (profile: string, kind: SecretKind): string => `${kind}:${profile}`;

const KIND_NAMES: Record<SecretKind, string> = { embed: 'embed secret', api: 'REST API secret' };

/** A profile's secret, as the profile store records it. */
export interface SecretRef {
  profile: string;
  kind: SecretKind;
  place: SecretPlace;
}

/** Which accounts each store holds; a store that cannot be asked now (a locked keychain) is absent. */
export type StoredAccounts = Partial<Record<SecretStore, Set<string>>>;

export interface Secrets {
  /** Where a new secret of this profile goes: the variable it names, else the store for it on this machine. */
  placeFor(profile: string, env?: string): Promise<SecretPlace>;
  /** The secret, or null when its store has none. A variable that is not set, a locked keychain: coded errors. */
  read(ref: SecretRef): Promise<string | null>;
  /**
   * Makes a place ready to take a secret, before any lock is held: the vault's passphrase asked
   * (twice, for a new vault), a locked or missing keychain refused with the fix.
   */
  prepare(place: SecretPlace): Promise<void>;
  /** Stores a secret where `ref.place` says (a variable holds its own: nothing to store). */
  write(ref: SecretRef, secret: string): Promise<void>;
  /** Removes a secret from its store; a store that cannot is an error, so the profile is kept. */
  remove(ref: SecretRef): Promise<void>;
  stored(): Promise<StoredAccounts>;
  /** Whether the secret is there: true, false, or null when its store cannot be asked now. */
  isStored(ref: SecretRef, accounts: StoredAccounts): boolean | null;
  /** The store status, with the secrets no profile names among `named`. */
  status(named: SecretRef[]): Promise<SecretsStatus>;
  /** Removes a secret no profile names. */
  removeAccount(orphan: SecretsStatus['orphans'][number]): Promise<void>;
  /** Opens the passphrase vault for this process; a new vault takes the passphrase twice. */
  unlockVault(passphrase: string, repeat?: string): Promise<void>;
}

export interface SecretsDeps {
  keychain: Keychain;
  vault: PassphraseVault;
  /** local-demo's own file. */
  demo: Vault;
  /** Whose profile uses the demo file. */
  demoProfile: string;
  env: NodeJS.ProcessEnv;
}

export function createSecrets(deps: SecretsDeps): Secrets {
  const stores: Record<SecretStore, Vault> = { keychain: deps.keychain, vault: deps.vault, file: deps.demo };
  /** Chosen once per process: the keychain if it answers (locked counts: it is there, and can be unlocked). */
  let chosen: Promise<'keychain' | 'vault'> | undefined;
  const choose = () => (chosen ??= deps.keychain.state().then((s) => (s.state === 'unavailable' ? 'vault' : 'keychain')));

  const envValue = (name: string) => deps.env[name] || undefined;

  const secrets: Secrets = {
    async placeFor(profile, env) {
      if (env) return { env };
      if (profile === deps.demoProfile) return { store: 'file' };
      return { store: await choose() };
    },

    async read({ profile, kind, place }) {
      if ('store' in place) return stores[place.store].get(accountOf(profile, kind));
      const value = envValue(place.env);
      if (value !== undefined) return value;
      throw new EmbedConsoleError(
        'SECRET_ENV_UNSET',
        `Profile "${profile}" takes its ${KIND_NAMES[kind]} from the environment variable ${place.env}, which is not set; ` +
          `set it where Embed Console runs (e.g. export ${place.env}=… or your CI's secret store), then try again.`,
        'profile',
      );
    },

    async prepare(place) {
      if (!('store' in place)) return;
      if (place.store === 'vault') await deps.vault.ready();
      if (place.store === 'keychain') await deps.keychain.usable();
    },

    async write({ profile, kind, place }, secret) {
      if ('store' in place) await stores[place.store].set(accountOf(profile, kind), secret);
    },

    async remove({ profile, kind, place }) {
      if ('store' in place) await stores[place.store].delete(accountOf(profile, kind));
    },

    async stored() {
      const accounts: StoredAccounts = {};
      await Promise.all(
        (Object.keys(stores) as SecretStore[]).map(async (store) => {
          try {
            accounts[store] = await stores[store].accounts();
          } catch (error) {
            if (!(error instanceof EmbedConsoleError)) throw error;
          }
        }),
      );
      return accounts;
    },

    isStored({ profile, kind, place }, accounts) {
      if ('env' in place) return envValue(place.env) !== undefined;
      return accounts[place.store]?.has(accountOf(profile, kind)) ?? null;
    },

    async status(named) {
      const [store, keychain, accounts] = await Promise.all([choose(), deps.keychain.state(), secrets.stored()]);
      const orphans: SecretsStatus['orphans'] = [];
      for (const [where, held] of Object.entries(accounts) as Array<[SecretStore, Set<string>]>) {
        const kept = new Set(named.filter((r) => 'store' in r.place && r.place.store === where).map((r) => accountOf(r.profile, r.kind)));
        for (const account of held) if (!kept.has(account)) orphans.push({ account, store: where });
      }
      const vault = { file: deps.vault.file, exists: deps.vault.exists(), unlocked: deps.vault.unlocked() };
      return { store, keychain, vault, line: statusLine(store, keychain, vault.file), orphans };
    },

    async removeAccount({ account, store }) {
      await stores[store].delete(account);
    },

    async unlockVault(passphrase, repeat) {
      if (!deps.vault.exists() && repeat !== passphrase) {
        throw new EmbedConsoleError(
          'PASSPHRASE_WRONG',
          repeat === undefined ? 'This creates the vault: type the passphrase a second time.' : 'The two passphrases differ; type the same one twice.',
          'repeat',
        );
      }
      await deps.vault.unlock(passphrase);
    },
  };
  return secrets;
}

function statusLine(store: 'keychain' | 'vault', keychain: SecretsStatus['keychain'], vaultFile: string): string {
  if (store === 'vault') {
    return `Secrets: in ${storeName('vault')} ${vaultFile}, not the OS keychain: ${keychain.reason}. ${keychain.fix} (local-demo's throwaway secrets are in a file of their own.)`;
  }
  if (keychain.state === 'locked') return `Secrets: in the OS keychain, which is locked. ${keychain.fix}`;
  return 'Secrets: in the OS keychain.';
}
