/**
 * The OS keychain through keytar: macOS Keychain, Windows Credential Manager, and on Linux the
 * Secret Service (GNOME Keyring, KWallet, KeePassXC). Every call asks first whether the keychain
 * can answer (on Linux over D-Bus, secret-service.ts), so a locked or missing keychain is a
 * coded error with its fix, never a crash and never "no secret".
 */
import type * as keytarModule from 'keytar';
import { EmbedConsoleError, reasonOf } from '../../shared/errors';
import type { SecretsStatus } from '../../shared/secrets';
import { promptUnlock, secretServiceState } from './secret-service';
import type { Vault } from './vault';

export type KeychainState = SecretsStatus['keychain'];

export interface Keychain extends Vault {
  state(): Promise<KeychainState>;
  /** Throws the locked or unavailable error, with its fix, unless the keychain can be used now. */
  usable(): Promise<void>;
}

type Keytar = typeof keytarModule;

/** Reads stay fresh enough that a secret changed by another process is picked up quickly. */
const CACHE_MS = 30_000;
/** How long a state answer is trusted: a long-running app sees an unlock within a second. */
const STATE_MS = 1_000;

/** After a dismissed unlock prompt, the next few calls fail at once instead of asking again. */
const PROMPT_PAUSE_MS = 10_000;

const LOCKED_FIX = 'Unlock it (log in to your desktop session, or open Passwords and Keys and unlock the "Login" keyring), then try again.';

/** What the Linux Secret Service says, in the user's words; `locked` learns which collection is. */
async function linuxState(service: string, env: NodeJS.ProcessEnv, locked: (collection: string) => void): Promise<KeychainState | undefined> {
  const found = await secretServiceState(service, env);
  switch (found.state) {
    case 'no-bus':
      return {
        state: 'unavailable',
        reason: `no D-Bus session (${found.detail})`,
        fix: 'To use the OS keychain, start Embed Console inside a desktop session, or under dbus-run-session with gnome-keyring running.',
      };
    case 'no-secret-service':
      return {
        state: 'unavailable',
        reason: 'no Secret Service on this D-Bus session',
        fix: 'To use the OS keychain, install gnome-keyring (or start KeePassXC with its Secret Service), or start inside a desktop session.',
      };
    case 'no-default-collection':
      return {
        state: 'unavailable',
        reason: 'the Secret Service has no default keyring',
        fix: 'To use the OS keychain, create a default keyring in Passwords and Keys (Seahorse), or log in to a desktop session once.',
      };
    case 'locked':
      locked(found.collection);
      return { state: 'locked', fix: LOCKED_FIX };
    case 'unlocked':
      return undefined;
  }
}

/** keytar, and so the probe, see this process's own environment (its D-Bus session). */
export function osKeychain(service: string, options: { platform?: NodeJS.Platform; clock?: () => number } = {}): Keychain {
  const platform = options.platform ?? process.platform;
  const clock = options.clock ?? Date.now;
  let keytar: Promise<Keytar> | undefined;
  let known: { state: Promise<KeychainState>; at?: number } | undefined;
  /** The locked collection, for the unlock prompt; and when a prompt was last dismissed. */
  let lockedCollection: string | undefined;
  let dismissedAt = -Infinity;
  const cache = new Map<string, { secret: string | null; at: number }>();

  async function probe(): Promise<KeychainState> {
    const linux = platform === 'linux' ? await linuxState(service, process.env, (collection) => (lockedCollection = collection)) : undefined;
    if (linux) return linux;
    try {
      keytar ??= import('keytar').then((m) => (m.default ?? m) as Keytar);
      await keytar;
      return { state: 'unlocked' };
    } catch (error) {
      keytar = undefined;
      return {
        state: 'unavailable',
        reason: `the keychain module did not load (${reasonOf(error).split('\n')[0]})`,
        fix: 'To use the OS keychain, reinstall with "npm ci" (on Linux keytar builds against libsecret-1-dev: scripts/system-deps.sh installs it).',
      };
    }
  }

  /** The answer is trusted for STATE_MS from when it came (a slow bus must not make it stale on arrival). */
  function state(): Promise<KeychainState> {
    if (!known || (known.at !== undefined && clock() - known.at > STATE_MS)) {
      const asking: { state: Promise<KeychainState>; at?: number } = { state: probe() };
      void asking.state.then(() => (asking.at = clock()));
      known = asking;
    }
    return known.state;
  }

  /** On a desktop session, the Secret Service's own unlock dialog (not again right after a dismissal). */
  async function offerUnlock(): Promise<KeychainState | undefined> {
    const desktop = process.env.DISPLAY || process.env.WAYLAND_DISPLAY;
    if (platform !== 'linux' || !desktop || !lockedCollection || clock() - dismissedAt < PROMPT_PAUSE_MS) return undefined;
    if ((await promptUnlock(lockedCollection)) === 'dismissed') {
      dismissedAt = clock();
      return undefined;
    }
    known = undefined;
    return state();
  }

  async function usable(): Promise<void> {
    let now = await state();
    if (now.state === 'locked') now = (await offerUnlock()) ?? now;
    if (now.state === 'locked') {
      const dismissed = clock() - dismissedAt < PROMPT_PAUSE_MS ? ' Its unlock prompt was dismissed, or could not be shown.' : '';
      throw new EmbedConsoleError('KEYCHAIN_LOCKED', `The OS keychain is locked.${dismissed} ${now.fix}`);
    }
    if (now.state === 'unavailable') throw new EmbedConsoleError('KEYCHAIN_UNAVAILABLE', `The OS keychain cannot be used here: ${now.reason}. ${now.fix}`);
  }

  async function call<T>(use: (k: Keytar) => Promise<T>): Promise<T> {
    await usable();
    try {
      return await use(await keytar!);
    } catch (error) {
      known = undefined;
      throw new EmbedConsoleError(
        'KEYCHAIN_UNAVAILABLE',
        `The OS keychain refused the request (${reasonOf(error)}). Check that it is unlocked, then try again.`,
        undefined,
        { cause: error },
      );
    }
  }

  return {
    state,
    usable,
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
