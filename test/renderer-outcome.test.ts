/** How a load in the preview ends: the embed's messages, the no-answer timer and the probe of its origin, into one outcome. */
import { describe, expect, it } from 'vitest';
import type { InspectReport } from '../shared/api';
import { LOADING, advance, inspectorReason, pendingText, type OutcomeEvent, type OutcomeState } from '../shared/load-outcome';
import { outcomeOfLoadFailure } from '../renderer/preview/webview-failure';

const HOST = 'app.sigmacomputing.com';
const run = (...events: OutcomeEvent[]): OutcomeState => events.reduce((state, event) => advance(state, event, HOST), LOADING);
const textOf = (state: OutcomeState) => (state.phase === 'settled' ? `${state.outcome.kind}: ${state.outcome.text}` : state.phase);

describe('the outcome of a load', () => {
  it('is "loaded" once the embed says workbook:loaded, and stays so whatever it says later (a session run out, a command refused)', () => {
    const loaded = run({ type: 'message', message: { type: 'workbook:loaded' } });
    expect(textOf(loaded)).toBe('loaded: Loaded: the embed said workbook:loaded.');
    expect(
      run(
        { type: 'message', message: { type: 'workbook:loaded' } },
        { type: 'message', message: { type: 'workbook:error', code: 'EINVAL', message: 'Session expired. Reload the page.' } },
        { type: 'timeout' },
      ),
    ).toEqual(loaded);
  });

  it('is "refused" with the code and the message of a workbook:error, and the inspector\'s reason once it has one', () => {
    const refused = run({ type: 'message', message: { type: 'workbook:error', code: 'EINVAL', message: 'This embed URL was already used.' } });
    expect(textOf(refused)).toBe('refused: Refused (EINVAL): This embed URL was already used.');
    expect(textOf(advance(refused, { type: 'inspected', reason: 'The token expired 2 s ago.' }, HOST))).toBe(
      'refused: Refused (EINVAL): This embed URL was already used. The inspector says: The token expired 2 s ago.',
    );
    // A workbook:loaded after a refusal does not make it loaded; a reason for a load that did not fail is dropped.
    expect(run({ type: 'message', message: { type: 'workbook:error' } }, { type: 'message', message: { type: 'workbook:loaded' } })).toEqual(
      run({ type: 'message', message: { type: 'workbook:error' } }),
    );
    expect(textOf(run({ type: 'message', message: { type: 'workbook:error', code: 42 } }))).toBe('refused: Refused: no reason given');
    expect(run({ type: 'inspected', reason: 'x' })).toEqual(LOADING);
  });

  it('asks the origin why once the embed is silent too long, and says what the probe found', () => {
    expect(run({ type: 'timeout' })).toEqual({ phase: 'probing' });
    expect(pendingText(LOADING, HOST)).toBe('Loading from app.sigmacomputing.com…');
    expect(pendingText(run({ type: 'timeout' }), HOST)).toBe('Still waiting after 4 s; asking app.sigmacomputing.com why (without the token)…');

    const probed = (result: Parameters<typeof advance>[1] & { type: 'probed' }) => textOf(run({ type: 'timeout' }, result));
    expect(
      probed({
        type: 'probed',
        result: { reachable: false, reason: 'Nothing answers at 127.0.0.1:9 (connection refused). Is the server running?' },
        framed: true,
      }),
    ).toBe('unreachable: No answer: Nothing answers at 127.0.0.1:9 (connection refused). Is the server running?');
    const denied = { reachable: true, framing: 'The page forbids being framed by other sites (X-Frame-Options: DENY).' } as const;
    expect(probed({ type: 'probed', result: denied, framed: true })).toBe(
      'unframeable: No answer: The page forbids being framed by other sites (X-Frame-Options: DENY). Open it in a browser tab to see it.',
    );
    // In Electron's webview the embed is the top-level page: framing rules do not explain its silence.
    expect(probed({ type: 'probed', result: denied, framed: false })).toMatch(/^silent: /);
    expect(probed({ type: 'probed', result: { reachable: true }, framed: true })).toBe(
      'silent: No answer: app.sigmacomputing.com answered, but the page never said workbook:loaded within 4 s. It may not be a Sigma embed, or it is still loading.',
    );
  });

  it("takes the embed's own answer over a diagnosis made while it was silent (a slow page that loads after all)", () => {
    const slow = run(
      { type: 'timeout' },
      { type: 'probed', result: { reachable: true }, framed: true },
      { type: 'message', message: { type: 'workbook:loaded' } },
    );
    expect(textOf(slow)).toBe('loaded: Loaded: the embed said workbook:loaded.');
    // A probe's answer after the embed's is dropped.
    expect(
      run(
        { type: 'timeout' },
        { type: 'message', message: { type: 'workbook:loaded' } },
        { type: 'probed', result: { reachable: false, reason: 'x' }, framed: true },
      ),
    ).toEqual(slow);
    // Other messages end nothing.
    expect(run({ type: 'message', message: { type: 'url:onchange' } })).toEqual(LOADING);
  });

  it("takes the webview's load failure as the outcome, unless the embed has answered", () => {
    const failure = { kind: 'unreachable' as const, text: 'No answer: x' };
    expect(run({ type: 'failed', outcome: failure })).toEqual({ phase: 'settled', outcome: failure });
    expect(textOf(run({ type: 'message', message: { type: 'workbook:loaded' } }, { type: 'failed', outcome: failure }))).toMatch(/^loaded/);
  });
});

