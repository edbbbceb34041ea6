/**
 * The Inspect view: paste a token or an embed URL made anywhere (your backend, a log line), see
 * it decoded, whether a stored secret verifies it, and every Sigma rule it breaks, as you paste
 * or type (the core judges it: the secrets are there). "Open in Craft" carries its claims and
 * target into the form.
 */
import { useEffect, useRef, useState } from 'react';
import type { EmbedConsoleApi, InspectReport, ProfileView, RequestOf } from '../../shared/api';
import { describeClaimTime } from '../../shared/jwt';
import { targetUrl } from '../../shared/target';
import { Field } from '../components/Field';
import { JsonPair } from '../components/JsonPair';
import { NameOptions } from '../components/NameOptions';
import { latestSearch, type LatestSearch } from '../latest-search';
import { pasteTooLarge } from '../paste-size';

type Query = RequestOf<'token:inspect'>;
/** The answer to one query: the report and when it was made (its times are described as of then, as its findings are), or why there is none. */
type Answer = { query: Query; report?: InspectReport; at: number; error?: string };

export function InspectView(props: { hidden: boolean; api: EmbedConsoleApi; profiles: ProfileView[]; onOpenInCraft: (report: InspectReport) => void }) {
  const [query, setQuery] = useState<Query>({ input: '' });
  const [answer, setAnswer] = useState<Answer>();
  const search = useRef<LatestSearch<Query>>(null);

  useEffect(() => {
    const ask = async (q: Query): Promise<Answer | undefined> => {
      if (q.input.trim() === '') return undefined;
      // Told here, in the paste's size: the core is not asked about what no token can be.
      const tooLarge = pasteTooLarge(q.input);
      if (tooLarge) return { query: q, at: Date.now(), error: tooLarge };
      const result = await props.api['token:inspect'](q);
      return result.ok ? { query: q, report: result.data, at: Date.now() } : { query: q, at: Date.now(), error: result.message };
    };
    const s = latestSearch(ask, setAnswer);
    search.current = s;
    return () => s.close();
  }, [props.api]);

  /** Typing is judged once it pauses; a choice below it is judged at once. */
  const change = (next: Partial<Query>, at: 'pause' | 'once') => {
    const q = { ...query, ...next };
    setQuery(q);
    if (at === 'pause') search.current?.type(q);
    else void search.current?.now(q);
  };
  const { input } = query;
  const shown = input.trim() === '' ? undefined : answer;
  /** Whether the verdict shown is of what is in the box now, or of an earlier paste still being replaced. */
  const current = shown !== undefined && JSON.stringify(shown.query) === JSON.stringify(query);
  const report = shown?.report;

  const times = report?.payload ? (['iat', 'exp'] as const).filter((claim) => typeof report.payload![claim] === 'number') : [];
  const errors = report?.findings.filter((f) => f.severity === 'error').length ?? 0;

  return (
    <main className="inspect" hidden={props.hidden}>
      <section className="panel" aria-labelledby="inspect-title">
        <h2 id="inspect-title">Inspect a token or embed URL</h2>
        <Field
          label="Token or embed URL"
          failure={shown?.error}
          hint="From your backend, a log, a browser: a JWT, 'Bearer …', or a whole URL with ?:jwt=. Judged as you paste or type."
        >
          {(control) => <textarea {...control} rows={5} spellCheck={false} value={input} onChange={(e) => change({ input: e.target.value }, 'pause')} />}
        </Field>
        <div className="row">
          <Field label="Verify with">
            {(control) => (
              <select {...control} value={query.profile ?? ''} onChange={(e) => change({ profile: e.target.value || undefined }, 'once')}>
                <option value="">the profile its kid names (else any that verifies)</option>
                <NameOptions named={props.profiles} />
              </select>
            )}
          </Field>
          <label className="check">
            <input type="checkbox" checked={query.internal ?? false} onChange={(e) => change({ internal: e.target.checked || undefined }, 'once')} /> The user
            has a Sigma account (internal)
          </label>
        </div>
        {shown?.report?.payload && (
          <div className="toolbar">
            {/* Only the verdict of what is in the box now: never an earlier paste's claims. */}
            <button type="button" disabled={!current} onClick={() => props.onOpenInCraft(shown.report!)}>
              Open in Craft
            </button>
          </div>
        )}
      </section>

      {shown && report && (
        <section className={`panel${current ? '' : ' stale'}`} aria-labelledby="verdict-title" aria-live="polite" aria-busy={!current}>
          <h2 id="verdict-title">Verdict {!current && <small className="muted">judging the new paste…</small>}</h2>
          <p className={`verdict ${report.signature.valid ? 'valid' : 'invalid'}`} role="status">
            <strong>{report.signature.valid ? 'Signature valid' : 'Signature not valid'}</strong>: {report.signature.reason}
          </p>
          <p>
            {errors === 0 ? 'No rule of Sigma is broken: it should accept this token.' : `${errors} error${errors === 1 ? '' : 's'}: Sigma would refuse it.`}
          </p>
          {report.findings.length > 0 && (
            <ul className="findings" aria-label="Findings">
              {report.findings.map((f, i) => (
                <li key={i} className={f.severity}>
                  <code>{f.code}</code> <small>{f.path}</small> {f.message}
                </li>
              ))}
            </ul>
          )}
          {report.target && (
            <dl className="url-parts" aria-label="Target">
              <dt>{report.target.kind}</dt>
              <dd>
                <code>{targetUrl(report.target)}</code>
              </dd>
              {Object.entries(report.target.options).map(([key, value]) => (
                <div key={key}>
                  <dt>{key}</dt>
                  <dd>{value}</dd>
                </div>
              ))}
              {Object.entries(report.target.controls).map(([id, values]) => (
                <div key={id}>
                  <dt>{id}</dt>
                  <dd>{values.join(', ')}</dd>
                </div>
              ))}
            </dl>
          )}
          {report.header && report.payload && <JsonPair header={report.header} payload={report.payload} label="Inspected" />}
          <dl className="times">
            {times.map((claim) => {
              const seconds = report.payload![claim] as number;
              return (
                <div key={claim}>
                  <dt>{claim}</dt>
                  <dd>
                    {new Date(seconds * 1000).toLocaleString()} ({describeClaimTime(claim, seconds, shown.at)})
                  </dd>
                </div>
              );
            })}
          </dl>
        </section>
      )}
    </main>
  );
}
