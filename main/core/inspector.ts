/**
 * The inspector: a pasted token or embed URL decoded and judged by Sigma's rules
 * (shared/inspect.ts), its signature checked against the stored secrets, and its jti looked up
 * in the ledger of tokens this console has signed or seen.
 */
import type { InspectReport, RequestOf } from '../../shared/api';
import { EmbedConsoleError, excerpt } from '../../shared/errors';
import { analyzePasted } from '../../shared/inspect';
import { bySeverity, finding, type Finding } from '../../shared/lint';
import type { JtiLedger } from './ledger';
import type { ProfileStore } from './profiles';
import type { Secrets } from './secrets';
import { findSigner } from './verifier';

export interface InspectorDeps {
  profiles: ProfileStore;
  secrets: Secrets;
  ledger: JtiLedger;
  now: () => number;
}

/** A jti met before: Sigma would accept its token only once. */
async function ledgerFindings(payload: Record<string, unknown>, ledger: JtiLedger): Promise<Finding[]> {
  const { jti, exp } = payload;
  if (typeof jti !== 'string' || typeof exp !== 'number' || !Number.isFinite(exp)) return [];
  let seen;
  try {
    await ledger.load();
    seen = ledger.record(jti, exp, 'inspected in Embed Console');
    await ledger.flush();
  } catch (error) {
    if (!(error instanceof EmbedConsoleError)) throw error;
    // The report stands without the ledger; it only cannot say whether the jti was seen.
    return [finding('LEDGER_UNAVAILABLE', 'warning', 'payload.jti', `${error.message} Whether this jti was seen before is unknown.`)];
  }
  if (!seen) return [];
  return [
    finding(
      'JTI_SEEN',
      'warning',
      'payload.jti',
      `jti ${excerpt(jti, 80)} was first seen ${seen.seenAt} (${seen.source}); Sigma accepts each token once, so if it was loaded then, it will be refused now.`,
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
  const seen = await ledgerFindings(analysis.payload, deps.ledger);
  return { ...report, signature: signer.signature, findings: bySeverity([...analysis.findings, ...signer.findings, ...seen]) };
}
