/**
 * The token beside the form: header and payload as JSON (the unsigned draft while editing, the
 * signed token after Load), time claims as local dates with a countdown, the URL in its parts,
 * and what Sigma's rules say about it, judged by the same ticking clock as the countdown.
 */
import { parseEmbedUrl, targetUrl } from '../../shared/target';
import { useNow } from '../hooks/useNow';
import { findingsAt, timeLeft, type TokenView } from '../token-view';
import { JsonPair } from './JsonPair';

function Countdown({ exp, now }: { exp: number; now: number }) {
  const left = timeLeft(exp, now);
  if (left.expired) return <strong className="expired">{left.text}</strong>;
  return <strong aria-label={left.text}>{left.clock}</strong>;
}

function UrlParts({ url }: { url: string }) {
  const { target, jwt, embed, options, controls } = parseEmbedUrl(url);
  const rows: Array<[string, string]> = [
    [':jwt', `${(jwt ?? '').slice(0, 24)}… (${(jwt ?? '').length} chars)`],
    [':embed', embed ?? ''],
    ...Object.entries(options),
    ...Object.entries(controls).map(([id, values]): [string, string] => [id, values.join(',')]),
  ];
  return (
    <dl className="url-parts" aria-label="Signed URL parts">
      <dt>Content URL</dt>
      <dd>
        <code>{targetUrl(target)}</code>
      </dd>
      {rows.map(([key, value]) => (
        <div key={key}>
          <dt>{key}</dt>
          <dd>
            <code className={key === ':jwt' ? 'token' : undefined}>{value}</code>
          </dd>
        </div>
      ))}
    </dl>
  );
}

export function TokenPanel({ view }: { view: TokenView }) {
  const now = useNow();
  const findings = findingsAt(view, now);
  const { iat, exp } = view.payload as { iat?: number; exp?: number };
  const times = (
    [
      ['Issued (iat)', iat],
      ['Expires (exp)', exp],
    ] as const
  ).filter(([, value]) => typeof value === 'number');

  return (
    <section className="panel token" aria-labelledby="token-title">
      <h2 id="token-title">
        Token <span className={`badge ${view.signed ? 'signed' : 'draft'}`}>{view.signed ? 'signed' : 'unsigned draft'}</span>
      </h2>
      <JsonPair header={view.header} payload={view.payload} label="Decoded" />
      <dl className="times">
        {times.map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>{new Date((value as number) * 1000).toLocaleString()}</dd>
          </div>
        ))}
        {view.signed && typeof exp === 'number' && (
          <div>
            <dt>Time left</dt>
            <dd>
              <Countdown exp={exp} now={now} />
            </dd>
          </div>
        )}
      </dl>
      {findings.length > 0 && (
        <ul className="findings" aria-label="Findings">
          {findings.map((f, i) => (
            <li key={i} className={f.severity}>
              <code>{f.code}</code> {f.message}
            </li>
          ))}
        </ul>
      )}
      {view.signed && <UrlParts url={view.signed.url} />}
    </section>
  );
}
