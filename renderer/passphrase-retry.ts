/**
 * How the app meets the passphrase vault: a call that fails because the vault needs its
 * passphrase in this run (PASSPHRASE_REQUIRED) waits for the vault to be opened, then is made
 * once more. Pure: the dialog that asks is passed in.
 */
import { METHODS, type EmbedConsoleApi, type Method, type RequestOf, type Responses } from '../shared/api';
import type { Result } from '../shared/errors';
import type { SecretsStatus } from '../shared/secrets';

/**
 * Opens the vault: resolves true once it is open. One question at a time: calls that need the
 * vault while the dialog is up wait on the same answer; `done` is told when it is answered.
 */
export function vaultOpener(core: EmbedConsoleApi, ask: (status: SecretsStatus) => Promise<boolean>, done: () => void): () => Promise<boolean> {
  let pending: Promise<boolean> | undefined;
  const open = async () => {
    const status = await core['secrets:status']({});
    if (!status.ok) return false;
    // Opened meanwhile (another window of browser mode): just try again.
    if (status.data.vault.unlocked) return true;
    return ask(status.data);
  };
  return () =>
    (pending ??= open().finally(() => {
      pending = undefined;
      done();
    }));
}

/**
 * The contract, each call made once more after the vault is opened when it failed for want of
 * the passphrase; when the vault stays shut (Cancel), the call's own failure comes back, to show
 * where it was made. Opening the vault is itself never retried: its failure is the dialog's.
 */
export function withPassphrase(core: EmbedConsoleApi, unlocked: () => Promise<boolean>): EmbedConsoleApi {
  const asksForPassphrase =
    <M extends Method>(method: M) =>
    async (request: RequestOf<M>): Promise<Result<Responses[M]>> => {
      const result = await core[method](request);
      if (result.ok || result.code !== 'PASSPHRASE_REQUIRED' || method === 'secrets:unlock-vault') return result;
      return (await unlocked()) ? core[method](request) : result;
    };
  return Object.fromEntries(METHODS.map((method) => [method, asksForPassphrase(method)])) as EmbedConsoleApi;
}
