import { useId, useState, type ReactNode } from 'react';
import type { Failure } from '../../shared/errors';
import { rowsToShow, type Row } from '../rows';
import { ErrorText } from './ErrorText';

interface ControlProps {
  id: string;
  'aria-invalid': boolean;
  'aria-describedby'?: string;
}

/**
 * A labelled control with its hint and, next to it, the error that names what to fix: `error`
 * for what the form checks as it is typed, `failure` for an action's failure that names this
 * field (a refused save); a failure is said first.
 */
export function Field(props: {
  label: string;
  error?: string;
  failure?: string;
  hint?: ReactNode;
  className?: string;
  children: (control: ControlProps) => ReactNode;
}) {
  const id = useId();
  const problem = props.failure ?? props.error;
  const note = problem ? `${id}-error` : props.hint ? `${id}-hint` : undefined;
  return (
    <div className={`field ${props.className ?? ''}`}>
      <label htmlFor={id}>{props.label}</label>
      {props.children({ id, 'aria-invalid': Boolean(problem), 'aria-describedby': note })}
      {problem ? (
        <ErrorText id={`${id}-error`} kind={props.failure ? 'failure' : 'validation'}>
          {problem}
        </ErrorText>
      ) : props.hint ? (
        <p id={`${id}-hint`} className="hint">
          {props.hint}
        </p>
      ) : null}
    </div>
  );
}

/**
 * Where a form shows a failure: next to the field it names, or above the form when it names
 * none of the form's `fields`.
 */
export function placeFailure(failure: Failure | undefined, fields: readonly string[]) {
  return {
    fieldError: (field: string) => (failure?.field === field ? failure.message : undefined),
    formError: failure && !fields.includes(failure.field ?? '') ? failure.message : undefined,
  };
}

/**
 * Rows of key/value pairs (user attributes, control values), each removable. The rows being
 * typed are kept here, so a row without a name yet (or a name typed twice) stays on screen;
 * the form hears the rows as they are and keeps what they mean.
 */
export function PairRows(props: { label: string; keyLabel: string; valueLabel: string; rows: Row[]; disabled?: boolean; onChange: (rows: Row[]) => void }) {
  const [typed, setTyped] = useState(props.rows);
  // Rows changed from outside replace the ones being typed, in this very render (not after it,
  // in an effect), and for good: going back to the old values later does not bring them back.
  const rows = rowsToShow(typed, props.rows);
  if (rows !== typed) setTyped(rows);
  const onChange = (next: Row[]) => {
    setTyped(next);
    props.onChange(next);
  };
  const set = (i: number, pair: [string, string]) => onChange(rows.map((row, j) => (j === i ? pair : row)));
  return (
    <fieldset className="pairs" disabled={props.disabled}>
      <legend>{props.label}</legend>
      {rows.map(([key, value], i) => (
        <div className="pair" key={i}>
          <input aria-label={`${props.keyLabel} ${i + 1}`} placeholder={props.keyLabel} value={key} onChange={(e) => set(i, [e.target.value, value])} />
          <input aria-label={`${props.valueLabel} ${i + 1}`} placeholder={props.valueLabel} value={value} onChange={(e) => set(i, [key, e.target.value])} />
          <button
            type="button"
            className="icon"
            aria-label={`Remove ${props.keyLabel} ${key || i + 1}`}
            onClick={() => onChange(rows.filter((_, j) => j !== i))}
          >
            ×
          </button>
        </div>
      ))}
      <button type="button" className="link" onClick={() => onChange([...rows, ['', '']])}>
        + Add {props.keyLabel.toLowerCase()}
      </button>
    </fieldset>
  );
}
