/** The Browse view's parts: a listing of the org's content in words, and what a pick just set in Craft. */
import type { ReactNode } from 'react';
import { MAX_LISTING } from '../../shared/sigma-rest';
import type { Loaded } from '../hooks/useListing';
import { ErrorText } from './ErrorText';

/** A listing's state in words: loading, Sigma's error with its fix, nothing found, or the entries. */
export function ListingOf<T>(props: { loaded: Loaded<T> | undefined; label: string; empty: string; children: (entries: T[]) => ReactNode }) {
  const { loaded } = props;
  if (!loaded) return null;
  if (loaded.state === 'loading')
    return (
      <p className="muted" role="status">
        Loading {props.label}…
      </p>
    );
  if (loaded.state === 'failed') return <ErrorText kind="failure">{loaded.message}</ErrorText>;
  return (
    <>
      {loaded.entries.length ? props.children(loaded.entries) : <p className="muted">{props.empty}</p>}
      {!loaded.complete && (
        <p className="hint">
          Sigma has more than {MAX_LISTING.toLocaleString()}; only the first {MAX_LISTING.toLocaleString()} were fetched.
        </p>
      )}
    </>
  );
}

/** What a pick set in Craft's draft, and the value it set: said while the draft still holds it. */
export interface Picked {
  said: string;
  value: string;
}

/** "Craft's target is now …", with the way there. */
export function PickedLine(props: { picked?: Picked; holds: string; onOpenInCraft: () => void }) {
  if (props.picked?.value !== props.holds) return null;
  return (
    <p className="picked" role="status">
      <span>{props.picked.said}</span>
      <button type="button" onClick={props.onOpenInCraft}>
        Open in Craft
      </button>
    </p>
  );
}
