/**
 * The profile store against real files: saving and reading back, corrupt files kept aside,
 * concurrent saves, and a writer killed mid-save (the file must never be left half written).
 */
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { findProfile, ProfileStore, type StoredProfile } from '../main/core/profiles';
import { openHome } from '../main/core/home';
import { runCli, tempHome } from './support/cli';
import { versionA, versionB } from './support/save-loop';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SAVE_LOOP = fileURLToPath(new URL('./support/save-loop.ts', import.meta.url));

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'embed-console-profiles-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function profile(name: string, extra: Partial<StoredProfile> = {}): StoredProfile {
  return {
    name,
    clientId: `${name}-client`,
    createdAt: '2024-01-02T03:04:05.000Z',
    updatedAt: '2024-01-02T03:04:05.000Z',
    ...extra,
  };
}

function add(...profiles: StoredProfile[]) {
  return (current: StoredProfile[]) => ({ profiles: [...current, ...profiles], result: profiles.length });
}

function permissions(file: string): number {
  return statSync(file).mode & 0o777;
}

describe('ProfileStore: saving and reading', () => {
  it('lists no profiles when the file does not exist yet, and does not create it', async () => {
    const file = join(tempDir(), 'profiles.json');
    const store = new ProfileStore(file);

    expect(await store.list()).toEqual([]);
    expect(existsSync(file)).toBe(false);
  });

  it('reads back what update() saved, from a fresh store too, as a private {version: 1, profiles} file', async () => {
    // The data folder does not exist yet: the first save creates it.
    const file = join(tempDir(), 'data', 'nested', 'profiles.json');
    const saved = [profile('staging', { baseUrl: 'https://staging.example.com' }), profile('prod')];
    const store = new ProfileStore(file);

    expect(await store.update(add(...saved))).toBe(2);

    expect(await store.list()).toEqual(saved);
    expect(await new ProfileStore(file).list()).toEqual(saved);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ version: 1, profiles: saved });
    expect(permissions(file)).toBe(0o600);
  });

  it('makes an existing file private (0600) when it saves, even if it was readable by others', async () => {
    const file = join(tempDir(), 'profiles.json');
    writeFileSync(file, JSON.stringify({ version: 1, profiles: [profile('old')] }));
    chmodSync(file, 0o644);

    await new ProfileStore(file).update(add(profile('new')));

    expect(permissions(file)).toBe(0o600);
    expect((await new ProfileStore(file).list()).map((p) => p.name)).toEqual(['old', 'new']);
  });

  it('keeps the saved list when a change throws, and later saves still go through', async () => {
    const file = join(tempDir(), 'profiles.json');
    const store = new ProfileStore(file);
    await store.update(add(profile('kept')));

    await expect(
      store.update(() => {
        throw new Error('change refused');
      }),
    ).rejects.toThrow('change refused');
    await store.update(add(profile('after')));

    expect((await store.list()).map((p) => p.name)).toEqual(['kept', 'after']);
  });
});

