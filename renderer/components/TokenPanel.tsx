/**
 * The token beside the form: header and payload as JSON (the unsigned draft while editing, the
 * signed token after Load), time claims as local dates with a countdown, the URL in its parts,
 * and what Sigma's rules say about it.
 */
import { useEffect, useState } from 'react';
import type { SignedEmbed } from '../../shared/api';
import { describeFromNow } from '../../shared/jwt';
import type { Finding } from '../../shared/lint';
import { parseEmbedUrl, targetUrl } from '../../shared/target';
import { JsonPair } from './JsonPair';

export interface TokenView {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
  /** The signed embed this view shows, or undefined for the unsigned draft. */
  signed?: SignedEmbed;
  findings: Finding[];
}

function useNow(): number {
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  return now;
}

function Countdown({ exp, now }: { exp: number; now: number }) {
  const left = Math.ceil(exp - now / 1000);
  if (left <= 0) return <strong className="expired">expired {describeFromNow(exp, now)}</strong>;
  const clock = `${Math.floor(left / 3600)}:${String(Math.floor((left % 3600) / 60)).padStart(2, '0')}:${String(left % 60).padStart(2, '0')}`;
  return <strong aria-label={`expires ${describeFromNow(exp, now)}`}>{clock}</strong>;
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
      {view.findings.length > 0 && (
        <ul className="findings" aria-label="Findings">
          {view.findings.map((f, i) => (
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
