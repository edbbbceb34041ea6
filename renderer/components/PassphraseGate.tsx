/**
 * The contract, wrapped once for the whole app: a call that fails because the passphrase vault
 * needs its passphrase in this run (PASSPHRASE_REQUIRED) opens the passphrase dialog, and once
 * the vault is open the call is made once more. Calls that fail meanwhile wait on the same
 * dialog; Cancel gives each its own failure back, to show where it was made.
 */
import { useMemo, useRef, useState, type ReactNode } from 'react';
import { METHODS, type EmbedConsoleApi, type Method, type RequestOf, type Responses } from '../../shared/api';
import type { Result } from '../../shared/errors';
import type { SecretsStatus } from '../../shared/secrets';
import { PassphraseDialog } from './PassphraseDialog';

export function PassphraseGate(props: { api: EmbedConsoleApi; children: (api: EmbedConsoleApi) => ReactNode }) {
  const [asking, setAsking] = useState<{ status: SecretsStatus; answer: (unlocked: boolean) => void }>();
  const pending = useRef<Promise<boolean> | undefined>(undefined);

  const api = useMemo(() => {
    const core = props.api;
    /** Resolves true once the vault is open; one dialog for every call waiting on it. */
    const unlocked = () =>
      (pending.current ??= (async () => {
        const status = await core['secrets:status']({});
        if (!status.ok) return false;
        // Opened meanwhile (another window of browser mode): just try again.
        if (status.data.vault.unlocked) return true;
        return new Promise<boolean>((answer) => setAsking({ status: status.data, answer }));
      })().finally(() => {
        pending.current = undefined;
        setAsking(undefined);
      }));
    const asksForPassphrase =
      <M extends Method>(method: M) =>
      async (request: RequestOf<M>): Promise<Result<Responses[M]>> => {
        const result = await core[method](request);
        if (result.ok || result.code !== 'PASSPHRASE_REQUIRED' || method === 'secrets:unlock-vault') return result;
        return (await unlocked()) ? core[method](request) : result;
      };
    return Object.fromEntries(METHODS.map((method) => [method, asksForPassphrase(method)])) as EmbedConsoleApi;
  }, [props.api]);

  return (
    <>
      {props.children(api)}
      {asking && <PassphraseDialog api={props.api} status={asking.status} onUnlocked={() => asking.answer(true)} onCancel={() => asking.answer(false)} />}
    </>
  );
}
