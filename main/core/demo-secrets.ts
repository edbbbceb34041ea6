/**
 * local-demo's own secrets, in a file only the user can read (0600) and never in the keychain or
 * the vault: they are throwaways that only the local embed host on this machine accepts, so
 * local-demo works on every machine, with no keychain and no passphrase. Nothing else goes here.
 */
import * as z from 'zod/mini';
import { JsonFile } from './json-file';
import type { Vault } from './vault';

const fileSchema = z.object({ version: z.literal(1), secrets: z.record(z.string(), z.string()) });

export function demoSecretsFile(file: string, notify?: (message: string) => void): Vault {
  const json = new JsonFile<z.infer<typeof fileSchema>>(file, {
    schema: fileSchema,
    empty: () => ({ version: 1, secrets: {} }),
    label: "local-demo's secrets file",
    afterSetAside: 'local-demo gets new secrets; nothing else was kept there.',
    notify,
  });
  /** Replaces (or, with undefined, removes) one secret; says whether there was one before. */
  const put = (account: string, secret: string | undefined) =>
    json.update(({ secrets }) => {
      const { [account]: before, ...others } = secrets;
      return { next: { version: 1 as const, secrets: secret === undefined ? others : { ...others, [account]: secret } }, result: before !== undefined };
    });
  return {
    get: async (account) => (await json.read()).secrets[account] ?? null,
    set: async (account, secret) => void (await put(account, secret)),
    delete: (account) => put(account, undefined),
    accounts: async () => new Set(Object.keys((await json.read()).secrets)),
  };
}
