/**
 * Embed credentials: a client id and its secret, per profile, and optionally REST API
 * credentials to browse the org. Secret fields are write-only: a secret goes to the keychain
 * through the core and never comes back; the list says only whether one is stored.
 */
import { useState } from 'react';
import type { EmbedConsoleApi, ProfileView, Responses } from '../../shared/api';
import type { Failure } from '../../shared/errors';
import { ApiCredentialsForm } from './ApiCredentialsForm';
import { EnvImport } from './EnvImport';
import { Field, SecretField, placeFailure } from './Field';

interface Form {
  name: string;
  clientId: string;
  baseUrl: string;
  secret: string;
  /** The profile being edited; undefined when adding. */
  editing?: string;
}

const EMPTY: Form = { name: '', clientId: '', baseUrl: '', secret: '' };
/** Failures about these show next to their input; any other shows above the form. */
const FORM_FIELDS = ['name', 'clientId', 'baseUrl', 'secret'];

const secretState = (hasSecret: boolean | null) => (hasSecret === null ? 'keychain unavailable' : hasSecret ? 'stored in keychain' : 'no secret');

export function ProfilesPanel(props: {
  api: EmbedConsoleApi;
  profiles: ProfileView[];
  onChanged: (selected?: string) => void;
  onImported: (imported: Responses['profiles:import-env']) => void;
}) {
  const [form, setForm] = useState<Form>();
  const [failure, setFailure] = useState<Failure>();
  const [saved, setSaved] = useState<string>();
  /** The profile whose REST API credentials are being edited. */
  const [apiFor, setApiFor] = useState<string>();
  const apiProfile = props.profiles.find((p) => p.name === apiFor);
  const editingProfile = props.profiles.find((p) => p.name === form?.editing);

  const save = async () => {
    if (!form) return;
    const result = await props.api['profiles:save']({
      name: form.name,
      clientId: form.clientId,
      baseUrl: form.baseUrl || undefined,
      secret: form.secret || undefined,
      overwrite: form.editing !== undefined,
    });
    if (!result.ok) {
      setFailure(result);
      return;
    }
    setFailure(undefined);
    setForm(undefined);
    setSaved(`Saved "${result.data.name}"; its secret is ${secretState(result.data.hasSecret)}.`);
    props.onChanged(result.data.name);
  };

  const remove = async (name: string) => {
    if (!window.confirm(`Remove profile "${name}" and its secret from the keychain?`)) return;
    const result = await props.api['profiles:remove']({ name });
    setSaved(result.ok ? `Removed "${name}".` : undefined);
    setFailure(result.ok ? undefined : result);
    props.onChanged();
  };

  const { fieldError, formError } = placeFailure(failure, FORM_FIELDS);
  const set = (change: Partial<Form>) => form && setForm({ ...form, ...change });

  return (
    <section className="panel profiles" aria-labelledby="profiles-title">
      <h2 id="profiles-title">Profiles</h2>
      <ul className="profile-list">
        {props.profiles.map((p) => (
          <li key={p.name}>
            <div>
              <strong>{p.name}</strong> <code>{p.clientId}</code>
              <span className={`secret ${p.hasSecret ? 'ok' : 'missing'}`}>{secretState(p.hasSecret)}</span>
              {p.baseUrl && <small>{p.baseUrl}</small>}
              {p.api && (
                <small>
                  REST API {p.api.clientId} at {p.api.baseUrl}, secret {secretState(p.api.hasSecret)}
                </small>
              )}
            </div>
            <button type="button" onClick={() => setForm({ name: p.name, clientId: p.clientId, baseUrl: p.baseUrl ?? '', secret: '', editing: p.name })} aria-label={`Edit profile ${p.name}`}>
              Edit
            </button>
            <button type="button" aria-expanded={apiFor === p.name} onClick={() => setApiFor(apiFor === p.name ? undefined : p.name)} aria-label={`REST API credentials of ${p.name}`}>
              REST API
            </button>
            <button type="button" onClick={() => remove(p.name)} aria-label={`Remove profile ${p.name}`}>
              Remove
            </button>
          </li>
        ))}
        {props.profiles.length === 0 && <li className="empty">No profiles yet: add your embed credentials.</li>}
      </ul>
      {apiProfile && (
        <ApiCredentialsForm
          key={apiProfile.name}
          api={props.api}
          profile={apiProfile}
          onCancel={() => setApiFor(undefined)}
          onSaved={(profile, message) => {
            setApiFor(undefined);
            setSaved(message);
            props.onChanged(profile.name);
          }}
        />
      )}
      {saved && <p role="status">{saved}</p>}
      {formError && (
        <p className="error" role="alert">
          {formError}
        </p>
      )}
      {form ? (
        <form
          className="profile-form"
          aria-label={form.editing ? `Edit profile ${form.editing}` : 'Add a profile'}
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          <Field label="Profile name" error={fieldError('name')}>
            {(c) => <input {...c} value={form.name} readOnly={form.editing !== undefined} onChange={(e) => set({ name: e.target.value })} />}
          </Field>
          <Field label="Client id" error={fieldError('clientId')} hint="Administration → Developer Access in Sigma.">
            {(c) => <input {...c} value={form.clientId} onChange={(e) => set({ clientId: e.target.value })} />}
          </Field>
          <Field label="Base URL (optional)" error={fieldError('baseUrl')} hint="The org's app URL, e.g. https://app.sigmacomputing.com/acme">
            {(c) => <input {...c} value={form.baseUrl} onChange={(e) => set({ baseUrl: e.target.value })} />}
          </Field>
          <SecretField label="Embed secret" stored={editingProfile?.hasSecret === true} error={fieldError('secret')} value={form.secret} onChange={(secret) => set({ secret })} />
          <div className="toolbar">
            <button type="submit" className="primary">
              Save
            </button>
            <button type="button" onClick={() => (setForm(undefined), setFailure(undefined))}>
              Cancel
            </button>
          </div>
        </form>
      ) : (
        <button type="button" onClick={() => (setForm(EMPTY), setSaved(undefined))}>
          Add profile
        </button>
      )}
      <EnvImport api={props.api} onImported={props.onImported} />
    </section>
  );
}