describe('ProfileStore: corrupt files are kept aside, reported and replaced', () => {
  const validText = `${JSON.stringify({ version: 1, profiles: [profile('a'), profile('b')] }, null, 2)}\n`;
  const corruptFiles: [kind: string, bytes: Buffer][] = [
    ['not JSON', Buffer.from('name=staging\nclientId=abc\n')],
    ['truncated JSON', Buffer.from(validText.slice(0, Math.floor(validText.length / 2)))],
    ['JSON that is a list, not the file object', Buffer.from('[]')],
    ['JSON of an unknown version', Buffer.from('{"version":2,"profiles":[]}')],
    ['JSON with a profile missing its client id', Buffer.from('{"version":1,"profiles":[{"name":"x"}]}')],
    ['JSON null', Buffer.from('null')],
    ['an empty file', Buffer.alloc(0)],
    ['binary garbage', Buffer.from(Array.from({ length: 512 }, (_, i) => (i * 151 + 7) % 256))],
  ];

  it.each(corruptFiles)('%s: lists nothing, keeps the exact bytes aside, reports once, then saves afresh', async (_kind, bytes) => {
    const dir = tempDir();
    const file = join(dir, 'profiles.json');
    writeFileSync(file, bytes);
    const messages: string[] = [];
    const store = new ProfileStore(file, (message) => messages.push(message));

    expect(await store.list()).toEqual([]);

    const entries = readdirSync(dir);
    expect(entries).toHaveLength(1);
    const [asideName] = entries;
    expect(asideName.startsWith('profiles.json.corrupt-')).toBe(true);
    const aside = join(dir, asideName);
    expect(readFileSync(aside).equals(bytes)).toBe(true);

    expect(messages).toHaveLength(1);
    expect(messages[0]).toContain(file);
    expect(messages[0]).toContain(aside);

    await store.update(add(profile('fresh')));

    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ version: 1, profiles: [profile('fresh')] });
    expect(permissions(file)).toBe(0o600);
    expect(await new ProfileStore(file).list()).toEqual([profile('fresh')]);
    // The kept copy is left alone, and nothing new was reported.
    expect(readFileSync(aside).equals(bytes)).toBe(true);
    expect(messages).toHaveLength(1);
  });

  it('sets a corrupt file aside once, and fails no caller, when several calls read it at the same time', async () => {
    // E.g. the window lists profiles while the user saves one, right after start-up.
    const dir = tempDir();
    const file = join(dir, 'profiles.json');
    writeFileSync(file, '{"version":1,"profiles":[');
    const messages: string[] = [];
    const store = new ProfileStore(file, (message) => messages.push(message));

    const outcomes = await Promise.allSettled([store.list(), store.list(), store.update(add(profile('saved')))]);

    expect(outcomes.map((outcome) => (outcome.status === 'rejected' ? String(outcome.reason) : 'ok'))).toEqual(['ok', 'ok', 'ok']);
    expect(messages).toHaveLength(1);
    expect(readdirSync(dir).filter((name) => name.startsWith('profiles.json.corrupt-'))).toHaveLength(1);
    expect(await store.list()).toEqual([profile('saved')]);
  });
});

describe('ProfileStore: concurrent saves from one process', () => {
  it('loses none of 20 profiles added at the same time', async () => {
    const file = join(tempDir(), 'profiles.json');
    const store = new ProfileStore(file);
    const names = Array.from({ length: 20 }, (_, i) => `profile-${i}`);

    const results = await Promise.all(names.map((name) => store.update(add(profile(name)))));

    expect(results).toEqual(names.map(() => 1));
    const onDisk = await new ProfileStore(file).list();
    expect(onDisk.map((p) => p.name).sort()).toEqual([...names].sort());
  });
});

