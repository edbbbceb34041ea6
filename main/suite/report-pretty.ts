/** The suite's results for a person at a terminal: a line per case, the reasons under a failure, a summary. */
import { visible } from '../../shared/visible';
import type { CaseResult } from '../../shared/suite-result';

const MARK: Record<CaseResult['status'], string> = { passed: 'ok    ', failed: 'FAILED', error: 'ERROR ' };

/** "7 cases: 6 passed, 1 failed (2.4 s)". */
export function summaryLine(results: CaseResult[], durationMs: number): string {
  const count = (status: CaseResult['status']) => results.filter((r) => r.status === status).length;
  const errors = count('error');
  const parts = [`${count('passed')} passed`, `${count('failed')} failed`, ...(errors ? [`${errors} could not run`] : [])];
  return `${results.length} case${results.length === 1 ? '' : 's'}: ${parts.join(', ')} (${(durationMs / 1000).toFixed(1)} s)`;
}

/** One line per case; names, reasons and paths may come from the suite, the embed or a server, so each is made visible. */
export function prettyReport(results: CaseResult[], durationMs: number): string {
  const lines = results.flatMap((r) => [
    `${MARK[r.status]} ${visible(r.name)} (${r.durationMs} ms)`,
    ...r.reasons.map((reason) => `       ${visible(reason)}`),
    ...Object.entries(r.artifacts ?? {}).map(([kind, path]) => `       ${kind}: ${visible(path)}`),
  ]);
  return [...lines, '', summaryLine(results, durationMs)].join('\n');
}
