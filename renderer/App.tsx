/**
 * The Craft view: profiles, the target and the claims on the left; the preview, the token and
 * the event log on the right. All Sigma rules come from shared/; all signing from the core.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { claimsSchema, type EmbedConsoleApi, type HistoryEntry, type InspectReport, type ProfileView, type SignedEmbed } from '../shared/api';
import { checkClaims, claimsFromPayload, claimsToSend, payloadOf, type ClaimField } from '../shared/claims';
import type { Failure } from '../shared/errors';
import { lintToken } from '../shared/lint';
import type { EmbedMessage } from '../shared/preview';
import { targetUrl } from '../shared/target';
import { BrowseView } from './components/BrowseView';
import { ClaimsForm } from './components/ClaimsForm';
import { EventLog, payloadText, type LoggedEvent } from './components/EventLog';
import { ExportPanel } from './components/ExportPanel';
import { HistoryView } from './components/HistoryView';
import { InspectView } from './components/InspectView';
import { PreviewPane } from './components/PreviewPane';
import { ProfilesPanel } from './components/ProfilesPanel';
import { TargetForm, parseTarget } from './components/TargetForm';
import { TokenPanel, type TokenView } from './components/TokenPanel';
import { initialDraft, loadDraft, saveDraft, type Draft } from './draft';

const CLAIM_FIELDS = new Set<string>(Object.keys(claimsSchema.shape));
const MAX_EVENTS = 500;
const VIEWS = { craft: 'Craft', browse: 'Browse', inspect: 'Inspect', history: 'History' } as const;
type View = keyof typeof VIEWS;

/** The token as it would be signed now, while the form is being edited. */
function unsignedView(draft: Draft, profile: ProfileView | undefined): TokenView {
  const header = { alg: 'HS256', typ: 'JWT', kid: profile?.clientId ?? '(client id of the profile)' };
  const payload = { ...payloadOf(claimsToSend(draft.claims), { clientId: header.kid, jti: '(a new UUID for each load)', now: Date.now() }) };
  return { header, payload, findings: lintToken({ header, payload }, Date.now()) };
}

