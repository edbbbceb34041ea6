/**
 * The contract, wrapped once for the whole app (passphrase-retry.ts): a call that needs the
 * passphrase vault opened shows the passphrase dialog, and is made again once the vault is open.
 * Calls that fail meanwhile wait on the same dialog; Cancel gives each its own failure back.
 */
import { useMemo, useState, type ReactNode } from 'react';
import type { EmbedConsoleApi } from '../../shared/api';
import type { SecretsStatus } from '../../shared/secrets';
import { vaultOpener, withPassphrase } from '../passphrase-retry';
import { PassphraseDialog } from './PassphraseDialog';

export function PassphraseGate(props: { api: EmbedConsoleApi; children: (api: EmbedConsoleApi) => ReactNode }) {
  const [asking, setAsking] = useState<{ status: SecretsStatus; answer: (unlocked: boolean) => void }>();
  const api = useMemo(() => {
    const ask = (status: SecretsStatus) => new Promise<boolean>((answer) => setAsking({ status, answer }));
    return withPassphrase(
      props.api,
      vaultOpener(props.api, ask, () => setAsking(undefined)),
    );
  }, [props.api]);

  return (
    <>
      {props.children(api)}
      {asking && <PassphraseDialog api={props.api} status={asking.status} onUnlocked={() => asking.answer(true)} onCancel={() => asking.answer(false)} />}
    </>
  );
}
