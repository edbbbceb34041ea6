/**
 * Embed credentials: a client id and its secret, per profile, and optionally REST API
 * credentials to browse the org. A secret is typed once and goes to this machine's store through
 * the core, or the profile names an environment variable that holds it; either way the panel
 * says only where it is, never what it is, and says at the top where secrets live and why.
 */
import { useState } from 'react';
import type { EmbedConsoleApi, ProfileView, Responses } from '../../shared/api';
import type { Failure } from '../../shared/errors';
import { describeSecret } from '../../shared/secrets';
import { useSecretsStatus } from '../hooks/useSecretsStatus';
import { ApiCredentialsForm } from './ApiCredentialsForm';
import { EnvImport } from './EnvImport';
import { ErrorText } from './ErrorText';
import { Field, placeFailure } from './Field';
import { ProfileList } from './ProfileList';
import { SecretField, sourceOf, sourceRequest, unappliedSource, type SecretSource } from './SecretField';
import { OrphanedSecrets, SecretsLine } from './SecretsStatus';

interface Form {
  name: string;
  clientId: string;
  baseUrl: string;
  source: SecretSource;
  /** The profile being edited; undefined when adding. */
  editing?: string;
}

const EMPTY: Form = { name: '', clientId: '', baseUrl: '', source: sourceOf() };
/** Failures about these show next to their input; any other shows above the form. */
const FORM_FIELDS = ['name', 'clientId', 'baseUrl', 'secret', 'secretEnv'];

/** What a save or removal tells: where the secret is, in describeSecret's words. */
const secretOf = (p: Pick<ProfileView, 'secretIn' | 'hasSecret'>) => `secret ${describeSecret(p.secretIn, p.hasSecret)}`;

function removeQuestion(p: ProfileView): string {
  const secrets = [{ what: 'secret', ...p }, ...(p.api ? [{ what: 'REST API secret', ...p.api }] : [])];
  // A variable's secret stays where it is: only its name goes with the profile.
  const stored = secrets.filter((s) => 'store' in s.secretIn).map((s) => `${s.what} ${describeSecret(s.secretIn, s.hasSecret)}`);
  return `Remove profile "${p.name}"${stored.length ? ` and its ${stored.join(' and its ')}` : ''}?`;
}

export function ProfilesPanel(props: {
  /** Kept, with any form being typed, while another view is shown. */
  hidden: boolean;
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
  // Asked again whenever the list changes: a save may have created the vault or left an orphan.
  const secrets = useSecretsStatus(props.api, props.profiles);
  const apiProfile = props.profiles.find((p) => p.name === apiFor);
  const editingProfile = props.profiles.find((p) => p.name === form?.editing);

  const save = async () => {
    if (!form) return;
    const unapplied = unappliedSource(form.source, editingProfile);
    if (unapplied) return setFailure(unapplied);
    const result = await props.api['profiles:save']({
      name: form.name,
      clientId: form.clientId,
      baseUrl: form.baseUrl || undefined,
      ...sourceRequest(form.source),
      overwrite: form.editing !== undefined,
    });
    if (!result.ok) {
      setFailure(result);
      return;
    }
    setFailure(undefined);
    setForm(undefined);
    setSaved(`Saved "${result.data.name}"; ${secretOf(result.data)}.`);
    props.onChanged(result.data.name);
  };

  const remove = async (p: ProfileView) => {
    if (!window.confirm(removeQuestion(p))) return;
    const result = await props.api['profiles:remove']({ name: p.name });
    // Gone already (removed in another window, or from the command line): the list is refreshed below.
    const gone = !result.ok && result.code === 'PROFILE_NOT_FOUND';
    setSaved(result.ok ? `Removed "${p.name}".` : gone ? `"${p.name}" was removed already, elsewhere.` : undefined);
    setFailure(result.ok || gone ? undefined : result);
    props.onChanged();
  };

  const prune = async () => {
    const result = await props.api['profiles:prune']({});
    // The notice goes before the message comes: both say what is left now.
    await secrets.refresh();
    setFailure(result.ok ? undefined : result);
    if (result.ok) setSaved(`Removed ${result.data.removed.length === 1 ? 'the secret' : `${result.data.removed.length} secrets`} no profile named.`);
  };

  const { fieldError, formError } = placeFailure(failure, FORM_FIELDS);
  const set = (change: Partial<Form>) => form && setForm({ ...form, ...change });
  const edit = (p: ProfileView) => (
    setForm({ name: p.name, clientId: p.clientId, baseUrl: p.baseUrl ?? '', source: sourceOf(p), editing: p.name }),
    setFailure(undefined)
  );

  return (
    <section className="panel profiles" aria-labelledby="profiles-title" hidden={props.hidden}>
      <h2 id="profiles-title">Profiles</h2>
      <SecretsLine status={secrets.status} error={secrets.error} />
      <OrphanedSecrets orphans={secrets.status?.orphans ?? []} onRemove={() => void prune()} />
      <ProfileList
        profiles={props.profiles}
        apiFor={apiFor}
        onEdit={edit}
        onApi={(p) => setApiFor(apiFor === p.name ? undefined : p.name)}
        onRemove={(p) => void remove(p)}
      />
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
      {formError && <ErrorText kind="failure">{formError}</ErrorText>}
      {form ? (
        <form
          className="profile-form"
          aria-label={form.editing ? `Edit profile ${form.editing}` : 'Add a profile'}
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          <Field label="Profile name" failure={fieldError('name')}>
            {(c) => <input {...c} value={form.name} readOnly={form.editing !== undefined} onChange={(e) => set({ name: e.target.value })} />}
          </Field>
          <Field label="Client id" failure={fieldError('clientId')} hint="Administration → Developer Access in Sigma.">
            {(c) => <input {...c} value={form.clientId} onChange={(e) => set({ clientId: e.target.value })} />}
          </Field>
          <Field label="Base URL (optional)" failure={fieldError('baseUrl')} hint="The org's app URL, e.g. https://app.sigmacomputing.com/acme">
            {(c) => <input {...c} value={form.baseUrl} onChange={(e) => set({ baseUrl: e.target.value })} />}
          </Field>
          <SecretField
            label="Embed secret"
            value={form.source}
            current={editingProfile}
            store={secrets.status?.store}
            envExample="SIGMA_EMBED_SECRET"
            failure={fieldError('secret') ?? fieldError('secretEnv')}
            onChange={(source) => set({ source })}
          />
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
