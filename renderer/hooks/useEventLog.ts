/** The messages between the app and the embed, one section per load (event-log.ts keeps the rules). */
import { useCallback, useEffect, useState } from 'react';
import type { LoadOutcome } from '../../shared/api';
import type { EmbedMessage } from '../../shared/preview';
import { clearSections, logEvent, settleSection, startSection, type LoadSection, type LoggedEvent } from '../event-log';

export interface EventLogState {
  /** Newest load first. */
  sections: LoadSection[];
  log: (direction: LoggedEvent['direction'], message: EmbedMessage) => void;
  /** A new load: its events go in a section of their own. */
  start: (loadId: number) => void;
  settle: (loadId: number, outcome: LoadOutcome) => void;
  clear: () => void;
}

export function useEventLog(): EventLogState {
  const [sections, setSections] = useState<LoadSection[]>([]);
  // Stable: the preview listens with them, and would listen anew for every new function.
  const log = useCallback((direction: LoggedEvent['direction'], message: EmbedMessage) => {
    const at = Date.now();
    setSections((list) => logEvent(list, direction, message, at));
  }, []);
  const start = useCallback((loadId: number) => {
    const at = Date.now();
    setSections((list) => startSection(list, loadId, at));
  }, []);
  const settle = useCallback((loadId: number, outcome: LoadOutcome) => setSections((list) => settleSection(list, loadId, outcome)), []);
  const clear = useCallback(() => setSections(clearSections), []);
  return { sections, log, start, settle, clear };
}

/** Each load of a preview in a section of its own, headed by how the load ended once it has. */
export function useLoadSections({ start, settle }: EventLogState, loadId: number, outcome: LoadOutcome | undefined): void {
  useEffect(() => {
    if (loadId > 0) start(loadId);
  }, [loadId, start]);
  useEffect(() => {
    if (outcome) settle(loadId, outcome);
  }, [outcome, loadId, settle]);
}
