/**
 * The Craft view: the target and the claims on the left; the preview, the token, the code and
 * the event log on the right. All Sigma rules come from shared/; all signing from the core.
 */
import { useCallback, useMemo, useRef, useState } from 'react';
import { LOCAL_DEMO, claimsSchema, type ProfileView, type SignedEmbed } from '../../shared/api';
import { checkClaims, claimsToSend, type ClaimField } from '../../shared/claims';
import type { Failure, Result } from '../../shared/errors';
import type { EmbedMessage } from '../../shared/preview';
import { mergeQuery } from '../../shared/target';
import { ClaimsForm } from '../components/ClaimsForm';
import { StatusText, type Status } from '../components/ErrorText';
import { ConfirmSend } from '../components/ConfirmSend';
import { EventLog } from '../components/EventLog';
import { ExportPanel } from '../components/ExportPanel';
import { PersonaPicker } from '../components/PersonaPicker';
import { PreviewPane } from '../components/PreviewPane';
import { TargetForm, parseTarget } from '../components/TargetForm';
import { TokenPanel } from '../components/TokenPanel';
import { gate as gateOf } from '../gate';
import type { Draft } from '../draft';
import type { SetDraft } from '../hooks/useDraft';
import { useAskFirst } from '../hooks/useAskFirst';
import { useEventLog, useLoadSections } from '../hooks/useEventLog';
import { useKeepAlive } from '../hooks/useKeepAlive';
import type { Personas } from '../hooks/usePersonas';
import type { Signer } from '../hooks/useSigner';
import { signedView, unsignedView } from '../token-view';

const CLAIM_FIELDS = new Set<string>(Object.keys(claimsSchema.shape));
const isClaimField = (field: string | undefined): field is ClaimField => field !== undefined && CLAIM_FIELDS.has(field);
/** A refusal of the target: one about a URL that names no field is the target's too. */
const isTargetFailure = (failure: Failure) => failure.field === 'url' || failure.field === 'options' || (!failure.field && failure.code === 'INVALID_URL');
/** The refusals the form says at their field (the profile's by the profile picker). */
const shownAtField = (failure: Failure) => isTargetFailure(failure) || failure.field === 'profile' || isClaimField(failure.field);

/** Where an action's message shows: by the button that caused it. */
type SaidWhere = 'preview' | 'export';
/** The actions that send a token to the target's host, asked first when that host is not the profile's. */
type SendAction = 'Load' | 'Open in browser';

