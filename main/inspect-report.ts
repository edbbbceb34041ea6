/**
 * The inspector's report as a person reads it in a terminal: the token, its times, the verdict,
 * the findings. Everything in it may come from a pasted token or URL, so every line is made
 * visible (shared/visible.ts): a value cannot print a line of its own nor hide the verdict.
 */
import type { InspectReport } from '../shared/api';
import { describeClaimTime } from '../shared/jwt';
import { targetUrl } from '../shared/target';
import { visible, visibleLines } from '../shared/visible';

const indent = (text: string) => text.replace(/^/gm, '  ');

export function formatReport(report: InspectReport, now: number): string {
  // Each entry is one line, or pretty JSON whose only raw line breaks are its own.
  const lines: string[] = [];
  const line = (text: string) => lines.push(indent(visible(text)));
  if (report.target) {
    const { options, controls, ...target } = report.target;
    lines.push('Target');
    line(`${target.kind} ${targetUrl(target)}`);
    for (const [key, value] of Object.entries(options)) line(`${key} = ${value}`);
    for (const [id, values] of Object.entries(controls)) line(`control ${id} = ${values.join(', ')}`);
  }
  if (report.header) lines.push('Header', indent(visibleLines(JSON.stringify(report.header, null, 2))));
  if (report.payload) {
    lines.push('Payload', indent(visibleLines(JSON.stringify(report.payload, null, 2))));
    const times = (['iat', 'exp'] as const).filter((claim) => typeof report.payload![claim] === 'number');
    if (times.length) {
      lines.push('Times');
      for (const claim of times) {
        const seconds = report.payload[claim] as number;
        line(`${claim}  ${new Date(seconds * 1000).toLocaleString()} (${describeClaimTime(claim, seconds, now)})`);
      }
    }
  }
  lines.push('Signature');
  line(`${report.signature.valid ? 'valid' : 'NOT valid'}: ${report.signature.reason}`);
  const errors = report.findings.filter((f) => f.severity === 'error').length;
  if (report.findings.length === 0) {
    lines.push('Findings', indent('none: Sigma should accept this token.'));
  } else {
    lines.push(`Findings (${errors} error${errors === 1 ? '' : 's'}, ${report.findings.length - errors} other)`);
    for (const f of report.findings) line(`${f.severity.padEnd(7)} ${f.code}  ${f.path}: ${f.message}`);
  }
  return lines.join('\n');
}
