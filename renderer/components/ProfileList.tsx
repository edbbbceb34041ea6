/** The profiles, each with where its secrets are (never what they are) and what can be done with it. */
import type { ProfileView } from '../../shared/api';
import { describeSecret } from '../../shared/secrets';

const secretClass = (hasSecret: boolean | null) => (hasSecret === null ? 'unknown' : hasSecret ? 'ok' : 'missing');

export function ProfileList(props: {
  profiles: ProfileView[];
  /** The profile whose REST API credentials are open. */
  apiFor?: string;
  onEdit: (profile: ProfileView) => void;
  onApi: (profile: ProfileView) => void;
  onRemove: (profile: ProfileView) => void;
}) {
  return (
    <ul className="profile-list">
      {props.profiles.map((p) => (
        <li key={p.name}>
          <div>
            <strong>{p.name}</strong> <code>{p.clientId}</code>
            <span className={`secret ${secretClass(p.hasSecret)}`}>secret {describeSecret(p.secretIn, p.hasSecret)}</span>
            {p.baseUrl && <small>{p.baseUrl}</small>}
            {p.api && (
              <small>
                REST API {p.api.clientId} at {p.api.baseUrl},{' '}
                <span className={`secret ${secretClass(p.api.hasSecret)}`}>secret {describeSecret(p.api.secretIn, p.api.hasSecret)}</span>
              </small>
            )}
          </div>
          <button type="button" onClick={() => props.onEdit(p)} aria-label={`Edit profile ${p.name}`}>
            Edit
          </button>
          <button type="button" aria-expanded={props.apiFor === p.name} onClick={() => props.onApi(p)} aria-label={`REST API credentials of ${p.name}`}>
            REST API
          </button>
          <button type="button" onClick={() => props.onRemove(p)} aria-label={`Remove profile ${p.name}`}>
            Remove
          </button>
        </li>
      ))}
      {props.profiles.length === 0 && <li className="empty">No profiles yet: add your embed credentials.</li>}
    </ul>
  );
}
