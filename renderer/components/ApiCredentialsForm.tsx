/**
 * A profile's REST API credentials: client id, the API base of the org's cloud (a region, or a
 * custom URL) and the secret, write-only like the embed secret: it goes to the keychain through
 * the core and never comes back.
 */
import { useState } from 'react';
import type { EmbedConsoleApi, ProfileView } from '../../shared/api';
import type { Failure } from '../../shared/errors';
import { API_REGIONS } from '../../shared/sigma-rest';
import { Field, SecretField, placeFailure } from './Field';

const CUSTOM = 'custom';
const FORM_FIELDS = ['clientId', 'baseUrl', 'secret'];

export function ApiCredentialsForm(props: { api: EmbedConsoleApi; profile: ProfileView; onSaved: (profile: ProfileView, message: string) => void; onCancel?: () => void }) {
  const { profile } = props;
  const current = profile.api;
  const [clientId, setClientId] = useState(current?.clientId ?? '');
  const [region, setRegion] = useState(current ? (API_REGIONS.find((r) => r.url === current.baseUrl)?.url ?? CUSTOM) : API_REGIONS[0].url);
  const [custom, setCustom] = useState(current && !API_REGIONS.some((r) => r.url === current.baseUrl) ? current.baseUrl : '');
  const [secret, setSecret] = useState('');
  const [failure, setFailure] = useState<Failure>();
  const stored = current?.hasSecret === true;

  const save = async (api: { clientId: string; baseUrl: string; secret?: string } | null) => {
    const result = await props.api['profiles:set-api']({ name: profile.name, api });
    if (!result.ok) return setFailure(result);
    setFailure(undefined);
    props.onSaved(result.data, api ? `Saved the REST API credentials of "${profile.name}"; the secret is in the keychain.` : `Removed the REST API credentials of "${profile.name}".`);
  };
  const { fieldError, formError } = placeFailure(failure, FORM_FIELDS);

  return (
    <form
      className="profile-form"
      aria-label={`REST API credentials of ${profile.name}`}
      onSubmit={(e) => {
        e.preventDefault();
        void save({ clientId, baseUrl: region === CUSTOM ? custom : region, secret: secret || undefined });
      }}
    >
      <h3>REST API credentials of {profile.name}</h3>
      <p className="hint">To browse the org's workbooks, teams and members. Create them under Administration → Developer Access, with REST API privileges.</p>
      {formError && (
        <p className="error" role="alert">
          {formError}
        </p>
      )}
      <Field label="API client id" error={fieldError('clientId')}>
        {(c) => <input {...c} value={clientId} onChange={(e) => setClientId(e.target.value)} />}
      </Field>
      <Field label="Cloud" error={region === CUSTOM ? undefined : fieldError('baseUrl')} hint={region === CUSTOM ? undefined : region}>
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
        <Field label="API base URL" error={fieldError('baseUrl')} hint="As shown under Administration → Developer Access; not the app URL.">
          {(c) => <input {...c} value={custom} placeholder="https://api.example.sigmacomputing.com" onChange={(e) => setCustom(e.target.value)} />}
        </Field>
      )}
      <SecretField label="API secret" stored={stored} error={fieldError('secret')} value={secret} onChange={setSecret} keepNote=" (a new client id or cloud takes it again)" />
      <div className="toolbar">
        <button type="submit" className="primary">
          Save REST API credentials
        </button>
        {current && (
          <button type="button" onClick={() => window.confirm(`Remove the REST API credentials of "${profile.name}" and their secret from the keychain?`) && void save(null)}>
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