export function CraftView(props: {
  draft: Draft;
  /** When the draft last changed: the moment its unsigned token stands for. */
  changedAt: number;
  setDraft: SetDraft;
  profile?: ProfileView;
  /** Every profile, to say which one a target belongs to. */
  profiles: ProfileView[];
  signer: Signer;
  personas: Personas;
  /** What another view brought the draft (a pick from Browse), said above the form until the draft changes again. */
  status?: Status;
  onStatus: (status?: Status) => void;
  hidden: boolean;
}) {
  const { draft, setDraft, profile, signer, onStatus } = props;
  const { outcome } = signer;
  const events = useEventLog();
  useLoadSections(events, signer.loadId, outcome.outcome);
  const sendRef = useRef<((message: EmbedMessage) => void) | null>(null);

  const issues = useMemo(() => {
    const byField: Partial<Record<ClaimField, string>> = {};
    for (const issue of checkClaims(claimsToSend(draft.claims))) byField[issue.field] ??= issue.message;
    return byField;
  }, [draft.claims]);
  const { failure } = signer;
  const claimFailure = failure && isClaimField(failure.field) ? { field: failure.field, message: failure.message } : undefined;
  // One gate for Load and Export: an error blocks both, with its reason; warnings never block.
  const gate = useMemo(() => gateOf({ draft, profile, profiles: props.profiles }), [draft, profile, props.profiles]);
  const canLoad = gate.open && !claimFailure;
  const targetWarning = gate.open ? gate.warnings.find((warning) => warning.field === 'url') : undefined;

  const clientId = profile?.clientId;
  const unsigned = useMemo(() => unsignedView(draft.claims, clientId, props.changedAt), [draft.claims, clientId, props.changedAt]);
  const tokenView = signer.current ? signedView(signer.current) : unsigned;

  // A message holds for the draft it was said of: an edit makes it old news.
  const draftKey = useMemo(() => JSON.stringify(draft), [draft]);
  const [said, setSaid] = useState<{ where: SaidWhere; status: Status; draft: string }>();
  const say = (where: SaidWhere, status?: Status) => setSaid(status && { where, status, draft: draftKey });
  const saidAt = (where: SaidWhere) => (said?.where === where && said.draft === draftKey ? said.status : undefined);
  // The status another view brought, with the draft it came with (state derived while rendering).
  const [brought, setBrought] = useState<{ status?: Status; draft: string }>({ status: props.status, draft: draftKey });
  if (brought.status !== props.status) setBrought({ status: props.status, draft: draftKey });
  const broughtStatus = brought.draft === draftKey ? props.status : undefined;

  const target = parseTarget(draft.url, profile?.baseUrl).embed;
  const snippetInput =
    profile && target ? { clientId: profile.clientId, claims: draft.claims, embed: { target: target.target, ...mergeQuery(target, draft) } } : undefined;

  /** The signed embed, or the core's refusal: at its field when the form shows it there, else by the preview's buttons. */
  const signedOrSaid = (result: Result<SignedEmbed> | undefined): SignedEmbed | undefined => {
    if (!result) return undefined;
    say('preview', result.ok || shownAtField(result) ? undefined : { kind: 'error', text: result.message });
    return result.ok ? result.data : undefined;
  };
  /** Copies the text and says so; whether it was copied. */
  const copy = async (where: SaidWhere, text: string, what: string) => {
    try {
      await navigator.clipboard.writeText(text);
      say(where, { kind: 'info', text: `Copied ${what}.` });
      return true;
    } catch {
      say(where, { kind: 'error', text: `Could not copy ${what}: the clipboard refused. Select it in the token panel instead.` });
      return false;
    }
  };
  const load = async () => {
    onStatus(undefined);
    signedOrSaid(await signer.load());
  };
  const openExternal = async () => {
    const embed = signedOrSaid(await signer.sign());
    if (!embed) return;
    window.open(embed.url, '_blank', 'noopener,noreferrer');
    signer.used(embed, 'browser');
  };
  // The token the preview loaded is used up (Sigma accepts each once): a copy gets a fresh one.
  const copyFresh = async (part: 'url' | 'token', what: string) => {
    const embed = signedOrSaid(await signer.sign());
    if (embed && (await copy('preview', embed[part], what))) signer.used(embed, 'copied');
  };
  const SENDS: Record<SendAction, () => Promise<void>> = { Load: load, 'Open in browser': openExternal };
  // A target on another host is said at the field; sending a token there is asked first.
  const ask = useAskFirst<SendAction>(`${draft.profile}\n${draft.url}`, targetWarning, (action) => void SENDS[action]());
  const { log } = events;
  const { loadId } = signer;
  const send = useCallback(
    (message: EmbedMessage) => {
      sendRef.current?.(message);
      log('out', message);
    },
    [log],
  );

  // Re-sign before exp, back where the user was; and, for the local embed host, its clock moved on.
  const localHost = props.profiles.find((p) => p.name === LOCAL_DEMO)?.baseUrl;
  const { loaded } = signer;
  const keepAlive = useKeepAlive({
    signed: loaded,
    loadId,
    outcome: outcome.outcome,
    local: Boolean(loaded && localHost && new URL(loaded.url).host === new URL(localHost).host),
    send,
    resign: async (controls) => {
      const result = await signer.resign(controls);
      if (result && !result.ok) say('preview', { kind: 'error', text: `Could not re-sign before exp: ${result.message}` });
      return Boolean(result?.ok);
    },
  });
  const heard = outcome.onMessage;
  const keptAt = keepAlive.onMessage;
  const onMessage = useCallback(
    (message: EmbedMessage) => {
      log('in', message);
      heard(message);
      keptAt(message);
    },
    [log, heard, keptAt],
  );

  return (
    <main className="workspace" hidden={props.hidden}>
      <div className="column">
        {broughtStatus && <StatusText status={broughtStatus} />}
        <TargetForm
          draft={draft}
          baseUrl={profile?.baseUrl}
          failure={failure && isTargetFailure(failure) ? failure.message : undefined}
          warning={targetWarning}
          onSwitchProfile={(name) => setDraft((current) => ({ ...current, profile: name }))}
          onChange={(change) => setDraft((current) => ({ ...current, ...change }))}
        />
        <PersonaPicker personas={props.personas} claims={draft.claims} onPick={(claims) => setDraft((current) => ({ ...current, claims }))} />
        <ClaimsForm
          claims={draft.claims}
          issues={issues}
          failure={claimFailure}
          onChange={(claims) => setDraft((current) => ({ ...current, claims }))}
          oauth={draft.oauth}
          onOAuthChange={(oauth) => setDraft((current) => ({ ...current, oauth }))}
        />
      </div>
      <div className="column">
        <PreviewPane
          signed={signer.loaded}
          loadId={signer.loadId}
          busy={signer.busy}
          canLoad={canLoad}
          stale={Boolean(signer.loaded) && !signer.current}
          outcome={outcome.outcome}
          pending={outcome.pending}
          status={saidAt('preview')}
          onLoad={() => ask.send('Load')}
          onOpenExternal={() => ask.send('Open in browser')}
          confirm={<ConfirmSend ask={ask} warning={targetWarning} onSwitchProfile={(name) => setDraft((current) => ({ ...current, profile: name }))} />}
          keepAlive={keepAlive}
          onCopyUrl={() => void copyFresh('url', 'a fresh signed URL (not loaded yet, so it works once)')}
          onCopyToken={() => void copyFresh('token', 'a fresh token (not loaded yet, so it works once)')}
          onMessage={onMessage}
          onFailure={outcome.onFailure}
          sendRef={sendRef}
        />
        <TokenPanel view={tokenView} />
        <ExportPanel input={snippetInput} gate={gate} status={saidAt('export')} onCopy={(text, what) => void copy('export', text, what)} />
        <EventLog sections={events.sections} canSend={Boolean(signer.loaded)} onClear={events.clear} onSend={send} />
      </div>
    </main>
  );
}
