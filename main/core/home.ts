/**
 * Where the core keeps its things: the data dir (the OS app-data dir, or $EMBED_CONSOLE_HOME)
 * and the secret stores. A home set by EMBED_CONSOLE_HOME gets a keychain namespace of its own,
 * so tests and throwaway homes never touch the user's real secrets.
 */
import { join, resolve } from 'node:path';
import envPaths from 'env-paths';
import { LOCAL_DEMO, type EmbedConsoleApi } from '../../shared/api';
import { demoSecretsFile } from './demo-secrets';
import { HistoryStore } from './history';
import { osKeychain } from './keychain';
import { HOST_LEDGER, JtiLedger } from './ledger';
import { PersonaStore } from './personas';
import { ProfileStore } from './profiles';
import { createSecrets } from './secrets';
import { hostKeys, type HostKeys } from './host-keys';
import { createService } from './service';
import { passphraseVault, type AskPassphrase } from './vault-file';

const APP = 'embed-console';
/** For scripts and CI: the passphrase of the vault, where there is no OS keychain. */
export const PASSPHRASE_VARIABLE = 'EMBED_CONSOLE_PASSPHRASE';

export function dataDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.EMBED_CONSOLE_HOME ? resolve(env.EMBED_CONSOLE_HOME) : envPaths(APP, { suffix: '' }).data;
}

export function keychainService(env: NodeJS.ProcessEnv = process.env): string {
  return env.EMBED_CONSOLE_HOME ? `${APP}:${dataDir(env)}` : APP;
}

/**
 * The core as the CLI and the app use it, on the user's data dir and secret stores: the
 * contract for every transport, and for the local embed host the few keys it needs.
 */
export interface Home {
  dataDir: string;
  /** Where the profiles file is: its absence means a first run. */
  profilesFile: string;
  core: EmbedConsoleApi;
  hostKeys: HostKeys;
  notify: (message: string) => void;
}

export interface HomeOptions {
  /** Hears what the user should know (a file set aside, a failed background write). */
  notify: (message: string) => void;
  /** How this entry point asks for the vault's passphrase (a terminal prompt); the app asks through the contract instead. */
  askPassphrase?: AskPassphrase;
}

export function openHome(env: NodeJS.ProcessEnv, options: HomeOptions): Home {
  const { notify } = options;
  const dir = dataDir(env);
  const fromEnv = env[PASSPHRASE_VARIABLE];
  const ask: AskPassphrase = async (request) => fromEnv || (await options.askPassphrase?.(request));
  const secrets = createSecrets({
    keychain: osKeychain(keychainService(env)),
    vault: passphraseVault(join(dir, 'secrets.vault'), ask),
    demo: demoSecretsFile(join(dir, 'local-demo.secrets.json'), notify),
    demoProfile: LOCAL_DEMO,
    env,
  });
  const profiles = new ProfileStore(join(dir, 'profiles.json'), notify);
  const ledger = new JtiLedger(join(dir, 'ledger.jsonl'), { source: 'Embed Console', use: 'signed', notify });
  const history = new HistoryStore(join(dir, 'history.json'), notify);
  const personas = new PersonaStore(join(dir, 'personas.json'), notify);
  return {
    dataDir: dir,
    profilesFile: profiles.file,
    core: createService({ profiles, secrets, ledger, hostLedgerFile: join(dir, HOST_LEDGER), history, personas, notify }),
    hostKeys: hostKeys({ profiles, secrets }),
    notify,
  };
}
