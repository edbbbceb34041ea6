/**
 * The Linux keychain's state, asked over D-Bus before keytar is: keytar (libsecret) cannot be
 * trusted to say it. With no D-Bus session it fails slowly; on a locked collection its search
 * kills the process (atom/node-keytar#477, never fixed) and its reads answer "no secret". The
 * Secret Service API says all of it plainly: who owns org.freedesktop.secrets, the default
 * collection, its Locked property, and which of our items are locked.
 */
import { reasonOf } from '../../shared/errors';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { MessageBus } from 'dbus-next';

export type ServiceState =
  | { state: 'no-bus'; detail: string }
  | { state: 'no-secret-service' }
  | { state: 'no-default-collection' }
  | { state: 'locked'; collection: string }
  | { state: 'unlocked' };

const SECRETS = 'org.freedesktop.secrets';
const SERVICE_PATH = '/org/freedesktop/secrets';
const SERVICE_IFACE = 'org.freedesktop.Secret.Service';
/** A bus that does not answer this fast is treated as absent: a start never hangs on it. */
const TIMEOUT_MS = 3_000;

type Bus = MessageBus;
/** Loaded on first use: only Linux needs it, and only commands that touch the keychain. */
const dbusNext = () => import('dbus-next').then((m) => m.default);

async function call(bus: Bus, destination: string, path: string, iface: string, member: string, signature = '', body: unknown[] = []): Promise<unknown[]> {
  const { Message } = await dbusNext();
  const reply = await bus.call(new Message({ destination, path, interface: iface, member, signature, body }));
  return reply?.body ?? [];
}

function withTimeout<T>(work: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>(
    (_, reject) => (timer = setTimeout(() => reject(new Error(`${what} did not answer in ${TIMEOUT_MS / 1000} s`)), TIMEOUT_MS).unref()),
  );
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

async function ask(bus: Bus, service: string): Promise<ServiceState> {
  const [owned] = await call(bus, 'org.freedesktop.DBus', '/org/freedesktop/DBus', 'org.freedesktop.DBus', 'NameHasOwner', 's', [SECRETS]);
  if (!owned) {
    const [activatable] = await call(bus, 'org.freedesktop.DBus', '/org/freedesktop/DBus', 'org.freedesktop.DBus', 'ListActivatableNames');
    if (!(activatable as string[]).includes(SECRETS)) return { state: 'no-secret-service' };
  }
  const [collection] = (await call(bus, SECRETS, SERVICE_PATH, SERVICE_IFACE, 'ReadAlias', 's', ['default'])) as [string];
  if (!collection || collection === '/') return { state: 'no-default-collection' };
  const [locked] = (await call(bus, SECRETS, collection, 'org.freedesktop.DBus.Properties', 'Get', 'ss', ['org.freedesktop.Secret.Collection', 'Locked'])) as [
    { value: boolean },
  ];
  if (locked.value) return { state: 'locked', collection };
  // Our items may sit in another, locked collection: keytar's search would crash on those too.
  const [, lockedItems] = (await call(bus, SECRETS, SERVICE_PATH, SERVICE_IFACE, 'SearchItems', 'a{ss}', [{ service }])) as [string[], string[]];
  if (lockedItems.length > 0) return { state: 'locked', collection: lockedItems[0].replace(/\/[^/]*$/, '') };
  return { state: 'unlocked' };
}

/** The session bus as libsecret finds it: the variable, else the user's bus socket in XDG_RUNTIME_DIR. */
function busAddress(env: NodeJS.ProcessEnv): string | undefined {
  if (env.DBUS_SESSION_BUS_ADDRESS) return env.DBUS_SESSION_BUS_ADDRESS;
  const socket = env.XDG_RUNTIME_DIR && join(env.XDG_RUNTIME_DIR, 'bus');
  return socket && existsSync(socket) ? `unix:path=${socket}` : undefined;
}

/** Runs `use` on a session bus connection, closed afterwards whatever happens. */
async function onBus<T>(env: NodeJS.ProcessEnv, use: (bus: Bus) => Promise<T>): Promise<T> {
  const address = busAddress(env);
  if (!address) throw new Error('DBUS_SESSION_BUS_ADDRESS is not set');
  const bus = (await dbusNext()).sessionBus({ busAddress: address });
  // A connection that fails (a stale address) leaves pending calls unsettled: fail them at once.
  let broke: (error: Error) => void = () => {};
  const broken = new Promise<never>((_, reject) => (broke = reject));
  broken.catch(() => {});
  bus.on('error', (error: Error) => broke(error));
  try {
    return await Promise.race([use(bus), broken]);
  } finally {
    bus.disconnect();
    // disconnect() only ends the socket: a peer that never closes it would keep the process alive.
    (bus as unknown as { _connection?: { stream?: { destroy(): void } } })._connection?.stream?.destroy();
  }
}

/** The Secret Service's state for items of `service` (keytar's service attribute). */
export async function secretServiceState(service: string, env: NodeJS.ProcessEnv = process.env): Promise<ServiceState> {
  try {
    return await onBus(env, (bus) => withTimeout(ask(bus, service), 'the D-Bus session'));
  } catch (error) {
    return { state: 'no-bus', detail: reasonOf(error) };
  }
}

/**
 * Asks the Secret Service to unlock a collection: on a desktop it shows its own password
 * dialog, and this waits for the user (up to `waitMs`). Headless, the dialog cannot be shown
 * and the answer is "dismissed" at once. Never dismissed from here: gnome-keyring aborts then.
 */
export function promptUnlock(collection: string, env: NodeJS.ProcessEnv = process.env, waitMs = 120_000): Promise<'unlocked' | 'dismissed'> {
  return onBus(env, async (bus) => {
    const [, prompt] = (await call(bus, SECRETS, SERVICE_PATH, SERVICE_IFACE, 'Unlock', 'ao', [[collection]])) as [string[], string];
    if (prompt === '/') return 'unlocked';
    const iface = (await bus.getProxyObject(SECRETS, prompt)).getInterface('org.freedesktop.Secret.Prompt');
    const completed = new Promise<'unlocked' | 'dismissed'>((resolve) => {
      iface.on('Completed', (dismissed: boolean) => resolve(dismissed ? 'dismissed' : 'unlocked'));
      setTimeout(() => resolve('dismissed'), waitMs).unref();
    });
    await iface.Prompt('');
    return completed;
  }).catch(() => 'dismissed' as const);
}
