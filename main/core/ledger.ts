/**
 * A jti ledger: every token id seen, with its expiry and when and where it was first seen; never
 * the token. Sigma accepts each jti once; the local embed host keeps one such ledger to refuse
 * replays, and keeps it on disk so a restart does not forget. Entries go once their token has
 * expired, since an expired token is refused anyway.
 */
import * as z from 'zod/mini';
import { JsonFile } from './json-file';

const entrySchema = z.object({ exp: z.number(), seenAt: z.string(), source: z.string() });
// A list, not an object keyed by jti: a jti is the signer's free text ("__proto__" included).
const ledgerSchema = z.object({ version: z.literal(2), entries: z.array(z.extend(entrySchema, { jti: z.string() })) });

export type LedgerEntry = z.infer<typeof entrySchema>;

export class JtiLedger {
  private readonly entries = new Map<string, LedgerEntry>();
  private readonly json: JsonFile<z.infer<typeof ledgerSchema>>;
  private scheduled?: Promise<void>;

  private constructor(
    file: string,
    private readonly source: string,
    private readonly now: () => number,
    notify?: (message: string) => void,
  ) {
    this.json = new JsonFile(file, {
      schema: ledgerSchema,
      empty: () => ({ version: 2, entries: [] }),
      label: 'jti ledger',
      afterSetAside: 'Tokens used before now may be accepted once more.',
      notify,
    });
  }

  static async open(file: string, source: string, options: { now?: () => number; notify?: (m: string) => void } = {}): Promise<JtiLedger> {
    const ledger = new JtiLedger(file, source, options.now ?? Date.now, options.notify);
    for (const { jti, ...entry } of (await ledger.json.read()).entries) ledger.entries.set(jti, entry);
    return ledger;
  }

  /**
   * Records the first use of a jti, or returns the entry of its first use. Synchronous, so of
   * many requests carrying one token exactly one is first.
   */
  record(jti: string, exp: number): LedgerEntry | undefined {
    const seen = this.entries.get(jti);
    if (seen) return seen;
    this.entries.set(jti, { exp, seenAt: new Date(this.now()).toISOString(), source: this.source });
    return undefined;
  }

  /** Saves what was recorded; calls made while a save waits share it. */
  flush(): Promise<void> {
    this.scheduled ??= Promise.resolve().then(() => {
      this.scheduled = undefined;
      return this.json.update(({ entries: onDisk }) => {
        const nowSeconds = this.now() / 1000;
        // What another process saved meanwhile stays; of two sightings, the first wins.
        const merged = new Map<string, LedgerEntry>();
        for (const [jti, entry] of [...onDisk.map(({ jti, ...e }) => [jti, e] as const), ...this.entries]) {
          if (entry.exp > nowSeconds && !merged.has(jti)) merged.set(jti, entry);
        }
        for (const [jti, entry] of this.entries) if (entry.exp <= nowSeconds) this.entries.delete(jti);
        return { next: { version: 2, entries: [...merged].map(([jti, entry]) => ({ jti, ...entry })) }, result: undefined };
      });
    });
    return this.scheduled;
  }
}
