/** The messages between the app and the embed, as they come and go (event-log.ts keeps the rules). */
import { useCallback, useState } from 'react';
import type { EmbedMessage } from '../../shared/preview';
import { appendEvent, type LoggedEvent } from '../event-log';

export function useEventLog(): { events: LoggedEvent[]; log: (direction: LoggedEvent['direction'], message: EmbedMessage) => void; clear: () => void } {
  const [events, setEvents] = useState<LoggedEvent[]>([]);
  // Stable: the preview listens with it, and would listen anew for every new function.
  const log = useCallback((direction: LoggedEvent['direction'], message: EmbedMessage) => {
    const at = Date.now();
    setEvents((list) => appendEvent(list, direction, message, at));
  }, []);
  const clear = useCallback(() => setEvents([]), []);
  return { events, log, clear };
}