describe('ProfileStore: a writer killed mid-save (SIGKILL)', () => {
  // Children run side by side, each on its own file: starting one (tsx) is most of the time a kill takes.
  const LANES = 4;
  const KILLS_PER_LANE = 11;
  const MAX_DELAY_MS = 15; // a save takes a few ms here (more on a busy machine), so kills land inside and between saves
  const MAX_SAVES_FIRST = 3; // counted in saves, not ms, so both versions are hit however slow the machine is
  const fileA = { version: 1, profiles: versionA };
  const fileB = { version: 1, profiles: versionB };

  /** Starts the save loop, kills it `delayMs` after its `savesFirst`-th save (or after it is ready, for 0), and returns once it is gone. */
  async function runAndKill(file: string, savesFirst: number, delayMs: number): Promise<{ saves: number }> {
    const child = spawn(process.execPath, ['--import', 'tsx', SAVE_LOOP, file], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const closed = new Promise<NodeJS.Signals | null>((resolve, reject) => {
      child.on('error', reject);
      child.on('close', (_code, signal) => resolve(signal));
    });
    try {
      await new Promise<void>((resolve, reject) => {
        const tooSlow = setTimeout(() => reject(new Error('the save loop was not ready within 15 s')), 15_000);
        child.stdout.on('data', (chunk) => {
          stdout += chunk;
          if (stdout.startsWith('ready\n') && stdout.split('\n').filter((line) => line.startsWith('saved ')).length >= savesFirst) {
            clearTimeout(tooSlow);
            resolve();
          }
        });
        closed.then(() => reject(new Error(`the save loop stopped before it was ready: ${stderr}`)), reject);
      });
      await new Promise((resolve) => setTimeout(resolve, delayMs));
    } finally {
      // Never leave a child writing into a folder the test is about to remove.
      child.kill('SIGKILL');
    }
    const signal = await closed;
    // Killed by us, not stopped by an error of its own.
    expect(signal, `the save loop ended by itself: ${stderr}`).toBe('SIGKILL');
    return { saves: stdout.split('\n').filter((line) => line.startsWith('saved ')).length };
  }

  /** 'absent', 'A', 'B', or what is wrong with the file. */
  function contentOf(file: string): string {
    if (!existsSync(file)) return 'absent';
    const text = readFileSync(file, 'utf8');
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      return `not valid JSON (${text.length} bytes: ${String(error)})`;
    }
    if (isDeepStrictEqual(parsed, fileA)) return 'A';
    if (isDeepStrictEqual(parsed, fileB)) return 'B';
    return `valid JSON but neither version (${text.length} bytes)`;
  }

  it(`leaves the file as exactly the previous or the next version after each of ${LANES * KILLS_PER_LANE} kills`, { timeout: 60_000 }, async () => {
    const seen = new Set<string>();
    let killsLeavingTempFiles = 0;
    let failed = false;

    async function lane(): Promise<void> {
      const dir = tempDir();
      const file = join(dir, 'profiles.json');
      let written = false;
      let tempFiles = 0;
      for (let kill = 1; kill <= KILLS_PER_LANE && !failed; kill++) {
        const delayMs = Math.floor(Math.random() * MAX_DELAY_MS);
        const savesFirst = Math.floor(Math.random() * (MAX_SAVES_FIRST + 1));
        const { saves } = await runAndKill(file, savesFirst, delayMs);
        const content = contentOf(file);
        const where = `${file}, kill ${kill} at ${delayMs} ms after save ${savesFirst}, ${saves} saves reported`;
        if (content === 'absent') {
          expect(written, `the file disappeared after it had been written (${where})`).toBe(false);
        } else {
          expect(content, where).toMatch(/^[AB]$/);
        }
        written ||= content !== 'absent' || saves > 0;
        seen.add(content);

        const entries = readdirSync(dir);
        expect(
          entries.filter((name) => name.includes('.corrupt-')),
          where,
        ).toEqual([]);
        const leftovers = entries.filter((name) => /^profiles\.json\.\d+$/.test(name)).length;
        if (leftovers > tempFiles) killsLeavingTempFiles++;
        tempFiles = leftovers;
      }
    }

    // On the first failure the other lanes stop too, and every child is dead before the folders go.
    const outcomes = await Promise.allSettled(
      Array.from({ length: LANES }, () =>
        lane().catch((error: unknown) => {
          failed = true;
          throw error;
        }),
      ),
    );
    for (const outcome of outcomes) if (outcome.status === 'rejected') throw outcome.reason;

    // The kills hit both versions, and some of them landed in the middle of writing a file
    // (write-file-atomic's temp file was left behind), so the check above was not idle.
    expect(seen.has('A') && seen.has('B'), `contents seen: ${[...seen].join(', ')}`).toBe(true);
    expect(killsLeavingTempFiles).toBeGreaterThan(0);
  });
});

describe('ProfileStore in a folder that cannot be made', () => {
  it("says so instead of hanging where Node's recursive mkdir would spin (under /proc)", async () => {
    const store = new ProfileStore('/proc/embed-console-nowhere/profiles.json');
    await expect(store.update(add(profile('a')))).rejects.toMatchObject({
      code: 'STORAGE_FAILED',
      // What (the profiles file's lock), where, and the system's reason: its folder could not be made.
      message: expect.stringMatching(
        /^Could not lock the profiles file \/proc\/embed-console-nowhere\/profiles\.json for writing \(ENOENT: .*'\/proc\/embed-console-nowhere'\)\. Check that its folder exists and is writable, or set EMBED_CONSOLE_HOME to another folder\.$/,
      ),
    });
  });
});

