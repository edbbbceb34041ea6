/**
 * The passphrase vault: where secrets go on a machine with no OS keychain (a headless box, a
 * container, CI without a Secret Service). One file in the data dir, its secrets encrypted
 * together with AES-256-GCM under a key derived from the user's passphrase by scrypt. The
 * account names (`embed:<profile>`) stay readable, so listing profiles needs no passphrase; they
 * are authenticated with the secrets, so an edited file is refused, never half believed.
 */
import { createCipheriv, createDecipheriv, randomBytes, scrypt, type ScryptOptions } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import writeFileAtomic from 'write-file-atomic';
import * as z from 'zod/mini';
import { EmbedConsoleError } from '../../shared/errors';
import { MIN_PASSPHRASE } from '../../shared/secrets';
import { removeStrayTempFiles, withFileLock } from './file-lock';
import type { Vault } from './vault';

/** OWASP's scrypt floor (2^17, 8, 1): about half a second and 128 MiB, once per process. */
const KDF = { name: 'scrypt', N: 2 ** 17, r: 8, p: 1 } as const;

const b64 = z.string().check(z.regex(/^[A-Za-z0-9+/]*={0,2}$/));
const fileSchema = z.object({
  version: z.literal(1),
  kdf: z.object({ name: z.literal('scrypt'), N: z.number(), r: z.number(), p: z.number(), salt: b64 }),
  accounts: z.array(z.string()),
  iv: b64,
  tag: b64,
  data: b64,
});
type VaultFile = z.infer<typeof fileSchema>;

/** Asks the user for the passphrase; `creating`: the vault is new, so ask twice and say why. */
export type AskPassphrase = (request: { creating: boolean; file: string }) => Promise<string | undefined>;

function derive(passphrase: string, salt: Buffer, kdf: Pick<VaultFile['kdf'], 'N' | 'r' | 'p'>): Promise<Buffer> {
  const options: ScryptOptions = { N: kdf.N, r: kdf.r, p: kdf.p, maxmem: 256 * kdf.N * kdf.r + 1024 * 1024 };
  return new Promise((resolve, reject) => scrypt(passphrase.normalize('NFC'), salt, 32, options, (error, key) => (error ? reject(error) : resolve(key))));
}

/** The part of the file that is authenticated but not secret. */
const associated = (file: Pick<VaultFile, 'version' | 'kdf' | 'accounts'>) => Buffer.from(JSON.stringify([file.version, file.kdf, file.accounts]));

function seal(secrets: Map<string, string>, key: Buffer, kdf: VaultFile['kdf']): VaultFile {
  const accounts = [...secrets.keys()].sort();
  const head = { version: 1 as const, kdf, accounts };
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(associated(head));
  const data = Buffer.concat([cipher.update(JSON.stringify(Object.fromEntries(secrets)), 'utf8'), cipher.final()]);
  return { ...head, iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64'), data: data.toString('base64') };
}

/** The secrets, or undefined when the key does not open the file (wrong passphrase, or edited). */
function open(file: VaultFile, key: Buffer): Map<string, string> | undefined {
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(file.iv, 'base64'));
    decipher.setAAD(associated(file));
    decipher.setAuthTag(Buffer.from(file.tag, 'base64'));
    const text = Buffer.concat([decipher.update(Buffer.from(file.data, 'base64')), decipher.final()]).toString('utf8');
    return new Map(Object.entries(z.record(z.string(), z.string()).parse(JSON.parse(text))));
  } catch {
    return undefined;
  }
}

export interface PassphraseVault extends Vault {
  readonly file: string;
  /** Whether the vault file exists yet (the first secret creates it). */
  exists(): boolean;
  /** Whether this process holds the passphrase. */
  unlocked(): boolean;
  /** Opens the vault with a passphrase (creating the file, empty, if there is none yet); a wrong one is refused. */
  unlock(passphrase: string): Promise<void>;
  /** Has the passphrase at hand for a write, asking for it (twice, for a new vault) if this process has none. */
  ready(): Promise<void>;
}

