/**
 * The inspector: a pasted token or embed URL decoded and judged by Sigma's rules
 * (shared/inspect.ts), its signature checked against the stored secrets, and its jti looked up
 * in the ledgers: this console's (signed, inspected) and the local embed host's (loaded).
 */
import type { InspectReport, RequestOf } from '../../shared/api';
import { EmbedConsoleError, excerpt } from '../../shared/errors';
import { analyzePasted } from '../../shared/inspect';
import { bySeverity, finding, type Finding } from '../../shared/lint';
import { JtiLedger, type LedgerEntry } from './ledger';
import type { ProfileStore } from './profiles';
import type { Secrets } from './secrets';
import { findSigner } from './verifier';

export interface InspectorDeps {
  profiles: ProfileStore;
  secrets: Secrets;
  ledger: JtiLedger;
  /** The local embed host's ledger of tokens it loaded; another process writes it, so it is read afresh each time. */
  hostLedgerFile?: string;
  now: () => number;
}

/** The first load of a jti the ledgers know of: the host's admission, or a load the console recorded. */
async function loadOf(jti: string, own: LedgerEntry | undefined, deps: InspectorDeps): Promise<LedgerEntry | undefined> {
  if (own?.use === 'loaded') return own;
  if (!deps.hostLedgerFile) return undefined;
  const host = new JtiLedger(deps.hostLedgerFile, { source: 'local embed host', use: 'loaded', now: deps.now });
  await host.load();
  return host.lookup(jti);
}

/**
 * What the ledgers know of a jti. Only a load uses a token up (Sigma accepts each jti once), so
 * only a recorded load warns; a token signed or inspected here before is said, as information.
 */
async function ledgerFindings(payload: Record<string, unknown>, deps: InspectorDeps): Promise<Finding[]> {
  const { jti, exp } = payload;
  if (typeof jti !== 'string' || typeof exp !== 'number' || !Number.isFinite(exp)) return [];
  const shown = excerpt(jti, 80);
  let seen: LedgerEntry | undefined;
  let loaded: LedgerEntry | undefined;
  try {
    // Read afresh: the CLI or another window may have signed or used the token since.
    await deps.ledger.refresh();
    seen = deps.ledger.record(jti, exp, 'inspected in Embed Console', 'inspected');
    await deps.ledger.flush();
    loaded = await loadOf(jti, seen, deps);
  } catch (error) {
    if (!(error instanceof EmbedConsoleError)) throw error;
    // The report stands without the ledger; it only cannot say whether the jti was used.
    return [finding('LEDGER_UNAVAILABLE', 'warning', 'payload.jti', `${error.message} Whether this token was already used is unknown.`)];
  }
  if (loaded) {
    return [
      finding(
        'JTI_SEEN',
        'warning',
        'payload.jti',
        `jti ${shown} was loaded at ${loaded.seenAt} (${excerpt(loaded.source, 80)}); Sigma accepts each token once, so it will be refused now: sign a fresh one.`,
      ),
    ];
  }
  if (!seen) return [];
  if (seen.use === 'copied') {
    return [
      finding(
        'JTI_KNOWN',
        'info',
        'payload.jti',
        `jti ${shown} was copied from the preview at ${seen.seenAt}; no load of it is recorded here, so Sigma accepts it once, unless that copy was opened already.`,
      ),
    ];
  }
  const how = seen.use === 'signed' ? 'signed here' : 'inspected here before';
  return [
    finding(
      'JTI_KNOWN',
      'info',
      'payload.jti',
      `jti ${shown} was ${how} at ${seen.seenAt} (${excerpt(seen.source, 80)}); no load of it is recorded here, so Sigma should still accept it once (unless it was opened elsewhere).`,
    ),
  ];
}

export async function inspect(request: RequestOf<'token:inspect'>, deps: InspectorDeps): Promise<InspectReport> {
  const analysis = analyzePasted(request.input, deps.now(), { internal: request.internal });
  const report: InspectReport = {
    header: analysis.header,
    payload: analysis.payload,
    signature: { valid: false, profile: null, reason: 'Not verified: no token could be read.' },
    target: analysis.target,
    findings: analysis.findings,
  };
  if (!analysis.token || !analysis.header || !analysis.payload) return report;

  const signer = await findSigner(analysis.token, { header: analysis.header, payload: analysis.payload }, deps, request.profile);
  const seen = await ledgerFindings(analysis.payload, deps);
  return { ...report, signature: signer.signature, findings: bySeverity([...analysis.findings, ...signer.findings, ...seen]) };
}
