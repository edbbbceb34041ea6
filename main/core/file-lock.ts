/**
 * One writer at a time across processes: the CLI, the app and the local embed host share the
 * data dir, so every read-modify-write of a file there runs under that file's lock (a `.lock`
 * folder beside it, proper-lockfile). A lock left by a killed process is stale once its owner
 * stops refreshing it, and the next writer takes it over.
 */
import { readdir, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import lockfile from 'proper-lockfile';
import { EmbedConsoleError } from '../../shared/errors';
import { ensureDir } from './ensure-dir';

/** A lock not refreshed for this long belongs to a process that died. */
const STALE_MS = 3_000;
/** Waits long enough to outlast a stale lock, and many writers queued before this one. */
const RETRIES = { retries: 200, minTimeout: 5, maxTimeout: 100, factor: 1.3, randomize: true };

/**
 * Runs `task` holding the lock of `file`. `label` names the file to a person: "profiles file".
 * Within one process, callers serialise first (the lock is not re-entrant).
 */
export async function withFileLock<T>(file: string, label: string, task: () => Promise<T>): Promise<T> {
  let release: () => Promise<void>;
  let lost: Error | undefined;
  try {
    await ensureDir(dirname(file));
    release = await lockfile.lock(file, {
      realpath: false,
      stale: STALE_MS,
      retries: RETRIES,
      onCompromised: (error) => (lost = error),
    });
  } catch (error) {
    const busy = (error as NodeJS.ErrnoException).code === 'ELOCKED';
    const problem = busy
      ? 'another Embed Console process kept it busy for too long). Try again'
      : `${(error as Error).message}). Check that its folder exists and is writable, or set EMBED_CONSOLE_HOME to another folder`;
    throw new EmbedConsoleError('STORAGE_FAILED', `Could not lock the ${label} ${file} for writing (${problem}.`, undefined, { cause: error });
  }
  try {
    const result = await task();
    if (lost) {
      throw new EmbedConsoleError(
        'STORAGE_FAILED',
        `The ${label} ${file} was changed by another process while this one wrote it (the machine stalled); try again.`,
        undefined,
        { cause: lost },
      );
    }
    return result;
  } finally {
    await release().catch(() => {});
  }
}

/**
 * The temp files an atomic write (write-file-atomic: `<file>.<32-bit number>`) leaves when its
 * process is killed before the rename. Call with the file's lock held: no writer is mid-write.
 */
export async function removeStrayTempFiles(file: string): Promise<void> {
  const name = basename(file);
  const stray = new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.\\d{1,10}$`);
  const entries = await readdir(dirname(file)).catch(() => []);
  await Promise.all(entries.filter((entry) => stray.test(entry)).map((entry) => rm(join(dirname(file), entry), { force: true })));
}
