/**
 * The Suites view: a suite file of personas × targets with expectations, as a matrix. Open one
 * from the repo (or start one from Craft's draft), add Craft's draft as a case, run all or one,
 * see each cell's outcome and why, open a cell in Craft, and save the file back: the same suite
 * that `embed-console test` runs in CI, run by the same core.
 */
import { useState } from 'react';
import type { EmbedConsoleApi } from '../../shared/api';
import type { SuiteCase } from '../../shared/suite';
import type { CraftCase } from '../../shared/suite-edit';
import type { CaseResult } from '../../shared/suite-result';
import { visible } from '../../shared/visible';
import { StatusText } from '../components/ErrorText';
import { useSuite } from '../hooks/useSuite';

const unique = (values: string[]) => [...new Set(values)];

function CaseCell(props: { case: SuiteCase; result?: CaseResult; running: boolean; busy: boolean; onRun: () => void; onOpen: () => void }) {
  const { result } = props;
  const state = props.running ? 'running' : (result?.status ?? 'not-run');
  const said = { running: 'Running…', 'not-run': 'Not run yet', passed: 'Passed', failed: 'Failed', error: 'Could not run' }[state];
  return (
    <div className={`suite-case ${state}`} role="group" aria-label={`Case ${props.case.name}`}>
      <div className="suite-case-head">
        <span className="suite-case-name">{props.case.name}</span>
        <span className={`badge ${state}`}>{said}</span>
      </div>
      {result && !props.running && (
        <p className="suite-case-outcome">
          {result.status === 'passed' ? (result.outcome?.text ?? 'As expected.') : result.reasons.map((reason) => visible(reason)).join(' ')}
        </p>
      )}
      <div className="suite-case-actions">
        {/* One run at a time: the results of two would cross. */}
        <button type="button" onClick={props.onRun} disabled={props.busy} aria-label={`Run ${props.case.name}`}>
          Run
        </button>
        <button type="button" onClick={props.onOpen} aria-label={`Open ${props.case.name} in Craft`}>
          Open in Craft
        </button>
      </div>
    </div>
  );
}

export function SuitesView(props: {
  api: EmbedConsoleApi;
  hidden: boolean;
  /** Craft's draft, to add as a case or start a suite with. */
  craft: CraftCase;
  onOpenInCraft: (draft: CraftCase, said: string) => void;
}) {
  const suite = useSuite(props.api);
  const [path, setPath] = useState('');
  const { cases, results, running } = suite;
  const personas = unique(cases.map((c) => c.persona));
  const targets = unique(cases.map((c) => c.target));
  const busy = running.size > 0;
  const savePath = path.trim() || suite.path || '';
  /** Whether to go on when that drops the suite's unsaved changes: asked. */
  const keepingEdits = () => !suite.unsaved || window.confirm('The suite has changes not saved yet; drop them?');

  return (
    <main className="suites" hidden={props.hidden}>
      <section className="panel" aria-labelledby="suites-title">
        <h2 id="suites-title">Suites</h2>
        <p className="hint">
          A suite file (YAML, in your repo) of personas × targets with expectations: the same file <code>embed-console test</code> runs in CI.
        </p>
        <div className="toolbar">
          <input
            aria-label="Suite file"
            placeholder="suites/embed.yaml (from where the app was started), or a full path"
            value={path}
            onChange={(e) => setPath(e.target.value)}
          />
          <button type="button" onClick={() => keepingEdits() && void suite.open(path)} disabled={!path.trim()}>
            Open
          </button>
          <button
            type="button"
            onClick={() => {
              if (!keepingEdits()) return;
              // A new suite is saved where the user says: never over the file opened before.
              setPath('');
              suite.start(props.craft);
            }}
          >
            New suite from Craft
          </button>
        </div>
        {suite.status && <StatusText status={suite.status} />}
        {suite.text !== undefined && (
          <div className="toolbar">
            <button type="button" className="primary" onClick={() => void suite.run()} disabled={!suite.suite || busy}>
              Run all
            </button>
            <button type="button" onClick={() => suite.addCraft(props.craft)} disabled={!suite.suite}>
              Add Craft as a case
            </button>
            <button type="button" onClick={() => void suite.save(savePath)} disabled={!savePath || !suite.suite || (!suite.unsaved && savePath === suite.path)}>
              Save
            </button>
            {suite.unsaved && <span className="badge draft">unsaved changes</span>}
            {suite.path && <code className="suite-path">{suite.path}</code>}
          </div>
        )}
        {suite.problems.length > 0 && (
          <ul className="suite-problems" aria-label="Problems in the suite file">
            {suite.problems.map((p, i) => (
              <li key={i}>
                Line {p.line}
                {p.field && ` (${p.field})`}: {p.message}
              </li>
            ))}
          </ul>
        )}
        {cases.length > 0 && (
          <table className="suite-matrix" aria-label="Personas × targets">
            <thead>
              <tr>
                <th scope="col">Persona \ target</th>
                {targets.map((target) => (
                  <th key={target} scope="col">
                    {target}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {personas.map((persona) => (
                <tr key={persona}>
                  <th scope="row">{persona}</th>
                  {targets.map((target) => (
                    <td key={target}>
                      {cases
                        .filter((c) => c.persona === persona && c.target === target)
                        .map((c) => (
                          <CaseCell
                            key={c.name}
                            case={c}
                            result={results[c.name]}
                            running={running.has(c.name)}
                            busy={busy}
                            onRun={() => void suite.run([c.name])}
                            onOpen={() =>
                              props.onOpenInCraft(
                                { profile: c.profile, url: c.url, claims: c.claims, options: c.options, controls: c.controls },
                                `From the suite: the case "${c.name}" (${persona} on ${target}).`,
                              )
                            }
                          />
                        ))}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {suite.text !== undefined && (
          <details className="suite-source">
            <summary>The suite file as it will be saved</summary>
            <pre>{suite.text}</pre>
          </details>
        )}
      </section>
    </main>
  );
}