describe('profile names are case-insensitive: ACME-PROD and acme-prod are one profile', () => {
  it('finds a profile whatever the case of the name asked, the exact name first', () => {
    const list = [profile('ACME-PROD'), profile('staging')];
    expect(findProfile(list, 'acme-prod')?.name).toBe('ACME-PROD');
    expect(findProfile(list, 'Staging')?.name).toBe('staging');
    expect(findProfile(list, 'prod')).toBeUndefined();
  });

  it('asks for the exact name when a file from before the rule holds two that differ only in case', () => {
    const list = [profile('ACME-PROD'), profile('acme-prod')];
    expect(findProfile(list, 'acme-prod')?.name).toBe('acme-prod');
    expect(() => findProfile(list, 'Acme-Prod')).toThrow(
      'No profile is named exactly "Acme-Prod", and "ACME-PROD" and "acme-prod" differ from it only in case; give the exact name.',
    );
  });

  it('updates the profile, under its own name, when a save that replaces names it in another case', async () => {
    const { home, cleanup } = tempHome();
    try {
      const { core } = openHome({ EMBED_CONSOLE_HOME: home }, { notify: () => {} });
      expect(await core['profiles:save']({ name: 'ACME-PROD', clientId: 'old-client', secretEnv: 'ACME_SECRET' })).toMatchObject({ ok: true });
      const replaced = await core['profiles:save']({ name: 'acme-prod', clientId: 'new-client', secretEnv: 'ACME_SECRET', overwrite: true });
      expect(replaced).toMatchObject({ ok: true, data: { name: 'ACME-PROD', clientId: 'new-client' } });
      const listed = await core['profiles:list']({});
      expect(listed.ok && listed.data.filter((p) => p.name.toLowerCase() === 'acme-prod')).toEqual([expect.objectContaining({ name: 'ACME-PROD' })]);
    } finally {
      cleanup();
    }
  });

  describe('through the built CLI (the secret in an environment variable: no keychain needed)', () => {
    const { home, cleanup } = tempHome();
    const env = { ACME_SECRET: 'acme-secret-0123456789abcdef' };
    const cli = (...args: string[]) => runCli(args, { home, env });

    it('refuses to add acme-prod next to ACME-PROD, naming the one that exists; signs and removes it by either case', async () => {
      try {
        const added = await cli('profile', 'add', 'ACME-PROD', '--client-id', 'acme-client', '--secret-env', 'ACME_SECRET');
        expect(added.code, added.stderr).toBe(0);

        const again = await cli('profile', 'add', 'acme-prod', '--client-id', 'other-client', '--secret-env', 'ACME_SECRET');
        expect(again.code).toBe(1);
        expect(again.stderr.trim()).toBe(
          'embed-console: Profile "ACME-PROD" exists already, and "acme-prod" differs from it only in case, which names the same profile; choose another name, or edit or remove "ACME-PROD".',
        );
        const listed = await cli('profile', 'list', '--json');
        expect((JSON.parse(listed.stdout) as StoredProfile[]).filter((p) => p.name.toLowerCase() === 'acme-prod')).toEqual([
          expect.objectContaining({ name: 'ACME-PROD', clientId: 'acme-client' }),
        ]);

        // Signing by another case finds it: the token is ACME-PROD's (its client id is the kid).
        const signed = await cli(
          'sign',
          '--profile',
          'acme-prod',
          '--url',
          'https://app.sigmacomputing.com/acme/workbook/Sales-1a2b3c',
          '--sub',
          'ada@example.com',
        );
        expect(signed.code, signed.stderr).toBe(0);
        const token = new URL(signed.stdout.trim()).searchParams.get(':jwt')!;
        expect(JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString())).toMatchObject({ kid: 'acme-client' });

        // A name no profile has: told with the names there are, in words for the app and the CLI alike.
        const nobody = await cli('profile', 'remove', 'nobody');
        expect(nobody.code).toBe(1);
        expect(nobody.stderr).toMatch(/^embed-console: No profile named "nobody"; the profiles are (.*, )?"ACME-PROD"(, .*)?\.\n$/);

        const removed = await cli('profile', 'remove', 'Acme-Prod');
        expect(removed.code, removed.stderr).toBe(0);
        const left = JSON.parse((await cli('profile', 'list', '--json')).stdout) as StoredProfile[];
        expect(left.map((p) => p.name)).not.toContain('ACME-PROD');
      } finally {
        cleanup();
      }
    });
  });
});