export function passphraseVault(file: string, ask: AskPassphrase = async () => undefined): PassphraseVault {
  /** The passphrase given, and the key it makes with the file's salt. */
  let held: { passphrase: string; kdf: VaultFile['kdf']; key: Buffer } | undefined;

  function read(): VaultFile | undefined {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw new EmbedConsoleError('STORAGE_FAILED', `Could not read the vault file ${file} (${(error as Error).message}). Check its permissions.`, undefined, {
        cause: error,
      });
    }
    const parsed = (() => {
      try {
        return fileSchema.safeParse(JSON.parse(text));
      } catch {
        return undefined;
      }
    })();
    if (!parsed?.success) {
      // Never replaced: it may hold the only copy of a secret.
      throw new EmbedConsoleError(
        'STORAGE_FAILED',
        `The vault file ${file} is damaged (it is not a vault this version can read). It was left as it is; move it away to start a new vault, then store the profiles' secrets again.`,
      );
    }
    return parsed.data;
  }

  async function keyFor(passphrase: string, vault: VaultFile): Promise<Buffer> {
    if (held && held.passphrase === passphrase && held.kdf.salt === vault.kdf.salt) return held.key;
    return derive(passphrase, Buffer.from(vault.kdf.salt, 'base64'), vault.kdf);
  }

  const wrong = () =>
    new EmbedConsoleError(
      'PASSPHRASE_WRONG',
      `That passphrase does not open the vault file ${file}. Type it again (it is case-sensitive); if it is lost, move the file away and store the profiles' secrets again.`,
      'passphrase',
    );

  /** The open vault's secrets and key; asks for the passphrase when this process has none. */
  async function opened(vault: VaultFile): Promise<{ secrets: Map<string, string>; key: Buffer }> {
    const passphrase = held?.passphrase ?? (await ask({ creating: false, file }));
    if (passphrase === undefined) {
      throw new EmbedConsoleError(
        'PASSPHRASE_REQUIRED',
        `The secrets are in the passphrase vault ${file}; enter its passphrase (or set EMBED_CONSOLE_PASSPHRASE for scripts).`,
        'passphrase',
      );
    }
    const key = await keyFor(passphrase, vault);
    const secrets = open(vault, key);
    if (!secrets) throw wrong();
    held = { passphrase, kdf: vault.kdf, key };
    return { secrets, key };
  }

  async function create(passphrase: string): Promise<void> {
    if (passphrase.length < MIN_PASSPHRASE) {
      throw new EmbedConsoleError('PASSPHRASE_WRONG', `Choose a passphrase of at least ${MIN_PASSPHRASE} characters for the new vault.`, 'passphrase');
    }
    const kdf = { ...KDF, salt: randomBytes(16).toString('base64') };
    held = { passphrase, kdf, key: await derive(passphrase, Buffer.from(kdf.salt, 'base64'), kdf) };
  }

  async function ready(): Promise<void> {
    const before = read();
    if (before) await opened(before);
    else if (!held) {
      const passphrase = await ask({ creating: true, file });
      if (passphrase === undefined) {
        throw new EmbedConsoleError(
          'PASSPHRASE_REQUIRED',
          `No OS keychain here, so secrets go to a new passphrase vault ${file}: choose its passphrase (or set EMBED_CONSOLE_PASSPHRASE for scripts).`,
          'passphrase',
        );
      }
      await create(passphrase);
    }
  }

  /** A read-modify-write of the secrets under the file's lock. The key is had before the lock: a prompt never holds it. */
  async function change(edit: (secrets: Map<string, string>) => void): Promise<void> {
    await ready();
    await withFileLock(file, 'vault file', async () => {
      // Read again under the lock: another process may have changed (or created) it meanwhile.
      const current = read();
      const secrets = current ? (await opened(current)).secrets : new Map<string, string>();
      edit(secrets);
      await writeFileAtomic(file, `${JSON.stringify(seal(secrets, held!.key, held!.kdf), null, 2)}\n`, { mode: 0o600 });
      await removeStrayTempFiles(file);
    });
  }

  return {
    file,
    exists: () => existsSync(file),
    ready,
    unlocked: () => held !== undefined,
    async unlock(passphrase) {
      const vault = read();
      if (!vault) {
        await create(passphrase);
        await change(() => {});
        return;
      }
      const key = await keyFor(passphrase, vault);
      if (!open(vault, key)) throw wrong();
      held = { passphrase, kdf: vault.kdf, key };
    },
    async get(account) {
      const vault = read();
      if (!vault?.accounts.includes(account)) return null;
      return (await opened(vault)).secrets.get(account) ?? null;
    },
    set: (account, secret) => change((secrets) => void secrets.set(account, secret)),
    async delete(account) {
      if (!read()?.accounts.includes(account)) return false;
      await change((secrets) => void secrets.delete(account));
      return true;
    },
    async accounts() {
      return new Set(read()?.accounts ?? []);
    },
  };
}
