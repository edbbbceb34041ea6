/**
 * Where the core keeps its things: the data dir (the OS app-data dir, or $EMBED_CONSOLE_HOME)
 * and the keychain service name. A home set by EMBED_CONSOLE_HOME gets a keychain namespace of
 * its own, so tests and throwaway homes never touch the user's real secrets.
 */
import { join, resolve } from 'node:path';
import envPaths from 'env-paths';
import type { EmbedConsoleApi } from '../../shared/api';
import { ProfileStore } from './profiles';
import { createService } from './service';
import { keychainVault } from './vault';

const APP = 'embed-console';

export function dataDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.EMBED_CONSOLE_HOME ? resolve(env.EMBED_CONSOLE_HOME) : envPaths(APP, { suffix: '' }).data;
}

export function keychainService(env: NodeJS.ProcessEnv = process.env): string {
  return env.EMBED_CONSOLE_HOME ? `${APP}:${dataDir(env)}` : APP;
}

/** The core as the CLI and the app use it, on the user's data dir and keychain. */
export function openCore(env: NodeJS.ProcessEnv, notify: (message: string) => void): EmbedConsoleApi {
  return createService({
    profiles: new ProfileStore(join(dataDir(env), 'profiles.json'), notify),
    vault: keychainVault(keychainService(env)),
    notify,
  });
}
