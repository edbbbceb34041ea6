/**
 * The one startup path of every entry point (the CLI, browser mode, the desktop app): first run
 * (local-demo made), the secret store (chosen per machine, and said in one line), and the local
 * embed host (a running one reused, else one started). Entry points differ only in the transport
 * they put in front of the contract.
 */
import { existsSync } from 'node:fs';
import { LOCAL_DEMO } from '../shared/api';
import type { SecretsStatus } from '../shared/secrets';
import { openHome, type Home, type HomeOptions } from './core/home';
import { createLocalDemo } from './core/local-demo';
import { runEmbedHost, type HostPorts, type RunningHost } from './host/run';
import { HOST_SERVICE } from './host/server';

export interface Session {
  home: Home;
  /** Where secrets live, and why; its `line` is what a start says. Asked only by the entry points that say it. */
  status(): Promise<SecretsStatus>;
}

export interface HostSession extends Session {
  host: RunningHost & { reused: boolean };
}

/** Opens the home, and on first run (no profiles file yet) creates local-demo. */
export async function startSession(env: NodeJS.ProcessEnv, options: HomeOptions): Promise<Session> {
  const home = openHome(env, options);
  if (!existsSync(home.profilesFile)) await createLocalDemo(home.core, home.notify);
  const status = async () => {
    const asked = await home.core['secrets:status']({});
    // It fails only on an unreadable profiles file, which is said where it is read.
    return asked.ok ? asked.data : unknownStatus(home);
  };
  return { home, status };
}

function unknownStatus(home: Home): SecretsStatus {
  return {
    store: 'keychain',
    keychain: { state: 'unavailable' },
    vault: { file: '', exists: false, unlocked: false },
    line: `Secrets: could not tell where secrets live (the profiles file in ${home.dataDir} could not be read).`,
    orphans: [],
  };
}

/** Whether local-demo's base URL points at a local embed host on this machine that answers. */
async function runningHost(home: Home): Promise<string | undefined> {
  const listed = await home.core['profiles:list']({});
  const demo = listed.ok ? listed.data.find((p) => p.name === LOCAL_DEMO) : undefined;
  if (!demo?.baseUrl) return undefined;
  const url = new URL(demo.baseUrl);
  if (url.hostname !== '127.0.0.1') return undefined;
  try {
    const response = await fetch(new URL('/__host/health', url), { signal: AbortSignal.timeout(500) });
    // The port may have gone to another program since: ask who answers.
    return response.ok && ((await response.json()) as { service?: unknown }).service === HOST_SERVICE ? url.origin : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A session with a local embed host: `reuse` takes the one local-demo points at if it answers
 * (the app and browser mode), `own` always starts one (embed-console host, on `port`, and HTTPS on `httpsPort`).
 */
export async function startHostSession(env: NodeJS.ProcessEnv, options: HomeOptions & HostPorts & { host: 'reuse' | 'own' }): Promise<HostSession> {
  const session = await startSession(env, options);
  const running = options.host === 'reuse' ? await runningHost(session.home) : undefined;
  if (running) return { ...session, host: { url: running, close: async () => {}, reused: true } };
  const host = await runEmbedHost(session.home, options);
  return { ...session, host: { ...host, reused: false } };
}
