/**
 * Compare: two personas (or Craft's claims as one of them) on one target, loaded side by side,
 * each with a token signed for it as Craft signs, and below, their decoded claims row by row
 * with the ones that differ marked. The target and profile are Craft's until changed here; the
 * one gate (gate.ts) blocks Load both with its reason.
 */
import { useRef, useState } from 'react';
import type { EmbedConsoleApi, ProfileView, SignedEmbed } from '../../shared/api';
import { claimsToSend } from '../../shared/claims';
import type { Result } from '../../shared/errors';
import { diffClaims, diffSummary } from '../claim-diff';
import { CompareSide } from '../components/CompareSide';
import { ConfirmSend } from '../components/ConfirmSend';
import { ErrorText } from '../components/ErrorText';
import { Field } from '../components/Field';
import { NameOptions } from '../components/NameOptions';
import type { Draft } from '../draft';
import { gate as gateOf } from '../gate';
import { useAskFirst } from '../hooks/useAskFirst';
import type { Personas } from '../hooks/usePersonas';

/** The choice that stands for the claims in Craft's form. */
const CRAFT = '';
const LETTERS = ['A', 'B'] as const;

interface Side {
  title: string;
  draft: Draft;
}

export function CompareView(props: { api: EmbedConsoleApi; draft: Draft; profiles: ProfileView[]; personas: Personas; hidden: boolean }) {
  const { api, draft } = props;
  const list = props.personas.list ?? [];
  // Until the user picks, the first two personas; a persona removed since goes back to that.
  const [picked, setPicked] = useState<[string?, string?]>([]);
  const choice = (i: 0 | 1) => {
    const name = picked[i];
    return name === CRAFT || list.some((p) => p.name === name) ? name! : (list[i]?.name ?? CRAFT);
  };
  const [target, setTarget] = useState<{ url?: string; profile?: string }>({});
  const url = target.url ?? draft.url;
  const profileName = target.profile ?? draft.profile;
  const profile = props.profiles.find((p) => p.name === profileName);
  // Craft's URL options and control values go with Craft's target.
  const query = url === draft.url ? { options: draft.options, controls: draft.controls } : { options: {}, controls: {} };

  const sides = LETTERS.map((letter, i): Side => {
    const name = choice(i as 0 | 1);
    const persona = list.find((p) => p.name === name);
    const title = `${letter}: ${persona ? persona.name : 'Craft’s claims'}`;
    // Craft's OAuth tokens go with Craft's claims only: a persona has none.
    const claims = persona ? { claims: persona.claims } : { claims: draft.claims, oauth: draft.oauth };
    return { title, draft: { profile: profileName, url, ...query, ...claims } };
  });
  const gates = sides.map((side) => gateOf({ draft: side.draft, profile, profiles: props.profiles }));
  const blocked = gates.flatMap((g, i) => (g.open ? [] : [{ title: sides[i].title, reason: g.reason }]));
  // A reason both sides share (no profile, a bad target) is said once.
  const reason = blocked.length === 2 && blocked[0].reason === blocked[1].reason ? blocked[0].reason : blocked.map((b) => `${b.title}: ${b.reason}`).join(' ');
  const warnings = [...new Set(gates.flatMap((g) => (g.open ? g.warnings.map((w) => w.message) : [])))];

  const [loads, setLoads] = useState<{ id: number; sides: Array<{ title: string; result: Result<SignedEmbed> }> }>();
  const [busy, setBusy] = useState(false);
  // Read and set at once on a click, as useSigner does: state would let a second click in before the re-render.
  const signing = useRef(false);
  const load = async () => {
    if (signing.current) return;
    signing.current = true;
    setBusy(true);
    const results = await Promise.all(sides.map((side) => api['token:sign']({ ...side.draft, claims: claimsToSend(side.draft.claims), remember: true })));
    signing.current = false;
    setBusy(false);
    setLoads((last) => ({ id: (last?.id ?? 0) + 1, sides: results.map((result, i) => ({ title: sides[i].title, result })) }));
  };
  // A target on another org's host: asked first, as Craft's Load asks.
  const hostWarning = gates.flatMap((g) => (g.open ? g.warnings : [])).find((w) => w.field === 'url');
  const ask = useAskFirst<'Load both'>(`${profileName}\n${url}`, hostWarning, () => void load());
  const signed = loads?.sides.map((side) => (side.result.ok ? side.result.data : undefined)) ?? [];
  const rows = signed[0] && signed[1] ? diffClaims({ ...signed[0].payload }, { ...signed[1].payload }) : undefined;

  return (
    <main className="compare" hidden={props.hidden}>
      <section className="panel compare-setup" aria-label="What to compare">
        <div className="compare-choices">
          {LETTERS.map((letter, i) => (
            <label key={letter}>
              {letter}
              <select value={choice(i as 0 | 1)} onChange={(e) => setPicked((now) => (i === 0 ? [e.target.value, now[1]] : [now[0], e.target.value]))}>
                <option value={CRAFT}>Craft’s claims</option>
                <NameOptions named={list} />
              </select>
            </label>
          ))}
          <Field label="Target" className="compare-target">
            {(control) => <input {...control} value={url} onChange={(e) => setTarget((now) => ({ ...now, url: e.target.value }))} />}
          </Field>
          <label>
            Profile
            <select value={profileName} onChange={(e) => setTarget((now) => ({ ...now, profile: e.target.value }))}>
              <NameOptions named={props.profiles} />
            </select>
          </label>
          <button type="button" className="primary" onClick={() => ask.send('Load both')} disabled={busy || blocked.length > 0}>
            {loads ? 'Reload both' : 'Load both'}
          </button>
        </div>
        {list.length === 0 && <p className="hint">No persona saved yet: in Craft, Save as persona… keeps the claims under a name to compare here.</p>}
        {blocked.length > 0 && (
          <ErrorText kind="validation" className="compare-blocked">
            {reason}
          </ErrorText>
        )}
        <ConfirmSend ask={ask} warning={hostWarning} onSwitchProfile={(name) => setTarget((now) => ({ ...now, profile: name }))} />
        {warnings.map((warning) => (
          <p key={warning} className="warning">
            {warning}
          </p>
        ))}
      </section>
      <div className="compare-sides">
        {LETTERS.map((letter, i) => {
          const side = loads?.sides[i];
          return (
            <CompareSide
              key={letter}
              api={api}
              title={side?.title ?? sides[i].title}
              signed={signed[i]}
              loadId={loads?.id ?? 0}
              failure={side && !side.result.ok ? side.result.message : undefined}
            />
          );
        })}
      </div>
      {rows && (
        <section className="panel compare-diff" aria-label="Claims compared">
          <h2>Claims compared</h2>
          <p className="compare-summary" role="status" aria-label="Differences">
            {diffSummary(rows)}
          </p>
          <table>
            <thead>
              <tr>
                <th scope="col">Claim</th>
                <th scope="col">{loads?.sides[0].title}</th>
                <th scope="col">{loads?.sides[1].title}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.claim} className={row.perToken ? 'per-token' : row.differs ? 'differs' : undefined}>
                  <th scope="row">
                    <code>{row.claim}</code>
                  </th>
                  {row.values.map((value, i) => (
                    <td key={i}>{value === undefined ? <span className="hint">not set</span> : <code>{value}</code>}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </main>
  );
}
