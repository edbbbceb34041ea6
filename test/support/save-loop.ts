/**
 * Child process for the kill test in test/profiles.test.ts: saves the profile list through the
 * real ProfileStore over and over, switching between two clearly different versions, until it is
 * killed. Run as `node --import tsx test/support/save-loop.ts <file>`.
 * Prints "ready" once loaded, then "saved A" or "saved B" after each save has completed.
 */
import { pathToFileURL } from 'node:url';
import { ProfileStore, type StoredProfile } from '../../main/core/profiles';

/** Profiles long enough (about 1 KB each) that writing the file takes a measurable moment. */
function version(prefix: string, count: number): StoredProfile[] {
  return Array.from({ length: count }, (_, i) => {
    const id = `${prefix}-${String(i).padStart(3, '0')}`;
    return {
      name: id,
      clientId: `${id}-client-${'0123456789abcdef'.repeat(4)}`,
      baseUrl: `https://${id}.example.com/embed/${`${prefix}/`.repeat(150)}`,
      createdAt: '2024-01-02T03:04:05.000Z',
      updatedAt: `2024-06-07T08:09:${String(i % 60).padStart(2, '0')}.000Z`,
    };
  });
}

export const versionA = version('alpha', 50);
export const versionB = version('bravo', 80);

function isVersionA(profiles: StoredProfile[]): boolean {
  return profiles.length === versionA.length && profiles[0]?.name === versionA[0].name;
}

async function saveForever(file: string): Promise<never> {
  const store = new ProfileStore(file, (message) => process.stderr.write(`${message}\n`));
  process.stdout.write('ready\n');
  for (;;) {
    // Always switch to the other version, so a kill during any save (the first one included)
    // lands between two different contents.
    const saved = await store.update((current) => (isVersionA(current) ? { profiles: versionB, result: 'B' } : { profiles: versionA, result: 'A' }));
    process.stdout.write(`saved ${saved}\n`);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const file = process.argv[2];
  if (!file) {
    process.stderr.write('usage: node --import tsx test/support/save-loop.ts <profiles file>\n');
    process.exit(2);
  }
  saveForever(file).catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  });
}
