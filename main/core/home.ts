/**
 * Where the core keeps its things: the data dir (the OS app-data dir, or $EMBED_CONSOLE_HOME)
 * and the keychain service name. A home set by EMBED_CONSOLE_HOME gets a keychain namespace of
 * its own, so tests and throwaway homes never touch the user's real secrets.
 */
import { join, resolve } from 'node:path';
import envPaths from 'env-paths';
import type { EmbedConsoleApi } from '../../shared/api';
import { HistoryStore } from './history';
import { JtiLedger } from './ledger';
import { ProfileStore } from './profiles';
import { createService } from './service';
import { keychainVault, type Vault } from './vault';

const APP = 'embed-console';

export function dataDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.EMBED_CONSOLE_HOME ? resolve(env.EMBED_CONSOLE_HOME) : envPaths(APP, { suffix: '' }).data;
}

export function keychainService(env: NodeJS.ProcessEnv = process.env): string {
  return env.EMBED_CONSOLE_HOME ? `${APP}:${dataDir(env)}` : APP;
}

/** The core as the CLI and the app use it, on the user's data dir and keychain. */
export interface Home {
  dataDir: string;
  profiles: ProfileStore;
  vault: Vault;
  core: EmbedConsoleApi;
  notify: (message: string) => void;
}

export function openHome(env: NodeJS.ProcessEnv, notify: (message: string) => void): Home {
  const dir = dataDir(env);
  const profiles = new ProfileStore(join(dir, 'profiles.json'), notify);
  const vault = keychainVault(keychainService(env));
  const ledger = new JtiLedger(join(dir, 'ledger.jsonl'), { source: 'Embed Console', notify });
  const history = new HistoryStore(join(dir, 'history.json'), notify);
  return { dataDir: dir, profiles, vault, core: createService({ profiles, vault, ledger, history, notify }), notify };
}
