/**
 * A profile's REST API credentials: client id, the API base of the org's cloud (a region, or a
 * custom URL) and the secret, write-only like the embed secret: it goes to this machine's store
 * through the core and never comes back, or the profile names the environment variable that holds it.
 */
import { useState } from 'react';
import type { EmbedConsoleApi, ProfileView } from '../../shared/api';
import type { Failure } from '../../shared/errors';
import { describeSecret } from '../../shared/secrets';
import { API_REGIONS } from '../../shared/sigma-rest';
import { useSecretsStatus } from '../hooks/useSecretsStatus';
import { ErrorText } from './ErrorText';
import { Field, placeFailure } from './Field';
import { SecretField, sourceOf, sourceRequest, unappliedSource } from './SecretField';

const CUSTOM = 'custom';
const FORM_FIELDS = ['clientId', 'baseUrl', 'secret', 'secretEnv'];

export function ApiCredentialsForm(props: {
  api: EmbedConsoleApi;
  profile: ProfileView;
  onSaved: (profile: ProfileView, message: string) => void;
  onCancel?: () => void;
}) {
  const { profile } = props;
  const current = profile.api;
  const [clientId, setClientId] = useState(current?.clientId ?? '');
  const [region, setRegion] = useState(current ? (API_REGIONS.find((r) => r.url === current.baseUrl)?.url ?? CUSTOM) : API_REGIONS[0].url);
  const [custom, setCustom] = useState(current && !API_REGIONS.some((r) => r.url === current.baseUrl) ? current.baseUrl : '');
  const [source, setSource] = useState(() => sourceOf(current));
  const [failure, setFailure] = useState<Failure>();
  /** Where a typed secret would go, for the field's hint. */
  const { status } = useSecretsStatus(props.api);

  const save = async (api: { clientId: string; baseUrl: string; secret?: string; secretEnv?: string } | null) => {
    const unapplied = api && unappliedSource(source, current);
    if (unapplied) return setFailure(unapplied);
    const result = await props.api['profiles:set-api']({ name: profile.name, api });
    if (!result.ok) return setFailure(result);
    setFailure(undefined);
    const saved = result.data.api;
    props.onSaved(
      result.data,
      saved
        ? `Saved the REST API credentials of "${profile.name}"; secret ${describeSecret(saved.secretIn, saved.hasSecret)}.`
        : `Removed the REST API credentials of "${profile.name}".`,
    );
  };
  const { fieldError, formError } = placeFailure(failure, FORM_FIELDS);

  return (
    <form
      className="profile-form"
      aria-label={`REST API credentials of ${profile.name}`}
      onSubmit={(e) => {
        e.preventDefault();
        void save({ clientId, baseUrl: region === CUSTOM ? custom : region, ...sourceRequest(source) });
      }}
    >
      <h3>REST API credentials of {profile.name}</h3>
      <p className="hint">To browse the org's workbooks, teams and members. Create them under Administration → Developer Access, with REST API privileges.</p>
      {formError && <ErrorText kind="failure">{formError}</ErrorText>}
      <Field label="API client id" failure={fieldError('clientId')}>
        {(c) => <input {...c} value={clientId} onChange={(e) => setClientId(e.target.value)} />}
      </Field>
      <Field label="Cloud" failure={region === CUSTOM ? undefined : fieldError('baseUrl')} hint={region === CUSTOM ? undefined : region}>
        {(c) => (
          <select {...c} value={region} onChange={(e) => setRegion(e.target.value)}>
            {API_REGIONS.map((r) => (
              <option key={r.id} value={r.url}>
                {r.label}
              </option>
            ))}
            <option value={CUSTOM}>Custom API base URL…</option>
          </select>
        )}
      </Field>
      {region === CUSTOM && (
        <Field label="API base URL" failure={fieldError('baseUrl')} hint="As shown under Administration → Developer Access; not the app URL.">
          {(c) => <input {...c} value={custom} placeholder="https://api.example.sigmacomputing.com" onChange={(e) => setCustom(e.target.value)} />}
        </Field>
      )}
      <SecretField
        label="API secret"
        value={source}
        current={current}
        store={status?.store}
        envExample="SIGMA_API_SECRET"
        failure={fieldError('secret') ?? fieldError('secretEnv')}
        onChange={setSource}
        keepNote=" (a new client id or cloud takes it again)"
      />
      <div className="toolbar">
        <button type="submit" className="primary">
          Save REST API credentials
        </button>
        {current && (
          <button type="button" onClick={() => window.confirm(removeQuestion(profile.name, current)) && void save(null)}>
            Remove them
          </button>
        )}
        {props.onCancel && (
          <button type="button" onClick={props.onCancel}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}

function removeQuestion(name: string, api: NonNullable<ProfileView['api']>): string {
  // A variable's secret stays where it is: only its name goes with the credentials.
  const secret = 'store' in api.secretIn ? ` and their secret ${describeSecret(api.secretIn, api.hasSecret)}` : '';
  return `Remove the REST API credentials of "${name}"${secret}?`;
}
