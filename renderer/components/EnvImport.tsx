/**
 * Import the Sigma quickstart's .env: pick or drop the file, name the profile. Its SECRET goes
 * straight to the core (and this machine's secret store) in the one call, like a secret typed in
 * the profile form; or the profile reads the secret from an environment variable instead, and
 * the file's SECRET is not used. Nothing here keeps or shows it.
 */
import { useState, type DragEvent } from 'react';
import type { EmbedConsoleApi, Responses } from '../../shared/api';
import { describeSecret } from '../../shared/secrets';
import { StatusText, type Status } from './ErrorText';
import { Field } from './Field';
import { SecretChoice, type SecretSource } from './SecretField';

type Imported = Responses['profiles:import-env'];

export function EnvImport(props: { api: EmbedConsoleApi; onImported: (imported: Imported) => void }) {
  const [name, setName] = useState('quickstart');
  const [from, setFrom] = useState<SecretSource['from']>('store');
  const [env, setEnv] = useState('');
  const [status, setStatus] = useState<Status & { field?: string }>();

  const importFile = async (file: File | undefined) => {
    if (!file) return;
    const result = await props.api['profiles:import-env']({ text: await file.text(), profile: name, ...(from === 'env' && { secretEnv: env }) });
    if (!result.ok) {
      setStatus({ kind: 'error', text: `${file.name}: ${result.message}`, field: result.field });
      return;
    }
    const { profile } = result.data;
    const after = 'store' in profile.secretIn ? ` You can now remove SECRET from ${file.name}.` : '';
    setStatus({ kind: 'info', text: `Saved profile "${profile.name}"; secret ${describeSecret(profile.secretIn, profile.hasSecret)}.${after}` });
    props.onImported(result.data);
  };
  /** A bad variable name shows next to it. */
  const envError = from === 'env' && status?.field === 'secretEnv' ? status.text : undefined;
  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    void importFile(event.dataTransfer.files[0]);
  };

  return (
    <fieldset className="env-import" onDragOver={(e) => e.preventDefault()} onDrop={onDrop}>
      <legend>Import the quickstart's .env</legend>
      <SecretChoice
        label="Where the imported profile's secret comes from"
        caption="Its secret:"
        from={from}
        storeText="Store the .env's SECRET"
        onChange={setFrom}
      />
      <div className="row">
        <Field label="New profile name">{(c) => <input {...c} value={name} onChange={(e) => setName(e.target.value)} />}</Field>
        {from === 'env' && (
          <Field label="Environment variable" failure={envError} hint="Only its name is kept; the .env's SECRET is not used.">
            {(c) => (
              <input {...c} value={env} spellCheck={false} autoComplete="off" placeholder="SIGMA_EMBED_SECRET" onChange={(e) => setEnv(e.target.value)} />
            )}
          </Field>
        )}
        <Field label=".env file" hint="Or drop it here. BASE_URL, CLIENT_ID, SECRET, EMAIL, ACCOUNT_TYPE, TEAM(S), ua_*…">
          {(c) => <input {...c} type="file" accept=".env,text/plain" onChange={(e) => void importFile(e.target.files?.[0])} />}
        </Field>
      </div>
      {status && !envError && <StatusText status={status} />}
    </fieldset>
  );
}
