/**
 * Non-secret profile data (name, client id, base URL, REST API client id and base) in one JSON
 * file in the data dir. The secrets are in the OS keychain (vault.ts), under the profile's name.
 */
import * as z from 'zod/mini';
import { EmbedConsoleError } from '../../shared/errors';
import { JsonFile } from './json-file';

const storedProfile = z.object({
  name: z.string(),
  clientId: z.string(),
  baseUrl: z.optional(z.string()),
  /** REST API credentials, for browsing the org's content; the secret is in the keychain. */
  api: z.optional(z.object({ clientId: z.string(), baseUrl: z.string() })),
  createdAt: z.string(),
  updatedAt: z.string(),
});
const profilesFile = z.object({ version: z.literal(1), profiles: z.array(storedProfile) });

export type StoredProfile = z.infer<typeof storedProfile>;

export class ProfileStore {
  private readonly json: JsonFile<z.infer<typeof profilesFile>>;

  /** `notify` hears about files that had to be set aside. */
  constructor(
    readonly file: string,
    notify?: (message: string) => void,
  ) {
    this.json = new JsonFile(file, {
      schema: profilesFile,
      empty: () => ({ version: 1, profiles: [] }),
      label: 'profiles file',
      afterSetAside: 'The app started with no profiles; copy back from that file any profile you need (the secrets are still in the keychain).',
      notify,
    });
  }

  async list(): Promise<StoredProfile[]> {
    return (await this.json.read()).profiles;
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
    return this.json.update(({ profiles }) => {
      const { profiles: next, result } = change(profiles);
      return { next: { version: 1 as const, profiles: next }, result };
    });
  }
}
