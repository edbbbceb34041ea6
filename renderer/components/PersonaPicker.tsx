/**
 * Above Craft's claims: pick a persona (its claims fill the form, and the form says whose they
 * are until they are edited), save the claims as one (a taken name is asked about here, at the
 * field), or remove one. Claims only: the OAuth tokens typed below are never part of a persona.
 */
import { useState, type FormEvent } from 'react';
import type { Persona } from '../../shared/api';
import { claimsToSend, type ClaimsInput } from '../../shared/claims';
import { savedPersonaOf } from '../../shared/suite-edit';
import type { Failure } from '../../shared/errors';
import type { Personas } from '../hooks/usePersonas';
import { StatusText, type Status } from './ErrorText';
import { Field, placeFailure } from './Field';
import { NameOptions } from './NameOptions';

export function PersonaPicker(props: { personas: Personas; claims: ClaimsInput; onPick: (claims: ClaimsInput) => void }) {
  const { personas, claims } = props;
  const list = personas.list ?? [];
  // The persona these claims are (the one Suites names them after too): an edit makes them a draft.
  const fromName = savedPersonaOf(claims, list);
  const from = list.find((p) => p.name === fromName);
  const [status, setStatus] = useState<Status>();
  const [naming, setNaming] = useState(false);
  const [name, setName] = useState('');
  const [failure, setFailure] = useState<Failure>();
  const { fieldError, formError } = placeFailure(failure, ['name']);
  const taken = failure?.code === 'PERSONA_EXISTS';

  const pick = (persona: Persona) => {
    setStatus(undefined);
    props.onPick(persona.claims);
  };
  const save = async (overwrite: boolean) => {
    const result = await personas.save(name.trim(), claimsToSend(claims), overwrite);
    setFailure(result.ok ? undefined : result);
    if (!result.ok) return;
    setStatus({ kind: 'info', text: `Saved these claims as persona "${result.data.name}".` });
    setNaming(false);
    setName('');
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void save(false);
  };
  const remove = async (persona: Persona) => {
    if (!window.confirm(`Remove persona "${persona.name}"? The claims stay in the form; suites that name it keep their own copy.`)) return;
    const result = await personas.remove(persona.name);
    setStatus(result.ok ? { kind: 'info', text: `Removed persona "${persona.name}"; the claims stay in the form.` } : { kind: 'error', text: result.message });
  };
  const cancel = () => {
    setNaming(false);
    setFailure(undefined);
  };

  return (
    <section className="panel persona-picker" aria-label="Persona">
      <div className="toolbar">
        <label>
          Persona
          <select
            value={from?.name ?? ''}
            onChange={(e) => {
              const persona = list.find((p) => p.name === e.target.value);
              if (persona) pick(persona);
            }}
          >
            <option value="">{list.length ? 'Choose a persona…' : 'No persona saved yet'}</option>
            <NameOptions named={list} />
          </select>
        </label>
        <button type="button" disabled={!from} onClick={() => from && void remove(from)}>
          Remove
        </button>
        <button type="button" aria-expanded={naming} onClick={() => (naming ? cancel() : setNaming(true))}>
          Save as persona…
        </button>
      </div>
      {from && (
        <p className="hint" aria-label="Claims from">
          These claims are persona &quot;{from.name}&quot;; an edit makes them a draft of your own.
        </p>
      )}
      {personas.error && <StatusText status={{ kind: 'error', text: personas.error }} />}
      {status && <StatusText status={status} />}
      {naming && (
        <form className="persona-save" aria-label="Save as persona" onSubmit={submit}>
          <Field label="Persona name" failure={fieldError('name')} hint="The claims above, under a name: pick them again here, or compare them in Compare.">
            {(control) => (
              <input
                {...control}
                value={name}
                maxLength={100}
                autoFocus
                onChange={(e) => {
                  setName(e.target.value);
                  setFailure(undefined);
                }}
              />
            )}
          </Field>
          {formError && <StatusText status={{ kind: 'error', text: formError }} />}
          <div className="toolbar">
            {taken ? (
              <button type="button" className="primary" onClick={() => void save(true)}>
                Replace it
              </button>
            ) : (
              <button type="submit" className="primary">
                Save
              </button>
            )}
            <button type="button" onClick={cancel}>
              Cancel
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
