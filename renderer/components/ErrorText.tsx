/**
 * An error said to the user, announced the way its kind calls for. A field's inline validation
 * changes with each keystroke: a polite live region, read when the user pauses. The failure of
 * an action (Save, Load, Remove, a listing asked of Sigma) happens once, in answer to the user:
 * an alert, read at once.
 */
import type { ReactNode } from 'react';

type ErrorKind = 'validation' | 'failure';

export function ErrorText(props: { kind: ErrorKind; id?: string; className?: string; inline?: boolean; children: ReactNode }) {
  const Element = props.inline ? 'span' : 'p';
  const announce = props.kind === 'failure' ? { role: 'alert' } : { 'aria-live': 'polite' as const };
  return (
    <Element id={props.id} className={props.className ? `error ${props.className}` : 'error'} {...announce}>
      {props.children}
    </Element>
  );
}

/** What an action said: its failure (an alert), or what it did (a status). */
export interface Status {
  kind: 'error' | 'info';
  text: string;
}

export function StatusText({ status }: { status: Status }) {
  if (status.kind === 'error') return <ErrorText kind="failure">{status.text}</ErrorText>;
  return (
    <p className="info" role="status">
      {status.text}
    </p>
  );
}
