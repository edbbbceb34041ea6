/**
 * A jti ledger: every token id seen, with its expiry, when and where it was first seen, and how
 * (signed, inspected, copied, or loaded: only a load uses the token up); never the token. A
 * later, stronger use of a jti (copied, then loaded) is recorded over the first. Sigma accepts
 * each jti once; the app and the CLI keep one ledger (ledger.jsonl) to tell a token signed or
 * inspected here, and the local embed host keeps its own (host-ledger.jsonl) of tokens loaded,
 * to refuse replays across restarts; the inspector reads both.
 *
 * It is a journal, one JSON line per jti, appended to and never rewritten on the way: signing
 * records without reading, and the cost of a record does not grow with the ledger. Each line
 * goes down in one append, so a crash can tear at most the last one, which reading skips and
 * the next append (which starts with a newline) leaves alone. Lines of expired tokens are
 * dropped when the journal is read, and the file is rewritten (atomically) once there are
 * COMPACT_AFTER of them or more and they are most of it.
 */
import { appendFile, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import * as z from 'zod/mini';
import { EmbedConsoleError, reasonOf } from '../../shared/errors';
import { removeStrayTempFiles, withFileLock } from './file-lock';
import { ensureDir } from './ensure-dir';

/** The host's ledger, in the data dir: every token it admitted, so every token really used up there. */
export const HOST_LEDGER = 'host-ledger.jsonl';

export type LedgerUse = 'signed' | 'inspected' | 'copied' | 'loaded';
/** How near each use comes to using the token up: a stronger use replaces a weaker one. */
const STRENGTH: Record<LedgerUse, number> = { signed: 0, inspected: 0, copied: 1, loaded: 2 };
const entrySchema = z.object({
  jti: z.string(),
  exp: z.number(),
  seenAt: z.string(),
  source: z.string(),
  // Lines written before uses were told apart have none: the ledger's own use is theirs.
  use: z.optional(z.enum(['signed', 'inspected', 'copied', 'loaded'])),
});
type Line = z.infer<typeof entrySchema>;
export type LedgerEntry = Omit<Line, 'jti'> & { use: LedgerUse };

/** One line of the journal, or undefined for a torn or foreign one. */
function parseLine(line: string): Line | undefined {
  try {
    const parsed = entrySchema.safeParse(JSON.parse(line));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** Rewrite the journal once this many of its lines are of expired tokens, and they are most of it. */
const COMPACT_AFTER = 1000;

export interface LedgerOptions {
  /** Where a jti was seen, unless record() says otherwise. */
  source: string;
  /** How, unless record() says otherwise. */
  use: LedgerUse;
  now?: () => number;
  notify?: (message: string) => void;
}

export class JtiLedger {
  // A Map: a jti is the signer's free text ("__proto__" included).
  private readonly entries = new Map<string, LedgerEntry>();
  private loaded?: Promise<void>;
  private pending: string[] = [];
  private writing: Promise<void> = Promise.resolve();
  /** Said once: a journal read again says the same. */
  private toldUnreadable = false;
  private readonly now: () => number;

  constructor(
    readonly file: string,
    private readonly options: LedgerOptions,
  ) {
    this.now = options.now ?? Date.now;
  }

  /** A ledger read and ready to answer record(). */
  static async open(file: string, options: LedgerOptions): Promise<JtiLedger> {
    const ledger = new JtiLedger(file, options);
    await ledger.load();
    return ledger;
  }

  /** Reads the journal, once. */
  load(): Promise<void> {
    this.loaded ??= this.reading();
    return this.loaded;
  }

  /** Reads the journal again, for what other processes (the CLI, the app) recorded since. */
  refresh(): Promise<void> {
    this.loaded = this.reading();
    return this.loaded;
  }

  /** A read whose failure is not kept: the next load() tries again (a full disk, a lock, pass). */
  private reading(): Promise<void> {
    const read = this.read();
    read.catch(() => {
      if (this.loaded === read) this.loaded = undefined;
    });
    return read;
  }

  /**
   * Records the first use of a jti, or returns the entry it has (its strongest use). Synchronous, so of
   * many requests carrying one token exactly one is first. Call load() first.
   */
  record(jti: string, exp: number, source = this.options.source, use = this.options.use): LedgerEntry | undefined {
    const seen = this.entries.get(jti);
    if (seen) return seen;
    this.append(jti, exp, source, use);
    return undefined;
  }

  /** The entry of a jti's first use, recording nothing. Call load() first. */
  lookup(jti: string): LedgerEntry | undefined {
    return this.entries.get(jti);
  }

  /**
   * Records a stronger use of a jti already in the ledger (a token signed here, then loaded),
   * with the time of this use; a jti unknown here, or a use no stronger than the one recorded,
   * changes nothing. Returns whether it was recorded. Call load() first.
   */
  strengthen(jti: string, use: LedgerUse, source: string): boolean {
    const seen = this.entries.get(jti);
    if (!seen || STRENGTH[use] <= STRENGTH[seen.use]) return false;
    this.append(jti, seen.exp, source, use);
    return true;
  }

  /** Records a jti without looking it up: a token just signed is new by construction. */
  append(jti: string, exp: number, source = this.options.source, use = this.options.use): void {
    const entry = { exp, seenAt: new Date(this.now()).toISOString(), source, use };
    this.entries.set(jti, entry);
    // The newline goes first: a line torn by a crash then never runs into the next one.
    this.pending.push(`\n${JSON.stringify({ jti, ...entry })}`);
  }

  /** Writes what was recorded; records made meanwhile go in the next write, together. */
  flush(): Promise<void> {
    const run = this.writing.then(async () => {
      if (this.pending.length === 0) return;
      const lines = this.pending;
      this.pending = [];
      try {
        await ensureDir(dirname(this.file));
        // Under the lock: a compaction by another process must not rename the file away mid-append.
        await withFileLock(this.file, 'jti ledger', () => appendFile(this.file, lines.join(''), { mode: 0o600 }));
      } catch (error) {
        // Kept for the next flush: a failed write loses nothing and blocks no later one.
        this.pending = [...lines, ...this.pending];
        throw this.storageError('write', error);
      }
    });
    this.writing = run.catch(() => {});
    return run;
  }

  private async read(): Promise<void> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw this.storageError('read', error);
    }
    const nowSeconds = this.now() / 1000;
    let expired = 0;
    let unreadable = 0;
    const lines = text.split('\n').filter(Boolean);
    for (const line of lines) {
      const parsed = parseLine(line);
      if (!parsed) unreadable++;
      else if (parsed.exp <= nowSeconds) expired++;
      else {
        const { jti, ...entry } = parsed;
        const use = entry.use ?? this.options.use;
        const seen = this.entries.get(jti);
        if (!seen || STRENGTH[use] > STRENGTH[seen.use]) this.entries.set(jti, { ...entry, use });
      }
    }
    // A torn last line is what a crash leaves; more than that is worth saying.
    if (unreadable > 1 && !this.toldUnreadable) {
      this.toldUnreadable = true;
      this.options.notify?.(`The jti ledger ${this.file} had ${unreadable} unreadable lines; they were skipped.`);
    }
    if (expired >= COMPACT_AFTER && expired * 2 > lines.length) await this.compact();
  }

  /** Rewrites the journal with its live lines, read again under the lock: lines other processes appended meanwhile stay. */
  private async compact(): Promise<void> {
    const nowSeconds = this.now() / 1000;
    try {
      await withFileLock(this.file, 'jti ledger', async () => {
        const lines = (await readFile(this.file, 'utf8')).split('\n').filter((line) => {
          const parsed = parseLine(line);
          return parsed !== undefined && parsed.exp > nowSeconds;
        });
        await writeFileAtomic(this.file, lines.map((line) => `\n${line}`).join(''), { mode: 0o600 });
        await removeStrayTempFiles(this.file);
      });
    } catch (error) {
      throw this.storageError('rewrite', error);
    }
  }

  private storageError(action: string, error: unknown): EmbedConsoleError {
    if (error instanceof EmbedConsoleError) return error;
    const reason = reasonOf(error);
    return new EmbedConsoleError(
      'STORAGE_FAILED',
      `Could not ${action} the jti ledger ${this.file} (${reason}). Check that its folder is writable, or set EMBED_CONSOLE_HOME to another folder.`,
      undefined,
      { cause: error },
    );
  }
}
