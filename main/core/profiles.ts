/**
 * Non-secret profile data (name, client id, base URL) in one JSON file in the data dir.
 * Written atomically (temp file + rename); read defensively: a corrupt file is kept aside under
 * a new name, reported, and replaced by an empty list, so nothing the user saved is lost.
 */
import { readFileSync } from 'node:fs';
import { mkdir, rename } from 'node:fs/promises';
import { dirname } from 'node:path';
import { randomBytes } from 'node:crypto';
import writeFileAtomic from 'write-file-atomic';
import * as z from 'zod/mini';
import { EmbedConsoleError } from '../../shared/errors';

const storedProfile = z.object({
  name: z.string(),
  clientId: z.string(),
  baseUrl: z.optional(z.string()),
  createdAt: z.string(),
  updatedAt: z.string(),
});
const profilesFile = z.object({ version: z.literal(1), profiles: z.array(storedProfile) });

export type StoredProfile = z.infer<typeof storedProfile>;

export class ProfileStore {
  private queue: Promise<unknown> = Promise.resolve();

  /** `notify` hears about files that had to be set aside. */
  constructor(
    readonly file: string,
    private readonly notify: (message: string) => void = () => {},
  ) {}

  /** Reads run in the same queue as changes, so a corrupt file is set aside exactly once. */
  list(): Promise<StoredProfile[]> {
    return this.serially(() => this.read());
  }

  private async read(): Promise<StoredProfile[]> {
    let text: string;
    try {
      // A blocking read of this small file takes microseconds; the async one waits for Node's
      // thread pool and was the largest cost of signing (bench/sign).
      text = readFileSync(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw this.storageError('read', error);
    }
    let problem: string;
    try {
      const parsed = profilesFile.safeParse(JSON.parse(text));
      if (parsed.success) return parsed.data.profiles;
      problem = `unexpected content at ${parsed.error.issues[0].path.join('.') || 'the top level'}`;
    } catch {
      problem = 'not valid JSON';
    }
    await this.setAside(problem);
    return [];
  }

  async get(name: string): Promise<StoredProfile> {
    const profile = (await this.list()).find((p) => p.name === name);
    if (!profile) {
      throw new EmbedConsoleError(
        'PROFILE_NOT_FOUND',
        `No profile named "${name}"; list them with "embed-console profile list" or add one with "embed-console profile add".`,
        'profile',
      );
    }
    return profile;
  }

  /** Applies a change to the list and saves it; changes from one process run one at a time. */
  update<T>(change: (profiles: StoredProfile[]) => { profiles: StoredProfile[]; result: T }): Promise<T> {
    return this.serially(async () => {
      const { profiles, result } = change(await this.read());
      await this.write(profiles);
      return result;
    });
  }

  private serially<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task);
    this.queue = run.catch(() => {});
    return run;
  }

  private async write(profiles: StoredProfile[]): Promise<void> {
    try {
      await mkdir(dirname(this.file), { recursive: true });
      await writeFileAtomic(this.file, `${JSON.stringify({ version: 1, profiles }, null, 2)}\n`, { mode: 0o600 });
    } catch (error) {
      throw this.storageError('write', error);
    }
  }

  private async setAside(problem: string): Promise<void> {
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    // The random tail keeps two files set aside in the same millisecond apart.
    const aside = `${this.file}.corrupt-${stamp}-${randomBytes(3).toString('hex')}`;
    try {
      await rename(this.file, aside);
    } catch (error) {
      throw this.storageError('set aside', error);
    }
    this.notify(
      `The profiles file ${this.file} was unreadable (${problem}); it was kept as ${aside} and the app started ` +
        `with no profiles. Copy back from that file any profile you need; the secrets are still in the keychain.`,
    );
  }

  private storageError(action: string, error: unknown): EmbedConsoleError {
    const reason = error instanceof Error ? error.message : String(error);
    return new EmbedConsoleError(
      'STORAGE_FAILED',
      `Could not ${action} the profiles file ${this.file} (${reason}). Check that its folder exists and is writable, ` +
        `or set EMBED_CONSOLE_HOME to another folder.`,
    );
  }
}
