/**
 * "Re-sign before exp" for the preview (preview/keep-alive.ts keeps the rules): a fresh token
 * shortly before the loaded one expires, back where the user was. And "Skip to expiry" for an
 * embed of the local embed host: its page's clock, and the keep-alive's, move on to just before
 * exp, so the end of a session is seen now.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { EmbedDraft, LoadOutcome, SignedEmbed } from '../../shared/api';
import { CLOCK_ADVANCE, type EmbedMessage } from '../../shared/preview';
import { SKIP_TO_LEFT, goToPage, heard, pageToRestore, resignLead, restoredControls, type Place } from '../preview/keep-alive';

export interface KeepAlive {
  on: boolean;
  setOn: (on: boolean) => void;
  /** When the next re-sign is due, in the preview's clock; undefined when none is. */
  dueAt?: number;
  /** Moves the local embed host's clock for this preview on; undefined where that cannot be done. */
  skipToExpiry?: () => void;
  onMessage: (message: EmbedMessage) => void;
}

export function useKeepAlive(args: {
  signed?: SignedEmbed;
  loadId: number;
  outcome?: LoadOutcome;
  /** Whether the embed is the local embed host's: only its clock can be moved. */
  local: boolean;
  /** Sends a message to the embed (and logs it). */
  send: (message: EmbedMessage) => void;
  /** Signs afresh with these control values, and loads; whether it did. */
  resign: (controls: (draft: EmbedDraft['controls']) => EmbedDraft['controls']) => Promise<boolean>;
}): KeepAlive {
  const { signed, loadId, outcome, local, send, resign } = args;
  const [on, setOn] = useState(false);
  // Per load: what the embed said of where the user is, and how far its clock was moved on.
  const [place, setPlace] = useState<{ loadId: number; place: Place; skew: number }>({ loadId, place: {}, skew: 0 });
  const current = place.loadId === loadId ? place : { loadId, place: {}, skew: 0 };

  // The page to ask for once the re-signed embed has loaded, and the load it waits for.
  const backTo = useRef<{ after: number; pageId: string }>(undefined);
  const onMessage = useCallback(
    (message: EmbedMessage) => {
      const back = backTo.current;
      if (message.type === 'workbook:loaded' && back && loadId > back.after) {
        backTo.current = undefined;
        send(goToPage(back.pageId));
      }
      setPlace((last) => {
        const from = last.loadId === loadId ? last : { loadId, place: {}, skew: 0 };
        const next = heard(from.place, message);
        return next === from.place && from === last ? last : { ...from, place: next };
      });
    },
    [loadId, send],
  );

  // Only a load that worked is kept alive: a refused one would be re-signed into the same refusal.
  const live = Boolean(signed) && outcome?.kind === 'loaded';
  const lead = signed ? resignLead(signed.payload.iat, signed.payload.exp) : 0;
  const dueAt = on && live && signed ? (signed.payload.exp - lead) * 1000 - current.skew * 1000 : undefined;

  // Read when the timer fires: a new place, or a new resign function, does not restart it.
  const latest = useRef({ place: current.place, resign });
  useEffect(() => {
    latest.current = { place: current.place, resign };
  });
  // Each load is re-signed once: a re-sign that fails is said, not tried again and again.
  const resigned = useRef(0);
  useEffect(() => {
    if (dueAt === undefined || !signed || resigned.current === loadId) return;
    const timer = setTimeout(
      () => {
        resigned.current = loadId;
        const { place, resign: signAfresh } = latest.current;
        const pageId = pageToRestore(signed.url, place);
        backTo.current = pageId ? { after: loadId, pageId } : undefined;
        void signAfresh((controls) => restoredControls(place, controls)).then((ok) => {
          if (!ok) backTo.current = undefined;
        });
      },
      Math.max(0, dueAt - Date.now()),
    );
    return () => clearTimeout(timer);
  }, [dueAt, signed, loadId]);

  const skipToExpiry =
    local && live && signed
      ? () => {
          const seconds = Math.floor(signed.payload.exp - SKIP_TO_LEFT - Date.now() / 1000 - current.skew);
          if (seconds <= 0) return;
          send({ type: CLOCK_ADVANCE, seconds });
          setPlace({ ...current, skew: current.skew + seconds });
        }
      : undefined;

  return { on, setOn, dueAt, skipToExpiry, onMessage };
}
