/**
 * A keychain of a test's own: a D-Bus session and a gnome-keyring in a temp folder, apart from
 * the one the test run shares, so a test can put it in the states a user's machine can be in
 * (unlocked, locked) without touching any other test. Programs run with `env` see only it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import dbus from 'dbus-next';
import { requireOrSkip } from './system';

export interface PrivateKeyring {
  /** The environment that reaches this keychain (and no other). */
  env: NodeJS.ProcessEnv;
  /** Locks the login collection through the Secret Service API, as a screen lock does. */
  lock(): Promise<void>;
  /** How many items of keytar's `service` the keychain holds locked. */
  lockedItems(service: string): Promise<number>;
  stop(): Promise<void>;
}

const LOGIN = '/org/freedesktop/secrets/collection/login';

function commandMissing(name: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = spawn('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' });
    probe.on('exit', (code) => resolve(code !== 0));
  });
}

/** Whether a private keychain can be made here (skips or fails per EMBED_CONSOLE_REQUIRE_SYSTEM). */
export async function canMakeKeyring(): Promise<boolean> {
  const missing = [];
  for (const name of ['dbus-daemon', 'gnome-keyring-daemon']) if (await commandMissing(name)) missing.push(name);
  return requireOrSkip('a private keychain (dbus-daemon, gnome-keyring-daemon)', missing.length ? `${missing.join(' and ')} not installed` : undefined);
}

async function secretService<T>(address: string, use: (bus: ReturnType<typeof dbus.sessionBus>) => Promise<T>): Promise<T> {
  const bus = dbus.sessionBus({ busAddress: address });
  bus.on('error', () => {});
  try {
    return await use(bus);
  } finally {
    bus.disconnect();
  }
}

const message = (destination: string, path: string, iface: string, member: string, signature = '', body: unknown[] = []) =>
  new dbus.Message({ destination, path, interface: iface, member, signature, body });

export async function startKeyring(): Promise<PrivateKeyring> {
  const home = mkdtempSync(join(tmpdir(), 'embed-console-keyring-'));
  const daemon: ChildProcess = spawn('dbus-daemon', ['--session', '--nofork', '--print-address=1'], { stdio: ['ignore', 'pipe', 'ignore'] });
  const address = await new Promise<string>((resolve, reject) => {
    let out = '';
    daemon.stdout!.on('data', (chunk) => {
      out += chunk;
      if (out.includes('\n')) resolve(out.split('\n')[0].trim());
    });
    daemon.once('exit', (code) => reject(new Error(`dbus-daemon exited with ${code}`)));
  });
  const env = { ...process.env, DBUS_SESSION_BUS_ADDRESS: address, XDG_DATA_HOME: home };
  await new Promise<void>((resolve, reject) => {
    const keyring = spawn('gnome-keyring-daemon', ['--unlock', '--components=secrets'], { env, stdio: ['pipe', 'ignore', 'ignore'] });
    keyring.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`gnome-keyring-daemon exited with ${code}`))));
    keyring.stdin!.end('pw');
  });
  // The daemon leaves its starter behind: find it by the name it owns (soon after), to stop it at the end.
  const keyringPid = await secretService(address, async (bus) => {
    for (let tries = 0; ; tries++) {
      try {
        const reply = await bus.call(
          message('org.freedesktop.DBus', '/org/freedesktop/DBus', 'org.freedesktop.DBus', 'GetConnectionUnixProcessID', 's', ['org.freedesktop.secrets']),
        );
        return reply?.body[0] as number;
      } catch (error) {
        if (tries > 50) throw error;
        await new Promise((wait) => setTimeout(wait, 100));
      }
    }
  });
  return {
    env,
    lock: () =>
      secretService(address, async (bus) => {
        await bus.call(message('org.freedesktop.secrets', '/org/freedesktop/secrets', 'org.freedesktop.Secret.Service', 'Lock', 'ao', [[LOGIN]]));
      }),
    lockedItems: (service) =>
      secretService(address, async (bus) => {
        const reply = await bus.call(
          message('org.freedesktop.secrets', '/org/freedesktop/secrets', 'org.freedesktop.Secret.Service', 'SearchItems', 'a{ss}', [{ service }]),
        );
        return (reply?.body[1] as string[]).length;
      }),
    stop: async () => {
      try {
        process.kill(keyringPid);
      } catch {
        // gone already
      }
      daemon.kill();
      rmSync(home, { recursive: true, force: true });
    },
  };
}
