/**
 * What a case of a suite came to, and the rules that judge it: what was seen in the browser
 * goes in, the reasons it failed (each a sentence) come out. Pure, for the runner and the app.
 */
import type { LoadOutcome } from './preview';
import type { SuiteExpect } from './suite';

export interface CaseResult {
  name: string;
  persona: string;
  target: string;
  profile: string;
  /** passed / failed an expectation / could not be run (no token signed, the browser gave up). */
  status: 'passed' | 'failed' | 'error';
  outcome?: LoadOutcome;
  /** Why it failed or could not run, each a sentence. */
  reasons: string[];
  /** The type of each message the embed posted, in order. */
  events: string[];
  /** The decoded claims of its token: never the signature or a secret. */
  payload?: Record<string, unknown>;
  durationMs: number;
  /** Paths of what was kept of a failing case. */
  artifacts?: { screenshot?: string; token?: string };
}

/** What the runner saw of one load. */
export interface Observation {
  outcome: LoadOutcome;
  /** The code of the embed's workbook:error, or the console's for a token it would not sign. */
  code?: string;
  /** The HTTP status of the embed's page. */
  status?: number;
  events: string[];
  /** The embed's visible text. */
  text: string;
  /** The inspector's error findings on the token, when the case asked for none. */
  errorFindings?: string[];
  timeoutMs: number;
}

/** How long a case waits for its outcome and what it expects, unless it says otherwise. */
export const DEFAULT_TIMEOUT_MS = 10_000;

const quoted = (items: string[]) => items.map((t) => `"${t}"`).join(', ');

function refusalReasons(expected: string | number, seen: Observation): string[] {
  const wanted = typeof expected === 'number' ? `HTTP ${expected}` : expected;
  if (seen.outcome.kind !== 'refused') {
    return [`It should be refused with ${wanted}, but ${seen.outcome.kind === 'loaded' ? 'it loaded.' : `it was not: ${seen.outcome.text}`}`];
  }
  const matches = typeof expected === 'number' ? seen.status === expected : seen.code === expected;
  if (matches) return [];
  const got = typeof expected === 'number' ? (seen.status ? `HTTP ${seen.status}` : 'no HTTP status') : (seen.code ?? 'no code');
  return [`It should be refused with ${wanted}, but got ${got}. ${seen.outcome.text}`];
}

/** Every way `seen` falls short of `expect`; none means the case passed. */
export function judge(expect: SuiteExpect, seen: Observation): string[] {
  const reasons: string[] = [];
  const loaded = seen.outcome.kind === 'loaded';
  // A case expects its embed to load unless it says otherwise (loads: false, or a refusal).
  const shouldLoad = expect.loads ?? expect.refused === undefined;
  if (shouldLoad && !loaded) reasons.push(`It should load, but did not: ${seen.outcome.text}`);
  if (expect.loads === false && loaded) reasons.push('It should not load, but it did (the embed said workbook:loaded).');
  if (expect.refused !== undefined) reasons.push(...refusalReasons(expect.refused, seen));
  const missing = (expect.events ?? []).filter((type) => !seen.events.includes(type));
  if (missing.length) {
    const posted = seen.events.length ? `it posted ${[...new Set(seen.events)].join(', ')}` : 'it posted nothing';
    reasons.push(`It should post ${missing.join(', ')} within ${seen.timeoutMs / 1000} s, but did not (${posted}).`);
  }
  const absent = (expect.text ?? []).filter((t) => !seen.text.includes(t));
  if (absent.length) reasons.push(`The embed should show ${quoted(absent)}, but does not${seen.text.trim() ? '' : ' (it shows no text at all)'}.`);
  const present = (expect.no_text ?? []).filter((t) => seen.text.includes(t));
  if (present.length) reasons.push(`The embed shows ${quoted(present)}, which it should not.`);
  if (expect.findings === 'none' && seen.errorFindings?.length) {
    reasons.push(`The embed URL and its token should have no error finding, but the inspector says: ${seen.errorFindings.join(' ')}`);
  }
  return reasons;
}
