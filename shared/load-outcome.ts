/**
 * How a load ends, in the app's preview and in each case of a suite, apart from React: the
 * embed's messages, a timer, the probe of its origin (asked without the token) and, in
 * Electron, the webview's load failures go in; one outcome comes out, in the user's words.
 */
import type { InspectReport, LoadOutcome, ProbeResult } from './api';
import type { EmbedMessage } from './preview';

/** How long a load may stay silent before its origin is probed. */
export const NO_ANSWER_MS = 4_000;

export type OutcomeState =
  | { phase: 'loading' }
  /** No workbook:loaded in time: the origin is being asked why. */
  | { phase: 'probing' }
  | { phase: 'settled'; outcome: LoadOutcome };

export type OutcomeEvent =
  | { type: 'message'; message: EmbedMessage }
  | { type: 'timeout' }
  /**
   * `framed`: the preview is an iframe (in Electron's webview the embed is the top-level page,
   * which framing rules do not stop). `waitedMs`: how long the load went unanswered (a suite
   * case waits its own timeout; the preview NO_ANSWER_MS).
   */
  | { type: 'probed'; result: ProbeResult; framed: boolean; waitedMs?: number }
  /** The page failed to load (Electron's did-fail-load), already said as an outcome. */
  | { type: 'failed'; outcome: LoadOutcome }
  /** What the inspector says of the refused token. */
  | { type: 'inspected'; reason: string };

export const LOADING: OutcomeState = { phase: 'loading' };

const LOADED: LoadOutcome = { kind: 'loaded', text: 'Loaded: the embed said workbook:loaded.' };

/** A workbook:error's code and message, which come from the page and may be anything. */
function refusal(message: EmbedMessage): LoadOutcome {
  const code = typeof message.code === 'string' && message.code ? ` (${message.code})` : '';
  const said = typeof message.message === 'string' && message.message.trim() ? message.message.trim() : 'no reason given';
  return { kind: 'refused', text: `Refused${code}: ${said}` };
}

function silent(host: string, waitedMs: number): LoadOutcome {
  return {
    kind: 'silent',
    text: `No answer: ${host} answered, but the page never said workbook:loaded within ${Math.round(waitedMs / 100) / 10} s. It may not be a Sigma embed, or it is still loading.`,
  };
}

/** Whether the load has ended as loaded or refused: what the embed says later (a session run out, a command it refused) is the event log's. */
const answered = (state: OutcomeState) => state.phase === 'settled' && (state.outcome.kind === 'loaded' || state.outcome.kind === 'refused');

/**
 * The state after an event; `host` names the embed's server in what is said. The embed's own
 * answer wins over a diagnosis made while it was silent (a slow page that loads after all).
 */
export function advance(state: OutcomeState, event: OutcomeEvent, host: string): OutcomeState {
  const settled = state.phase === 'settled' ? state : undefined;
  switch (event.type) {
    case 'message':
      if (answered(state)) return state;
      if (event.message.type === 'workbook:loaded') return { phase: 'settled', outcome: LOADED };
      if (event.message.type === 'workbook:error') return { phase: 'settled', outcome: refusal(event.message) };
      return state;
    case 'timeout':
      return state.phase === 'loading' ? { phase: 'probing' } : state;
    case 'probed':
      if (state.phase !== 'probing') return state;
      if (!event.result.reachable) return { phase: 'settled', outcome: { kind: 'unreachable', text: `No answer: ${event.result.reason}` } };
      if (event.result.framing && event.framed) {
        return { phase: 'settled', outcome: { kind: 'unframeable', text: `No answer: ${event.result.framing} Open it in a browser tab to see it.` } };
      }
      return { phase: 'settled', outcome: silent(host, event.waitedMs ?? NO_ANSWER_MS) };
    case 'failed':
      return answered(state) ? state : { phase: 'settled', outcome: event.outcome };
    case 'inspected':
      if (settled?.outcome.kind !== 'refused') return state;
      return { ...settled, outcome: { kind: 'refused', text: `${settled.outcome.text} The inspector says: ${event.reason}` } };
  }
}

/** What the preview says while it waits. */
export function pendingText(state: OutcomeState, host: string): string | undefined {
  if (state.phase === 'loading') return `Loading from ${host}…`;
  if (state.phase === 'probing') return `Still waiting after ${NO_ANSWER_MS / 1000} s; asking ${host} why (without the token)…`;
  return undefined;
}

/**
 * Why the inspector would refuse a token, if it would: its first error, a signature that does
 * not verify, or a jti already used (a replay: a warning in the inspector, the reason here).
 */
export function inspectorReason(report: InspectReport): string | undefined {
  const error = report.findings.find((finding) => finding.severity === 'error');
  if (error) return error.message;
  if (!report.signature.valid) return report.signature.reason;
  return report.findings.find((finding) => finding.code === 'JTI_SEEN')?.message;
}
