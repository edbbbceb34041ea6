/**
 * Import the Sigma quickstart's .env: pick or drop the file, name the profile. Its SECRET goes
 * straight to the core (and the keychain) in the one call, like a secret typed in the profile
 * form; nothing here keeps or shows it.
 */
import { useState, type DragEvent } from 'react';
import type { EmbedConsoleApi, Responses } from '../../shared/api';
import { Field } from './Field';

type Imported = Responses['profiles:import-env'];

export function EnvImport(props: { api: EmbedConsoleApi; onImported: (imported: Imported) => void }) {
  const [name, setName] = useState('quickstart');
  const [status, setStatus] = useState<{ kind: 'error' | 'info'; text: string }>();

  const importFile = async (file: File | undefined) => {
    if (!file) return;
    const result = await props.api['profiles:import-env']({ text: await file.text(), profile: name });
    if (!result.ok) {
      setStatus({ kind: 'error', text: `${file.name}: ${result.message}` });
      return;
    }
    setStatus({ kind: 'info', text: `Saved profile "${result.data.profile.name}"; its secret is in the OS keychain. You can now remove SECRET from ${file.name}.` });
    props.onImported(result.data);
  };
  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    void importFile(event.dataTransfer.files[0]);
  };

  return (
    <fieldset className="env-import" onDragOver={(e) => e.preventDefault()} onDrop={onDrop}>
      <legend>Import the quickstart's .env</legend>
      <div className="row">
        <Field label="New profile name">{(c) => <input {...c} value={name} onChange={(e) => setName(e.target.value)} />}</Field>
        <Field label=".env file" hint="Or drop it here. BASE_URL, CLIENT_ID, SECRET, EMAIL, ACCOUNT_TYPE, TEAM(S), ua_*…">
          {(c) => <input {...c} type="file" accept=".env,text/plain" onChange={(e) => void importFile(e.target.files?.[0])} />}
        </Field>
      </div>
      {status && (
        <p className={status.kind} role={status.kind === 'error' ? 'alert' : 'status'}>
          {status.text}
        </p>
      )}
    </fieldset>
  );
}
