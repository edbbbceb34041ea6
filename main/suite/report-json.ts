/** The suite's results as JSON, for scripts: the counts and every case's result. */
import type { CaseResult } from '../../shared/suite-result';

export function jsonReport(results: CaseResult[], durationMs: number, file: string): string {
  const count = (status: CaseResult['status']) => results.filter((r) => r.status === status).length;
  return JSON.stringify({ file, passed: count('passed'), failed: count('failed'), errors: count('error'), durationMs, results }, null, 2);
}
