/**
 * A secret field: the write-only secret, or the name of the environment variable that holds
 * it. The form keeps what is typed only until it is sent; the field says where the secret is,
 * never what it is.
 */
import { useId } from 'react';
import type { Failure } from '../../shared/errors';
import { describeSecret, storeName, type SecretPlace, type SecretStore } from '../../shared/secrets';
import { Field } from './Field';

/** Where a form's secret comes from: typed here (to be stored), or an environment variable named here. */
export interface SecretSource {
  from: 'store' | 'env';
  /** Write-only: typed, sent once, never shown again. */
  secret: string;
  /** The variable's name; only the name is kept. */
  env: string;
}

/** How a form starts: with the variable a profile names, else a secret to type (empty keeps a stored one). */
export function sourceOf(current?: { secretIn: SecretPlace }): SecretSource {
  const env = current && 'env' in current.secretIn ? current.secretIn.env : undefined;
  return { from: env ? 'env' : 'store', secret: '', env: env ?? '' };
}

/** The request's part for it: the typed secret (none keeps the stored one), or the variable's name. */
export const sourceRequest = (source: SecretSource): { secret?: string; secretEnv?: string } =>
  source.from === 'env' ? { secretEnv: source.env } : { secret: source.secret || undefined };

/**
 * "Store the secret" with nothing typed keeps the current secret; when that is a variable, the
 * choice would silently not apply, so the form says so instead of saving.
 */
export function unappliedSource(source: SecretSource, current?: { secretIn: SecretPlace }): Failure | undefined {
  if (source.from !== 'store' || source.secret || !current || !('env' in current.secretIn)) return undefined;
  return { ok: false, code: 'SECRET_MISSING', field: 'secret', message: `Type the secret to store; until then it is read from $${current.secretIn.env}.` };
}

/** Store the secret, or read it from an environment variable each time it is needed. */
export function SecretChoice(props: {
  label: string;
  from: SecretSource['from'];
  /** Shown before the choices, where no field label above says what they are about. */
  caption?: string;
  storeText?: string;
  onChange: (from: SecretSource['from']) => void;
}) {
  const name = useId();
  const texts = { store: props.storeText ?? 'Store the secret', env: 'Read it from an environment variable' };
  return (
    <div className="secret-choice" role="radiogroup" aria-label={props.label}>
      {props.caption && (
        <span className="caption" aria-hidden="true">
          {props.caption}
        </span>
      )}
      {(['store', 'env'] as const).map((from) => (
        <label key={from}>
          <input type="radio" name={name} checked={props.from === from} onChange={() => props.onChange(from)} /> {texts[from]}
        </label>
      ))}
    </div>
  );
}

/**
 * A write-only secret, or the environment variable that holds it. A typed secret goes to this
 * machine's store through the core and is never shown again; the field says only where it is.
 */
export function SecretField(props: {
  label: string;
  value: SecretSource;
  onChange: (value: SecretSource) => void;
  /** Where the profile's secret is now, when it has one. */
  current?: { secretIn: SecretPlace; hasSecret: boolean | null };
  /** Where a typed secret goes on this machine (secrets:status), when known. */
  store?: SecretStore;
  /** The failure of a save that names this secret. */
  failure?: string;
  keepNote?: string;
  /** A variable name to show as an example. */
  envExample?: string;
}) {
  const { value, current } = props;
  const stored = current && 'store' in current.secretIn && current.hasSecret !== false ? describeSecret(current.secretIn, current.hasSecret) : undefined;
  const fromEnv = value.from === 'env';
  const hint = fromEnv
    ? `Only the name is kept: the secret is read from ${value.env ? `$${value.env}` : 'that variable'} where Embed Console runs, each time it is needed${stored ? `; the one stored ${stored} is removed` : ''}.`
    : stored
      ? `Stored ${stored}; leave empty to keep it${props.keepNote ?? ''}.`
      : `Goes to ${props.store ? storeName(props.store) : "this machine's secret store"}; it is never shown again.`;
  return (
    <Field label={fromEnv ? `${props.label}: environment variable` : props.label} failure={props.failure} hint={hint} className="secret-field">
      {(c) => (
        <>
          <SecretChoice label="Where the secret comes from" from={value.from} onChange={(from) => props.onChange({ ...value, from, secret: '' })} />
          {fromEnv ? (
            <input
              key="env"
              {...c}
              value={value.env}
              spellCheck={false}
              autoComplete="off"
              placeholder={props.envExample}
              onChange={(e) => props.onChange({ ...value, env: e.target.value })}
            />
          ) : (
            <input
              key="secret"
              {...c}
              type="password"
              autoComplete="off"
              placeholder={stored ? `stored ${stored}` : ''}
              value={value.secret}
              onChange={(e) => props.onChange({ ...value, secret: e.target.value })}
            />
          )}
        </>
      )}
    </Field>
  );
}
