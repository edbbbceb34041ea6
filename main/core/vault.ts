/**
 * The OS keychain (keytar): the only place a secret is stored. A secret read here stays in
 * main/core; callers outside it only learn whether one exists.
 */
import { EmbedConsoleError } from '../../shared/errors';

export interface Vault {
  get(account: string): Promise<string | null>;
  set(account: string, secret: string): Promise<void>;
  delete(account: string): Promise<boolean>;
  /** The accounts that hold a secret. */
  accounts(): Promise<Set<string>>;
}

/** A profile's keychain accounts: its embed secret, and its REST API secret if it has one. */
export const embedSecretAccount = (profile: string): string => `embed:${profile}`;
export const apiSecretAccount = (profile: string): string => `api:${profile}`;

type Keytar = typeof import('keytar');

/** Reads stay fresh enough that a secret changed by another process is picked up quickly. */
const CACHE_MS = 30_000;

function unavailable(cause: unknown): EmbedConsoleError {
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new EmbedConsoleError(
    'KEYCHAIN_UNAVAILABLE',
    `The OS keychain is locked or unavailable (${reason}). Unlock it (on Linux: log in to a desktop session ` +
      `or start gnome-keyring with the Secret Service) and try again.`,
  );
}

/**
 * A vault over keytar under one service name. keytar is loaded on first use, so commands that
 * need no secret keep working where the native module or the keychain is missing.
 */
export function keychainVault(service: string, clock: () => number = Date.now): Vault {
  let keytar: Promise<Keytar> | undefined;
  const cache = new Map<string, { secret: string | null; at: number }>();

  async function call<T>(use: (k: Keytar) => Promise<T>): Promise<T> {
    try {
      keytar ??= import('keytar').then((m) => (m.default ?? m) as Keytar);
      return await use(await keytar);
    } catch (error) {
      throw unavailable(error);
    }
  }

  return {
    async get(account) {
      const hit = cache.get(account);
      if (hit && clock() - hit.at < CACHE_MS) return hit.secret;
      const secret = await call((k) => k.getPassword(service, account));
      cache.set(account, { secret, at: clock() });
      return secret;
    },
    async set(account, secret) {
      cache.delete(account);
      await call((k) => k.setPassword(service, account, secret));
    },
    async delete(account) {
      cache.delete(account);
      return call((k) => k.deletePassword(service, account));
    },
    async accounts() {
      const found = await call((k) => k.findCredentials(service));
      return new Set(found.map((c) => c.account));
    },
  };
}
