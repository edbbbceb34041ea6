import { useEffect, useId, useState, type ReactNode } from 'react';
import type { Failure } from '../../shared/errors';

export interface ControlProps {
  id: string;
  'aria-invalid': boolean;
  'aria-describedby'?: string;
}

/** A labelled control with its hint and, next to it, the error that names what to fix. */
export function Field(props: { label: string; error?: string; hint?: ReactNode; className?: string; children: (control: ControlProps) => ReactNode }) {
  const id = useId();
  const note = props.error ? `${id}-error` : props.hint ? `${id}-hint` : undefined;
  return (
    <div className={`field ${props.className ?? ''}`}>
      <label htmlFor={id}>{props.label}</label>
      {props.children({ id, 'aria-invalid': Boolean(props.error), 'aria-describedby': note })}
      {props.error ? (
        <p id={`${id}-error`} className="error" role="alert">
          {props.error}
        </p>
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

const sameRows = (a: Array<[string, string]>, b: Array<[string, string]>) => JSON.stringify(a) === JSON.stringify(b);
/** What the rows mean as an object: named rows only, a repeated name's last value. */
export const rowsToObject = (rows: Array<[string, string]>): Record<string, string> => Object.fromEntries(rows.filter(([key]) => key !== ''));
const meaning = (rows: Array<[string, string]>) => Object.entries(rowsToObject(rows));

/**
 * Rows of key/value pairs (user attributes, control values), each removable. The rows being
 * typed are kept here, so a row without a name yet (or a name typed twice) stays on screen;
 * the form hears the rows as they are and keeps what they mean.
 */
export function PairRows(props: {
  label: string;
  keyLabel: string;
  valueLabel: string;
  rows: Array<[string, string]>;
  disabled?: boolean;
  onChange: (rows: Array<[string, string]>) => void;
}) {
  const [rows, setRows] = useState(props.rows);
  // Rows changed from outside (a reopened embed, an import) replace the ones being typed.
  useEffect(() => {
    if (!sameRows(meaning(rows), props.rows)) setRows(props.rows);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only outside changes count
  }, [props.rows]);
  const onChange = (next: Array<[string, string]>) => {
    setRows(next);
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
          <button type="button" className="icon" aria-label={`Remove ${props.keyLabel} ${key || i + 1}`} onClick={() => onChange(rows.filter((_, j) => j !== i))}>
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
