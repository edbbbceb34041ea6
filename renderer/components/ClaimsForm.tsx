/**
 * The claims of the token, checked as you type by shared/claims.ts: the same rules the signer
 * applies. OAuth tokens are typed here too, but are not claims the draft keeps: they go to main
 * with the signing request only, which encrypts them with the profile's embed secret.
 */
import { useState } from 'react';
import type { OAuthTokens } from '../../shared/api';
import { DEFAULT_SESSION_SECONDS, MAX_SESSION_SECONDS, formatDuration, type ClaimField, type ClaimsInput } from '../../shared/claims';
import { oauthOf } from '../draft';
import { rowsToObject } from '../rows';
import { ErrorText } from './ErrorText';
import { Field, PairRows } from './Field';

const ACCOUNT_TYPES = ['Viewer', 'Creator', 'Pro', 'Build', 'View'];
const INTERNAL_NOTE = 'Internal users keep the account type, teams and attributes set in Sigma; Sigma refuses these claims for them.';

export function ClaimsForm(props: {
  claims: ClaimsInput;
  /** What shared/claims.ts says of the claims as typed, by field. */
  issues: Partial<Record<ClaimField, string>>;
  /** The core's refusal of a claim when the embed was signed. */
  failure?: { field: ClaimField; message: string };
  onChange: (claims: ClaimsInput) => void;
  /** The OAuth tokens to sign with (in memory only); the fields show when onOAuthChange is given. */
  oauth?: OAuthTokens;
  onOAuthChange?: (oauth: OAuthTokens | undefined) => void;
}) {
  const { claims, issues, failure } = props;
  /** A field's problem: the signer's refusal of it, else what the form checks as it is typed. */
  const problem = (field: ClaimField) => ({ error: issues[field], failure: failure?.field === field ? failure.message : undefined });
  const attributes = problem('userAttributes');
  const set = (change: Partial<ClaimsInput>) => props.onChange({ ...claims, ...change });
  const internal = Boolean(claims.internal);
  const [team, setTeam] = useState('');
  const teams = claims.teams ?? [];
  const addTeam = () => {
    const name = team.trim();
    if (name && !teams.includes(name)) set({ teams: [...teams, name] });
    setTeam('');
  };
  const seconds = claims.sessionLength ?? DEFAULT_SESSION_SECONDS;
  const oauthToken = props.oauth?.token ?? '';
  const connections = props.oauth?.connections ?? {};

  return (
    <section className="panel" aria-labelledby="claims-title">
      <h2 id="claims-title">Claims</h2>
      <Field label="User email (sub)" {...problem('sub')}>
        {(control) => <input {...control} type="email" value={claims.sub} onChange={(e) => set({ sub: e.target.value })} />}
      </Field>

      <fieldset className="switch">
        <legend>User</legend>
        <label>
          <input type="radio" name="user-kind" checked={!internal} onChange={() => set({ internal: false })} /> External (embed user)
        </label>
        <label>
          <input type="radio" name="user-kind" checked={internal} onChange={() => set({ internal: true })} /> Internal (has a Sigma account)
        </label>
        {internal && <p className="hint">{INTERNAL_NOTE}</p>}
      </fieldset>

      <div className="row">
        <Field label="First name" {...problem('firstName')}>
          {(control) => <input {...control} disabled={internal} value={claims.firstName ?? ''} onChange={(e) => set({ firstName: e.target.value })} />}
        </Field>
        <Field label="Last name" {...problem('lastName')}>
          {(control) => <input {...control} disabled={internal} value={claims.lastName ?? ''} onChange={(e) => set({ lastName: e.target.value })} />}
        </Field>
      </div>

      <Field label="Account type" {...problem('accountType')}>
        {(control) => (
          <>
            <input
              {...control}
              list="account-types"
              disabled={internal}
              value={claims.accountType ?? ''}
              onChange={(e) => set({ accountType: e.target.value })}
            />
            <datalist id="account-types">
              {ACCOUNT_TYPES.map((t) => (
                <option key={t} value={t} />
              ))}
            </datalist>
          </>
        )}
      </Field>

      <Field label="Teams" {...problem('teams')}>
        {(control) => (
          <div className="chips-input">
            {teams.map((t) => (
              <span className="chip" key={t}>
                {t}
                <button
                  type="button"
                  className="icon"
                  disabled={internal}
                  aria-label={`Remove team ${t}`}
                  onClick={() => set({ teams: teams.filter((x) => x !== t) })}
                >
                  ×
                </button>
              </span>
            ))}
            <input
              {...control}
              disabled={internal}
              placeholder="Add a team, then Enter"
              value={team}
              onChange={(e) => setTeam(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === 'Enter' || e.key === ',') {
                  e.preventDefault();
                  addTeam();
                }
              }}
              onBlur={addTeam}
            />
          </div>
        )}
      </Field>

      <PairRows
        label="User attributes"
        keyLabel="Attribute"
        valueLabel="Value"
        disabled={internal}
        rows={Object.entries(claims.userAttributes ?? {})}
        onChange={(rows) => set({ userAttributes: rowsToObject(rows) })}
      />
      {(attributes.failure ?? attributes.error) && (
        <ErrorText kind={attributes.failure ? 'failure' : 'validation'}>{attributes.failure ?? attributes.error}</ErrorText>
      )}

      <Field label="Eval connection id" {...problem('evalConnectionId')} hint="Evaluate against this connection instead of the workbook's own.">
        {(control) => <input {...control} value={claims.evalConnectionId ?? ''} onChange={(e) => set({ evalConnectionId: e.target.value })} />}
      </Field>

      <div className="row">
        <Field label="Token version (ver)" {...problem('ver')} hint={claims.ver === '1.1' ? 'Adds aud "sigmacomputing", which 1.1 requires.' : undefined}>
          {(control) => (
            <select {...control} value={claims.ver ?? ''} onChange={(e) => set({ ver: (e.target.value || undefined) as ClaimsInput['ver'] })}>
              <option value="">1.0 (default)</option>
              <option value="1.1">1.1</option>
            </select>
          )}
        </Field>
        <Field
          label="Session length (seconds)"
          {...problem('sessionLength')}
          hint={`${formatDuration(seconds)}${claims.sessionLength === undefined ? ' (empty: the default)' : ''}; at most ${formatDuration(MAX_SESSION_SECONDS)} (Sigma's limit).`}
        >
          {(control) => (
            <input
              {...control}
              type="number"
              min={1}
              max={MAX_SESSION_SECONDS}
              value={claims.sessionLength ?? ''}
              placeholder={String(DEFAULT_SESSION_SECONDS)}
              // An empty field is no session length (the default applies), never NaN: NaN would reach the
              // token, the exported code (exp: iat + NaN) and the saved draft (as null, which drops it).
              onChange={(e) => set({ sessionLength: Number.isFinite(e.target.valueAsNumber) ? e.target.valueAsNumber : undefined })}
            />
          )}
        </Field>
      </div>

      {props.onOAuthChange && (
        <fieldset className="oauth">
          <legend>OAuth tokens (org-level OAuth connections)</legend>
          <p className="hint">
            Encrypted with the profile&apos;s embed secret when signed, as Sigma requires. Kept in memory only: not saved with the draft or the history.
            {claims.ver !== '1.1' && ' Sigma takes them only with token version 1.1: choose it above.'}
          </p>
          <Field label="OAuth token (oauth_token)">
            {(control) => (
              <input
                {...control}
                type="password"
                autoComplete="off"
                value={oauthToken}
                onChange={(e) => props.onOAuthChange!(oauthOf(e.target.value, connections))}
              />
            )}
          </Field>
          <PairRows
            label="Connection OAuth tokens (connection_oauth_tokens)"
            keyLabel="Connection id"
            valueLabel="OAuth token"
            rows={Object.entries(connections)}
            onChange={(rows) => props.onOAuthChange!(oauthOf(oauthToken, rowsToObject(rows)))}
          />
        </fieldset>
      )}
    </section>
  );
}
