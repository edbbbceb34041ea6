/**
 * One JSON file the app owns, the way every such file is kept (architecture.md, rule 5):
 * written atomically (temp file + rename), read defensively (a file that is not what the schema
 * says is kept aside under a new name, reported, and read as the empty value), and changed one
 * change at a time: in order within a process, under the file's lock across processes.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { rename } from 'node:fs/promises';
import { dirname } from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import type * as z from 'zod/mini';
import { EmbedConsoleError, reasonOf } from '../../shared/errors';
import { ensureDir } from './ensure-dir';
import { removeStrayTempFiles, withFileLock } from './file-lock';

export interface JsonFileOptions<T> {
  schema: z.ZodMiniType<T>;
  empty: () => T;
  /** How the file is named to a person: "profiles file". */
  label: string;
  /** What the user should know when a corrupt file was set aside. */
  afterSetAside: string;
  /** Hears about files that had to be set aside. */
  notify?: (message: string) => void;
}

export class JsonFile<T> {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    readonly path: string,
    private readonly options: JsonFileOptions<T>,
  ) {}

  /** Reads run in the same queue as changes, so a corrupt file is set aside exactly once. */
  read(): Promise<T> {
    return this.serially(() => this.load());
  }

  /**
   * Applies a change to the content and saves it, holding the file's lock from the read to the
   * write, so a change made by another process meanwhile is never overwritten. The change may
   * be async (a keychain write that must land with the file, or not at all).
   */
  update<R>(change: (current: T) => { next: T; result: R } | Promise<{ next: T; result: R }>): Promise<R> {
    return this.serially(() =>
      withFileLock(this.path, this.options.label, async () => {
        const { next, result } = await change(await this.load());
        await this.save(next);
        await removeStrayTempFiles(this.path);
        return result;
      }),
    );
  }

  private serially<R>(task: () => Promise<R>): Promise<R> {
    const run = this.queue.then(task);
    this.queue = run.catch(() => {});
    return run;
  }

  private async load(): Promise<T> {
    let text: string;
    try {
      // A blocking read of a small file takes microseconds; the async one waits for Node's
      // thread pool and was the largest cost of signing (bench/sign).
      text = readFileSync(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return this.options.empty();
      throw this.storageError('read', error);
    }
    let problem: string;
    try {
      const parsed = this.options.schema.safeParse(JSON.parse(text));
      if (parsed.success) return parsed.data;
      problem = `unexpected content at ${parsed.error.issues[0].path.join('.') || 'the top level'}`;
    } catch {
      problem = 'not valid JSON';
    }
    await this.setAside(problem);
    return this.options.empty();
  }

  private async save(value: T): Promise<void> {
    try {
      await ensureDir(dirname(this.path));
      await writeFileAtomic(this.path, `${JSON.stringify(value, null, 2)}\n`, { mode: 0o600 });
    } catch (error) {
      throw this.storageError('write', error);
    }
  }

  private async setAside(problem: string): Promise<void> {
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    // The random tail keeps two files set aside in the same millisecond apart.
    const aside = `${this.path}.corrupt-${stamp}-${randomBytes(3).toString('hex')}`;
    try {
      await rename(this.path, aside);
    } catch (error) {
      // Another process set it aside first, and said so.
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw this.storageError('set aside', error);
    }
    this.options.notify?.(`The ${this.options.label} ${this.path} was unreadable (${problem}); it was kept as ${aside}. ${this.options.afterSetAside}`);
  }

  private storageError(action: string, error: unknown): EmbedConsoleError {
    const reason = reasonOf(error);
    return new EmbedConsoleError(
      'STORAGE_FAILED',
      `Could not ${action} the ${this.options.label} ${this.path} (${reason}). Check that its folder exists and is writable, ` +
        `or set EMBED_CONSOLE_HOME to another folder.`,
      undefined,
      { cause: error },
    );
  }
}
