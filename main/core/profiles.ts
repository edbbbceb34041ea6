/**
 * Non-secret profile data (name, client id, base URL, REST API client id and base, and where
 * each secret is kept) in one JSON file in the data dir. The secrets themselves are in the store
 * that `secret` names (secrets.ts), or in the environment variable it names.
 */
import * as z from 'zod/mini';
import { EmbedConsoleError } from '../../shared/errors';
import type { SecretPlace } from '../../shared/secrets';
import { JsonFile } from './json-file';
import type { SecretKind, SecretRef } from './secrets';

const secretPlace = z.union([z.object({ store: z.enum(['keychain', 'vault', 'file']) }), z.object({ env: z.string() })]);

const storedProfile = z.object({
  name: z.string(),
  clientId: z.string(),
  baseUrl: z.optional(z.string()),
  /** Where the embed secret is; absent in files from before there was a choice: the keychain. */
  secret: z.optional(secretPlace),
  /** REST API credentials, for browsing the org's content. */
  api: z.optional(z.object({ clientId: z.string(), baseUrl: z.string(), secret: z.optional(secretPlace) })),
  createdAt: z.string(),
  updatedAt: z.string(),
});
const profilesFile = z.object({ version: z.literal(1), profiles: z.array(storedProfile) });

export type StoredProfile = z.infer<typeof storedProfile>;

const KEYCHAIN: SecretPlace = { store: 'keychain' };

/** A profile's embed or REST API secret, where it is kept; undefined for REST API credentials it lacks. */
export function secretRef(profile: StoredProfile, kind: SecretKind): SecretRef | undefined {
  if (kind === 'embed') return { profile: profile.name, kind, place: profile.secret ?? KEYCHAIN };
  return profile.api && { profile: profile.name, kind, place: profile.api.secret ?? KEYCHAIN };
}

/** Every secret a profile has. */
export const secretRefs = (profile: StoredProfile): SecretRef[] => (['embed', 'api'] as const).flatMap((kind) => secretRef(profile, kind) ?? []);

/**
 * The profile a name means. Names are case-insensitive: `ACME-PROD` and `acme-prod` are one
 * profile (a person reading a list, or a case-insensitive keychain, would confuse them). Every
 * lookup (sign, remove, browse, verify) finds it whatever the case; adding the other spelling is
 * refused (refuseTaken); a save that replaces (an edit, an import that overwrites) updates it
 * under the name it has, which its secrets are filed under. The exact name wins: a file from
 * before this rule may hold two that differ only in case, and then only the exact name will do.
 */
export function findProfile<P extends { name: string }>(profiles: P[], name: string): P | undefined {
  const exact = profiles.find((p) => p.name === name);
  if (exact) return exact;
  const alike = profiles.filter((p) => p.name.toLowerCase() === name.toLowerCase());
  if (alike.length > 1) {
    throw new EmbedConsoleError(
      'PROFILE_NOT_FOUND',
      `No profile is named exactly "${name}", and ${alike.map((p) => `"${p.name}"`).join(' and ')} differ from it only in case; give the exact name.`,
      'profile',
    );
  }
  return alike[0];
}

/** A name no profile has, with the names there are: words for the app and the command line alike. */
export function profileNotFound(name: string, profiles: StoredProfile[]): EmbedConsoleError {
  const names = profiles.map((p) => `"${p.name}"`);
  const there = names.length
    ? `the profiles are ${names.slice(0, 10).join(', ')}${names.length > 10 ? ` and ${names.length - 10} more` : ''}`
    : 'there are none yet';
  return new EmbedConsoleError('PROFILE_NOT_FOUND', `No profile named "${name}"; ${there}.`, 'profile');
}

/**
 * The rule for a new profile's name (a save that does not replace): refused if a profile of that
 * name exists, whatever its case, naming the one that does.
 */
export function refuseTaken(existing: StoredProfile, name: string): never {
  const alike = existing.name === name ? '' : `, and "${name}" differs from it only in case, which names the same profile`;
  throw new EmbedConsoleError(
    'PROFILE_EXISTS',
    `Profile "${existing.name}" exists already${alike}; choose another name, or edit or remove "${existing.name}".`,
    'name',
  );
}

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

  /** The profile a name means (findProfile), or PROFILE_NOT_FOUND. */
  async get(name: string): Promise<StoredProfile> {
    const profiles = await this.list();
    const profile = findProfile(profiles, name);
    if (!profile) throw profileNotFound(name, profiles);
    return profile;
  }

  /**
   * Applies a change to the list and saves it, one change at a time across processes. The
   * change may write secrets: they land while the list is locked, so no other save interleaves.
   */
  update<T>(change: (profiles: StoredProfile[]) => { profiles: StoredProfile[]; result: T } | Promise<{ profiles: StoredProfile[]; result: T }>): Promise<T> {
    return this.json.update(async ({ profiles }) => {
      const { profiles: next, result } = await change(profiles);
      return { next: { version: 1 as const, profiles: next }, result };
    });
  }
}
