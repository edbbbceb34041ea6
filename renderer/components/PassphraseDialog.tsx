/**
 * Asks for the passphrase vault's passphrase: once to open a vault, twice (with the reason the
 * OS keychain is not used) to create one. A modal dialog; the passphrase lives only in its
 * inputs while typed, goes to the core like a secret, and is cleared once sent.
 */
import { useEffect, useId, useLayoutEffect, useRef, useState, type ChangeEvent } from 'react';
import type { EmbedConsoleApi } from '../../shared/api';
import type { Failure } from '../../shared/errors';
import { MIN_PASSPHRASE, type SecretsStatus } from '../../shared/secrets';
import { ErrorText } from './ErrorText';
import { Field, placeFailure } from './Field';

const FIELDS = ['passphrase', 'repeat'];

export function PassphraseDialog(props: { api: EmbedConsoleApi; status: SecretsStatus; onUnlocked: () => void; onCancel: () => void }) {
  const { vault } = props.status;
  const creating = !vault.exists;
  const [passphrase, setPassphrase] = useState('');
  const [repeat, setRepeat] = useState('');
  const [failure, setFailure] = useState<Failure>();
  const [busy, setBusy] = useState(false);
  const dialog = useRef<HTMLDialogElement>(null);
  const first = useRef<HTMLInputElement>(null);
  const titleId = useId();
  const aboutId = useId();

  // The browser's own modal: the page behind is inert, focus stays inside, Escape cancels.
  // Closed before React removes it (a layout effect), so focus goes back where it was.
  useLayoutEffect(() => {
    const element = dialog.current!;
    if (!element.open) element.showModal();
    first.current?.focus();
    return () => element.close();
  }, []);

  const submit = async () => {
    setBusy(true);
    const result = await props.api['secrets:unlock-vault']({ passphrase, ...(creating && { repeat }) });
    // Held only while typed: gone once sent, whatever the answer.
    setPassphrase('');
    setRepeat('');
    setBusy(false);
    if (result.ok) return props.onUnlocked();
    setFailure(result);
  };
  // Once the inputs are enabled again: both were cleared, so typing starts at the first.
  useEffect(() => {
    if (failure) first.current?.focus();
  }, [failure]);
  const { fieldError, formError } = placeFailure(failure, FIELDS);
  const input = (value: string, set: (value: string) => void) => ({
    type: 'password',
    autoComplete: 'off',
    value,
    disabled: busy,
    onChange: (e: ChangeEvent<HTMLInputElement>) => set(e.target.value),
  });

  return (
    <dialog
      ref={dialog}
      className="passphrase-dialog"
      role="dialog"
      aria-modal="true"
      aria-labelledby={titleId}
      aria-describedby={aboutId}
      onCancel={(e) => {
        e.preventDefault();
        props.onCancel();
      }}
    >
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <h2 id={titleId}>{creating ? 'Create the passphrase vault' : 'Unlock the passphrase vault'}</h2>
        <div id={aboutId}>
          {creating ? (
            <>
              <p>{props.status.line}</p>
              <p>
                Choose a passphrase for the new vault: at least {MIN_PASSPHRASE} characters. It is asked once each time Embed Console starts; if it is lost, so
                are the secrets in the vault.
              </p>
            </>
          ) : (
            <p>
              The secrets are in the passphrase vault <code>{vault.file}</code>. Enter its passphrase to use them while Embed Console runs.
            </p>
          )}
        </div>
        {formError && <ErrorText kind="failure">{formError}</ErrorText>}
        <Field label={creating ? 'New passphrase' : 'Passphrase'} failure={fieldError('passphrase')}>
          {(c) => <input {...c} ref={first} {...input(passphrase, setPassphrase)} />}
        </Field>
        {creating && (
          <Field label="The same passphrase again" failure={fieldError('repeat')}>
            {(c) => <input {...c} {...input(repeat, setRepeat)} />}
          </Field>
        )}
        <div className="toolbar">
          <button type="submit" className="primary" disabled={busy}>
            {busy ? 'Opening the vault…' : creating ? 'Create the vault' : 'Unlock'}
          </button>
          <button type="button" onClick={props.onCancel}>
            Cancel
          </button>
        </div>
      </form>
    </dialog>
  );
}
