/**
 * The suite's results as JUnit XML, which CI systems show: one testcase per case, its reasons
 * as the failure's message and text. Text from the embed or a server is made visible first
 * (no control characters, which XML 1.0 cannot carry), then escaped.
 */
import { basename } from 'node:path';
import { visible } from '../../shared/visible';
import type { CaseResult } from '../../shared/suite-result';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };
/** Text safe in an attribute or an element. U+FFFE and U+FFFF are not XML characters either. */
const xml = (text: string) =>
  visible(text)
    .replace(/[&<>"']/g, (c) => ESCAPES[c])
    .replace(/[\ufffe\uffff]/g, '\ufffd');
const seconds = (ms: number) => (ms / 1000).toFixed(3);

function testcase(r: CaseResult, suiteName: string): string {
  const open = `    <testcase name="${xml(r.name)}" classname="${xml(suiteName)}" time="${seconds(r.durationMs)}">`;
  if (r.status === 'passed') return `${open}</testcase>`;
  const tag = r.status === 'failed' ? 'failure' : 'error';
  const body = [...r.reasons, ...Object.entries(r.artifacts ?? {}).map(([kind, path]) => `${kind}: ${path}`)].map(xml).join('\n');
  return [open, `      <${tag} message="${xml(r.reasons[0] ?? r.status)}" type="${tag}">${body}</${tag}>`, '    </testcase>'].join('\n');
}

export function junitReport(results: CaseResult[], durationMs: number, file: string): string {
  const name = basename(file);
  const failures = results.filter((r) => r.status === 'failed').length;
  const errors = results.filter((r) => r.status === 'error').length;
  const counts = `tests="${results.length}" failures="${failures}" errors="${errors}" time="${seconds(durationMs)}"`;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="embed-console test" ${counts}>`,
    `  <testsuite name="${xml(name)}" ${counts}>`,
    ...results.map((r) => testcase(r, name)),
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}
