/**
 * Where secrets live, said at the top of Manage profiles: the one line every start says (the
 * store, and why it is not the OS keychain when it is not), and the secrets no profile names.
 */
import { storeName, type SecretsStatus } from '../../shared/secrets';
import { ErrorText } from './ErrorText';

export function SecretsLine(props: { status?: SecretsStatus; error?: string }) {
  const { status } = props;
  if (props.error) {
    return (
      <ErrorText kind="failure" className="secrets-line">
        {props.error}
      </ErrorText>
    );
  }
  if (!status) return null;
  const warn = status.store === 'vault' || status.keychain.state !== 'unlocked';
  const vault =
    status.store === 'vault' && status.vault.exists
      ? status.vault.unlocked
        ? 'The vault is open for this run.'
        : 'Its passphrase is asked the first time a secret in it is needed.'
      : undefined;
  return (
    <p className={`secrets-line ${warn ? 'notice' : ''}`} role="note" aria-label="Where secrets live">
      {status.line}
      {vault && <small> {vault}</small>}
    </p>
  );
}

/** Secrets no profile names (left by an interrupted save), and the button that removes them. */
export function OrphanedSecrets(props: { orphans: SecretsStatus['orphans']; onRemove: () => void }) {
  const { orphans } = props;
  if (orphans.length === 0) return null;
  const one = orphans.length === 1;
  return (
    <div className="notice orphans" role="group" aria-label="Secrets no profile names">
      <p>
        {one ? 'A secret' : `${orphans.length} secrets`} that no profile names, left by an interrupted save:{' '}
        {orphans.map((o) => `${o.account} (${storeName(o.store)})`).join(', ')}.
      </p>
      <button type="button" onClick={props.onRemove}>
        Remove them
      </button>
    </div>
  );
}
