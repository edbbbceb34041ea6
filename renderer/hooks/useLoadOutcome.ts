/**
 * The outcome of the preview's current load (shared/load-outcome.ts keeps the rules): the timer, the
 * probe of the origin and the inspector's reason for a refused token are asked here, and each
 * outcome is kept in the history.
 */
import { useCallback, useEffect, useState } from 'react';
import type { EmbedConsoleApi, LoadOutcome, SignedEmbed } from '../../shared/api';
import type { EmbedMessage } from '../../shared/preview';
import { inElectron } from '../api';
import { LOADING, NO_ANSWER_MS, advance, inspectorReason, pendingText, type OutcomeEvent, type OutcomeState } from '../../shared/load-outcome';

export interface LoadOutcomeState {
  /** How the load ended, once it did. */
  outcome?: LoadOutcome;
  /** What is said while it has not. */
  pending?: string;
  onMessage: (message: EmbedMessage) => void;
  onFailure: (outcome: LoadOutcome) => void;
}

const hostOf = (url: string) => new URL(url).host;
/** The outcomes whose server got the token (a refusal does not use it up; an unreachable one never had it). */
const SERVER_HAD_IT = new Set<LoadOutcome['kind']>(['loaded', 'silent', 'unframeable']);

export function useLoadOutcome(api: EmbedConsoleApi, signed: SignedEmbed | undefined, loadId: number): LoadOutcomeState {
  const [tracked, setTracked] = useState<{ loadId: number; state: OutcomeState }>({ loadId, state: LOADING });
  const state = tracked.loadId === loadId ? tracked.state : LOADING;
  const host = signed ? hostOf(signed.url) : '';

  const dispatch = useCallback(
    (event: OutcomeEvent) =>
      setTracked((current) => {
        const from = current.loadId === loadId ? current.state : LOADING;
        const next = advance(from, event, host);
        return next === from && current.loadId === loadId ? current : { loadId, state: next };
      }),
    [loadId, host],
  );

  useEffect(() => {
    if (!signed) return;
    const timer = setTimeout(() => dispatch({ type: 'timeout' }), NO_ANSWER_MS);
    return () => clearTimeout(timer);
  }, [signed, dispatch]);

  const probing = state.phase === 'probing';
  useEffect(() => {
    if (!probing || !signed) return;
    // The answer of an earlier load's probe is dropped.
    let live = true;
    void api['preview:probe']({ url: signed.url }).then((result) => {
      if (live) dispatch({ type: 'probed', result: result.ok ? result.data : { reachable: false, reason: result.message }, framed: !inElectron() });
    });
    return () => {
      live = false;
    };
  }, [probing, signed, api, dispatch]);

  const outcome = state.phase === 'settled' ? state.outcome : undefined;
  const refused = outcome?.kind === 'refused';
  useEffect(() => {
    if (!refused || !signed) return;
    let live = true;
    void api['token:inspect']({ input: signed.token }).then((result) => {
      const reason = result.ok ? inspectorReason(result.data) : undefined;
      if (live && reason) dispatch({ type: 'inspected', reason });
    });
    return () => {
      live = false;
    };
  }, [refused, signed, api, dispatch]);

  const jti = signed?.payload.jti;
  useEffect(() => {
    if (!outcome || !jti) return;
    void api['history:outcome']({ jti, outcome });
    // Its server had the token: used up, or maybe (a page that never said why).
    if (SERVER_HAD_IT.has(outcome.kind)) void api['token:used']({ jti, how: 'preview', host });
  }, [outcome, jti, host, api]);

  const onMessage = useCallback((message: EmbedMessage) => dispatch({ type: 'message', message }), [dispatch]);
  const onFailure = useCallback((failed: LoadOutcome) => dispatch({ type: 'failed', outcome: failed }), [dispatch]);
  return { outcome, pending: signed ? pendingText(state, host) : undefined, onMessage, onFailure };
}
