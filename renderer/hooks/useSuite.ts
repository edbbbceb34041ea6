/**
 * A suite file in the Suites view: opened by its path (or started from Craft's draft), changed
 * in its own text (a case added from Craft), saved back, and run through the core, all or one
 * case at a time. The text is the truth: the matrix is what parseSuite makes of it.
 */
import { useMemo, useState } from 'react';
import type { EmbedConsoleApi } from '../../shared/api';
import { expandCases, parseSuite, type Suite, type SuiteCase, type SuiteProblem } from '../../shared/suite';
import { addCraftCase, newSuiteText, type CraftCase } from '../../shared/suite-edit';
import type { CaseResult } from '../../shared/suite-result';
import type { Status } from '../components/ErrorText';

export interface SuiteState {
  /** The file's path as the core resolved it; undefined for a suite not saved yet. */
  path?: string;
  text?: string;
  /** Whether the text differs from the file's. */
  unsaved: boolean;
  suite?: Suite;
  cases: SuiteCase[];
  problems: SuiteProblem[];
  results: Record<string, CaseResult>;
  /** The names of the cases being run. */
  running: Set<string>;
  status?: Status;
  open: (path: string) => Promise<void>;
  start: (craft: CraftCase) => void;
  addCraft: (craft: CraftCase) => void;
  save: (path: string) => Promise<void>;
  /** Runs the cases named, or all of them. */
  run: (names?: string[]) => Promise<void>;
}

export function useSuite(api: EmbedConsoleApi): SuiteState {
  const [file, setFile] = useState<{ path?: string; text: string; saved?: string }>();
  const [results, setResults] = useState<Record<string, CaseResult>>({});
  const [running, setRunning] = useState<Set<string>>(new Set());
  const [status, setStatus] = useState<Status>();

  const parsed = useMemo(() => (file ? parseSuite(file.text, file.path) : undefined), [file]);
  const suite = parsed?.ok ? parsed.suite : undefined;
  const cases = useMemo(() => (suite ? expandCases(suite) : []), [suite]);

  const open = async (path: string) => {
    const opened = await api['suite:open']({ path });
    if (!opened.ok) return setStatus({ kind: 'error', text: opened.message });
    setFile({ path: opened.data.path, text: opened.data.text, saved: opened.data.text });
    setResults({});
    setStatus({ kind: 'info', text: `Opened ${opened.data.path}.` });
  };
  const start = (craft: CraftCase) => {
    setFile({ text: newSuiteText(craft) });
    setResults({});
    setStatus({ kind: 'info', text: "A new suite with Craft's draft as its first case: give it a path above, then Save." });
  };
  const addCraft = (craft: CraftCase) => {
    if (!file || !suite) return;
    const added = addCraftCase(file.text, suite, craft);
    setFile({ ...file, text: added.text });
    setStatus({ kind: 'info', text: `Added the case "${added.name}"; save to keep it in the file.` });
  };
  const save = async (path: string) => {
    if (!file) return;
    const saved = await api['suite:save']({ path, text: file.text });
    if (!saved.ok) return setStatus({ kind: 'error', text: saved.message });
    setFile({ path: saved.data.path, text: file.text, saved: file.text });
    setStatus({ kind: 'info', text: `Saved ${saved.data.path}.` });
  };
  const run = async (names?: string[]) => {
    if (!file || !suite) return;
    const asked = new Set(names ?? cases.map((c) => c.name));
    setRunning(asked);
    setStatus(undefined);
    const answer = await api['suite:run']({ text: file.text, ...(names && { names }) });
    setRunning(new Set());
    if (!answer.ok) return setStatus({ kind: 'error', text: answer.message });
    setResults((last) => ({ ...last, ...Object.fromEntries(answer.data.results.map((r) => [r.name, r])) }));
    const failed = answer.data.results.filter((r) => r.status !== 'passed').length;
    const total = answer.data.results.length;
    setStatus({ kind: failed ? 'error' : 'info', text: `${total} ${total === 1 ? 'case' : 'cases'}: ${total - failed} passed, ${failed} failed.` });
  };

  return {
    path: file?.path,
    text: file?.text,
    unsaved: Boolean(file && file.text !== file.saved),
    suite,
    cases,
    problems: parsed && !parsed.ok ? parsed.problems : [],
    results,
    running,
    status,
    open,
    start,
    addCraft,
    save,
    run,
  };
}