describe("the inspector's reason for a refused token", () => {
  const report = (findings: InspectReport['findings'], valid = true): InspectReport => ({
    header: null,
    payload: null,
    target: null,
    signature: { valid, profile: null, reason: valid ? 'Verified.' : "No profile's secret verifies it." },
    findings,
  });
  it('is its first error, else a signature that does not verify, else a jti already used (a replay), else none', () => {
    const expired = { code: 'EXPIRED', severity: 'error', path: 'exp', message: 'The token expired 2 s ago.' } as const;
    const replay = { code: 'JTI_SEEN', severity: 'warning', path: 'jti', message: 'jti j1 was loaded at T (local embed host).' } as const;
    const known = { code: 'JTI_KNOWN', severity: 'info', path: 'jti', message: 'jti j1 was signed here.' } as const;
    const option = { code: 'URL_OPTION_UNVERIFIED', severity: 'warning', path: ':theme', message: 'Only in the samples.' } as const;
    expect(inspectorReason(report([replay, expired], false))).toBe('The token expired 2 s ago.');
    expect(inspectorReason(report([replay], false))).toBe("No profile's secret verifies it.");
    expect(inspectorReason(report([option, replay]))).toBe('jti j1 was loaded at T (local embed host).');
    expect(inspectorReason(report([option, known]))).toBeUndefined();
  });
});

describe("Electron's did-fail-load, as an outcome", () => {
  const fail = (errorCode: number, errorDescription: string, isMainFrame = true) =>
    outcomeOfLoadFailure({ errorCode, errorDescription, validatedURL: 'https://nowhere.invalid:8443/acme/workbook/x?:jwt=abc', isMainFrame });
  it('says what each failure means, naming the host and never the token', () => {
    expect(fail(-105, 'ERR_NAME_NOT_RESOLVED')).toEqual({
      kind: 'unreachable',
      text: 'No answer: The name nowhere.invalid does not resolve (DNS: ERR_NAME_NOT_RESOLVED). Check the address, or the network.',
    });
    expect(fail(-102, 'ERR_CONNECTION_REFUSED')?.text).toBe(
      'No answer: Nothing answers at nowhere.invalid:8443 (connection refused: ERR_CONNECTION_REFUSED). Is the server running?',
    );
    expect(fail(-202, 'ERR_CERT_AUTHORITY_INVALID')?.text).toBe(
      'No answer: nowhere.invalid:8443 failed the TLS check (ERR_CERT_AUTHORITY_INVALID): its certificate is not one this machine trusts.',
    );
    expect(fail(-118, 'ERR_CONNECTION_TIMED_OUT')?.text).toMatch(/timed out/);
    expect(fail(-324, 'ERR_EMPTY_RESPONSE')?.text).toBe('No answer: nowhere.invalid:8443 could not be loaded (ERR_EMPTY_RESPONSE).');
    for (const code of [-105, -102, -202, -118, -324]) expect(fail(code, 'X')?.text).not.toContain('jwt');
  });
  it('means nothing for a sub-frame or a load replaced by another (ERR_ABORTED)', () => {
    expect(fail(-105, 'ERR_NAME_NOT_RESOLVED', false)).toBeUndefined();
    expect(fail(-3, 'ERR_ABORTED')).toBeUndefined();
  });
});
