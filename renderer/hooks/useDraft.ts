/**
 * The draft being crafted, with one setter for every change (a value, or a function of the
 * draft as it is), kept in the browser's storage (draft.ts) so it survives a reload.
 */
import { useCallback, useEffect, useState, type SetStateAction } from 'react';
import { initialDraft, loadDraft, saveDraft, type Draft } from '../draft';

export type SetDraft = (next: SetStateAction<Draft>) => void;

export function useDraft(): {
  draft: Draft;
  /** When the draft last changed: the moment its unsigned token stands for. */
  changedAt: number;
  setDraft: SetDraft;
} {
  const [state, setState] = useState(() => ({ draft: loadDraft() ?? initialDraft(), changedAt: Date.now() }));
  const setDraft = useCallback<SetDraft>((next) => {
    const changedAt = Date.now();
    setState((current) => {
      const draft = typeof next === 'function' ? next(current.draft) : next;
      return draft === current.draft ? current : { draft, changedAt };
    });
  }, []);
  // Storage is outside React: written after each change is on screen.
  useEffect(() => saveDraft(state.draft), [state.draft]);
  return { draft: state.draft, changedAt: state.changedAt, setDraft };
}