export function App({ api }: { api: EmbedConsoleApi }) {
  const [profiles, setProfiles] = useState<ProfileView[]>([]);
  const [profilesError, setProfilesError] = useState<string>();
  const [showProfiles, setShowProfiles] = useState(false);
  const [view, setView] = useState<View>('craft');
  const [draft, setDraftState] = useState<Draft>(() => loadDraft() ?? initialDraft());
  const [signed, setSigned] = useState<{ embed: SignedEmbed; draft: string }>();
  const [loadId, setLoadId] = useState(0);
  const [busy, setBusy] = useState(false);
  const signing = useRef(false);
  const [failure, setFailure] = useState<Failure>();
  const [status, setStatus] = useState<{ kind: 'error' | 'info'; text: string }>();
  const [events, setEvents] = useState<LoggedEvent[]>([]);
  const sendRef = useRef<((message: EmbedMessage) => void) | null>(null);
  const nextEventId = useRef(0);

  const setDraft = useCallback((next: Draft) => {
    setDraftState(next);
    saveDraft(next);
    // A refusal was about the draft as it was; an edit may have mended it.
    setFailure(undefined);
  }, []);

  const refreshProfiles = useCallback(
    async (select?: string) => {
      const result = await api['profiles:list']({});
      if (!result.ok) {
        setProfilesError(result.message);
        return;
      }
      setProfilesError(undefined);
      setProfiles(result.data);
      if (result.data.length === 0) setShowProfiles(true);
      setDraftState((current) => {
        const name = select ?? (result.data.some((p) => p.name === current.profile) ? current.profile : result.data[0]?.name);
        const next = name && name !== current.profile ? { ...current, profile: name } : current;
        saveDraft(next);
        return next;
      });
    },
    [api],
  );
  useEffect(() => void refreshProfiles(), [refreshProfiles]);

  const profile = profiles.find((p) => p.name === draft.profile);
  const draftKey = JSON.stringify(draft);
  const current = signed?.draft === draftKey ? signed.embed : undefined;
  const issues = useMemo(() => {
    const byField: Partial<Record<ClaimField, string>> = {};
    for (const issue of checkClaims(claimsToSend(draft.claims))) byField[issue.field] ??= issue.message;
    if (failure?.field && CLAIM_FIELDS.has(failure.field)) byField[failure.field as ClaimField] ??= failure.message;
    return byField;
  }, [draft.claims, failure]);
  const tokenView: TokenView = current
    ? { header: current.header, payload: { ...current.payload }, signed: current, findings: lintToken({ header: current.header, payload: { ...current.payload } }, Date.now()) }
    : unsignedView(draft, profile);
  const canLoad = Boolean(profile) && Object.keys(issues).length === 0;
  const target = parseTarget(draft.url, profile?.baseUrl).embed;
  const snippetInput =
    profile && target ? { clientId: profile.clientId, claims: draft.claims, embed: { target: target.target, options: { ...target.options, ...draft.options }, controls: { ...target.controls, ...draft.controls } } } : undefined;

  /** A fresh token for every use: Sigma accepts each one once. */
  const sign = async (remember = false): Promise<SignedEmbed | undefined> => {
    if (signing.current) return undefined;
    signing.current = true;
    setBusy(true);
    const result = await api['token:sign']({ ...draft, claims: claimsToSend(draft.claims), remember });
    signing.current = false;
    setBusy(false);
    if (!result.ok) {
      setFailure(result);
      setStatus({ kind: 'error', text: result.message });
      return undefined;
    }
    setFailure(undefined);
    setStatus(undefined);
    return result.data;
  };

  const load = async () => {
    const embed = await sign(true);
    if (!embed) return;
    setSigned({ embed, draft: draftKey });
    setLoadId((id) => id + 1);
  };
  const openExternal = async () => {
    const embed = await sign();
    if (embed) window.open(embed.url, '_blank', 'noopener,noreferrer');
  };
  const copy = async (text: string, what: string) => {
    try {
      await navigator.clipboard.writeText(text);
      setStatus({ kind: 'info', text: `Copied ${what}.` });
    } catch {
      setStatus({ kind: 'error', text: `Could not copy ${what}: the clipboard refused. Select it in the token panel instead.` });
    }
  };
  const copyUrl = async () => {
    const embed = await sign();
    if (embed) await copy(embed.url, 'a fresh signed URL (not loaded yet, so it works once)');
  };

  const log = useCallback((direction: LoggedEvent['direction'], message: EmbedMessage) => {
    setEvents((list) => [...list.slice(-(MAX_EVENTS - 1)), { id: nextEventId.current++, at: Date.now(), direction, message, payload: payloadText(message) }]);
  }, []);
  const onMessage = useCallback((message: EmbedMessage) => log('in', message), [log]);
  /** A pasted token's claims and target, in the Craft form. */
  const openInCraft = (report: InspectReport) => {
    setDraft({
      ...draft,
      profile: report.signature.profile ?? draft.profile,
      claims: report.payload ? claimsFromPayload(report.payload) : draft.claims,
      ...(report.target && { url: targetUrl(report.target), options: report.target.options, controls: report.target.controls }),
    });
    setView('craft');
  };

  const reopen = (entry: HistoryEntry) => {
    setDraft({ profile: entry.profile, url: entry.url, claims: entry.claims, options: entry.options, controls: entry.controls });
    setView('craft');
  };

  /** What the Browse view picked, in the Craft form; the control values were the old workbook's. */
  const applyPick = (change: Partial<Draft>, what: string) => {
    setDraft({ ...draft, ...change });
    setStatus({ kind: 'info', text: `From Browse: ${what}.` });
    setView('craft');
  };

  const send = (message: EmbedMessage) => {
    sendRef.current?.(message);
    log('out', message);
  };

  return (
    <div className="app">
      <header className="app-header">
        <h1>Embed Console</h1>
        <nav className="views" aria-label="Views">
          {(Object.keys(VIEWS) as View[]).map((name) => (
            <button key={name} type="button" aria-current={view === name ? 'page' : undefined} onClick={() => setView(name)}>
              {VIEWS[name]}
            </button>
          ))}
        </nav>
        <label className="profile-select">
          Profile
          <select value={draft.profile} onChange={(e) => setDraft({ ...draft, profile: e.target.value })} aria-invalid={failure?.field === 'profile'}>
            {profiles.map((p) => (
              <option key={p.name} value={p.name}>
                {p.name}
              </option>
            ))}
          </select>
        </label>
        {failure?.field === 'profile' && (
          <span className="error" role="alert">
            {failure.message}
          </span>
        )}
        <button type="button" aria-expanded={showProfiles} onClick={() => setShowProfiles(!showProfiles)}>
          Manage profiles
        </button>
      </header>
      {profilesError && (
        <p className="error banner" role="alert">
          {profilesError}
        </p>
      )}
      {showProfiles && (
        <ProfilesPanel
          api={api}
          profiles={profiles}
          onChanged={(name) => void refreshProfiles(name)}
          onImported={({ profile, draft: imported }) => {
            setDraft({ ...draft, ...imported, profile: profile.name });
            void refreshProfiles(profile.name);
            setView('craft');
          }}
        />
      )}
      <BrowseView
        key={profile ? `${profile.name}\n${profile.updatedAt}` : ''}
        api={api}
        profile={profile}
        active={view === 'browse'}
        teams={draft.claims.teams ?? []}
        onProfileSaved={(saved) => void refreshProfiles(saved.name)}
        onTarget={(url, what) => applyPick({ url, controls: {} }, `target set to ${what}`)}
        onTeams={(teams) => applyPick({ claims: { ...draft.claims, teams } }, teams.length ? `teams set to ${teams.join(', ')}` : 'teams cleared')}
        onMember={(email) => applyPick({ claims: { ...draft.claims, sub: email } }, `sub set to ${email}`)}
      />
      {view === 'inspect' && <InspectView api={api} profiles={profiles} onOpenInCraft={openInCraft} />}
      {view === 'history' && <HistoryView api={api} onReopen={reopen} />}
      <main className="workspace" hidden={view !== 'craft'}>
        <div className="column">
          <TargetForm
            draft={draft}
            baseUrl={profile?.baseUrl}
            error={failure?.field === 'url' || failure?.field === 'options' ? failure.message : undefined}
            onChange={(change) => setDraft({ ...draft, ...change })}
          />
          <ClaimsForm claims={draft.claims} issues={issues} onChange={(claims) => setDraft({ ...draft, claims })} />
        </div>
        <div className="column">
          <PreviewPane
            signed={signed?.embed}
            loadId={loadId}
            busy={busy}
            canLoad={canLoad}
            status={status}
            onLoad={load}
            onOpenExternal={openExternal}
            onCopyUrl={copyUrl}
            onCopyToken={() => signed && copy(signed.embed.token, 'the token')}
            onMessage={onMessage}
            sendRef={sendRef}
          />
          <TokenPanel view={tokenView} />
          <ExportPanel input={snippetInput} onCopy={(text, what) => void copy(text, what)} />
          <EventLog events={events} canSend={Boolean(signed)} onClear={() => setEvents([])} onSend={send} />
        </div>
      </main>
    </div>
  );
}
