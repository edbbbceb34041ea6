/**
 * The embeds crafted in the app, newest first: claims, target, options, profile, when and the
 * jti; never a token or a secret. One JSON file in the data dir, kept like every other
 * (json-file.ts), and capped so it stays small.
 */
import { randomUUID } from 'node:crypto';
import * as z from 'zod/mini';
import { OUTCOME_KINDS, claimsSchema, type HistoryEntry, type LoadOutcome } from '../../shared/api';
import { JsonFile } from './json-file';

const MAX_ENTRIES = 500;

/** A claim field a newer version added is dropped when read here, not the whole entry. */
const entrySchema = z.object({
  id: z.string(),
  at: z.string(),
  profile: z.string(),
  url: z.string(),
  options: z.record(z.string(), z.string()),
  controls: z.record(z.string(), z.array(z.string())),
  claims: z.object(claimsSchema.shape),
  jti: z.string(),
  outcome: z.optional(z.object({ kind: z.enum(OUTCOME_KINDS), text: z.string() })),
});
/** Entries are read one by one: one this version cannot read is passed over, and kept in the file as it is. */
const historySchema = z.object({ version: z.literal(1), entries: z.array(z.unknown()) });

const readable = (entries: unknown[]): HistoryEntry[] =>
  entries.flatMap((entry) => {
    const parsed = entrySchema.safeParse(entry);
    return parsed.success ? [parsed.data] : [];
  });

export class HistoryStore {
  private readonly json: JsonFile<z.infer<typeof historySchema>>;

  constructor(file: string, notify?: (message: string) => void) {
    this.json = new JsonFile(file, {
      schema: historySchema,
      empty: () => ({ version: 1, entries: [] }),
      label: 'history file',
      afterSetAside: 'The history starts afresh; the embeds it held are in that file.',
      notify,
    });
  }

  /** Entries newest first; with a query, those whose profile, target or claims contain it. */
  async list(query = ''): Promise<HistoryEntry[]> {
    const entries = readable((await this.json.read()).entries);
    const needle = query.trim().toLowerCase();
    if (!needle) return entries;
    return entries.filter((e) => JSON.stringify([e.profile, e.url, e.options, e.controls, e.claims]).toLowerCase().includes(needle));
  }

  add(entry: Omit<HistoryEntry, 'id' | 'at'>, now: number): Promise<HistoryEntry> {
    const added: HistoryEntry = { id: randomUUID(), at: new Date(now).toISOString(), ...entry };
    return this.json.update(({ entries }) => ({ next: { version: 1, entries: [added, ...entries].slice(0, MAX_ENTRIES) }, result: added }));
  }

  /** Records how the load of the entry with this jti ended; says whether there was one. */
  setOutcome(jti: string, outcome: LoadOutcome): Promise<boolean> {
    return this.json.update(({ entries }) => {
      let found = false;
      const next = entries.map((entry) => {
        if ((entry as { jti?: unknown }).jti !== jti) return entry;
        found = true;
        return { ...(entry as object), outcome };
      });
      return { next: { version: 1, entries: next }, result: found };
    });
  }

  /** Removes one entry, or all of them; says how many went. */
  remove(id?: string): Promise<number> {
    return this.json.update(({ entries }) => {
      const kept = id === undefined ? [] : entries.filter((e) => (e as { id?: unknown }).id !== id);
      return { next: { version: 1, entries: kept }, result: entries.length - kept.length };
    });
  }
}
