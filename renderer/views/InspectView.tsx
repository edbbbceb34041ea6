/**
 * The Inspect view: paste a token or an embed URL made anywhere (your backend, a log line), see
 * it decoded, whether a stored secret verifies it, and every Sigma rule it breaks. "Open in
 * Craft" carries its claims and target into the form.
 */
import { useState } from 'react';
import type { EmbedConsoleApi, InspectReport, ProfileView } from '../../shared/api';
import { describeClaimTime } from '../../shared/jwt';
import { targetUrl } from '../../shared/target';
import { Field } from '../components/Field';
import { JsonPair } from '../components/JsonPair';

export function InspectView(props: { api: EmbedConsoleApi; profiles: ProfileView[]; onOpenInCraft: (report: InspectReport) => void }) {
  const [input, setInput] = useState('');
  const [profile, setProfile] = useState('');
  const [internal, setInternal] = useState(false);
  /** The inspector's report, and when it was made: its times are described as of then, as its findings are. */
  const [inspected, setInspected] = useState<{ report: InspectReport; at: number }>();
  const report = inspected?.report;
  const [error, setError] = useState<string>();

  const run = async () => {
    const result = await props.api['token:inspect']({ input, profile: profile || undefined, internal });
    if (!result.ok) {
      setError(result.message);
      setInspected(undefined);
      return;
    }
    setError(undefined);
    setInspected({ report: result.data, at: Date.now() });
  };

  const times = report?.payload ? (['iat', 'exp'] as const).filter((claim) => typeof report.payload![claim] === 'number') : [];
  const errors = report?.findings.filter((f) => f.severity === 'error').length ?? 0;

  return (
    <main className="inspect">
      <section className="panel" aria-labelledby="inspect-title">
        <h2 id="inspect-title">Inspect a token or embed URL</h2>
        <Field
          label="Token or embed URL"
          failure={error}
          hint="From your backend, a log, a browser: a JWT, 'Bearer …', or a whole URL with ?:jwt=. Ctrl+Enter inspects."
        >
          {(control) => (
            <textarea
              {...control}
              rows={5}
              spellCheck={false}
              value={input}
              onChange={(e) => setInput(e.target.value)}
              onKeyDown={(e) => e.key === 'Enter' && (e.ctrlKey || e.metaKey) && void run()}
            />
          )}
        </Field>
        <div className="row">
          <Field label="Verify with">
            {(control) => (
              <select {...control} value={profile} onChange={(e) => setProfile(e.target.value)}>
                <option value="">the profile its kid names (else any that verifies)</option>
                {props.profiles.map((p) => (
                  <option key={p.name} value={p.name}>
                    {p.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <label className="check">
            <input type="checkbox" checked={internal} onChange={(e) => setInternal(e.target.checked)} /> The user has a Sigma account (internal)
          </label>
        </div>
        <div className="toolbar">
          <button type="button" className="primary" onClick={() => void run()} disabled={input.trim() === ''}>
            Inspect
          </button>
          {report?.payload && (
            <button type="button" onClick={() => props.onOpenInCraft(report)}>
              Open in Craft
            </button>
          )}
        </div>
      </section>

      {inspected && report && (
        <section className="panel" aria-labelledby="verdict-title" aria-live="polite">
          <h2 id="verdict-title">Verdict</h2>
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
                    {new Date(seconds * 1000).toLocaleString()} ({describeClaimTime(claim, seconds, inspected.at)})
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
