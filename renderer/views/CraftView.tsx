/**
 * The Craft view: the target and the claims on the left; the preview, the token, the code and
 * the event log on the right. All Sigma rules come from shared/; all signing from the core.
 */
import { useCallback, useMemo, useRef } from 'react';
import { claimsSchema, type ProfileView, type SignedEmbed } from '../../shared/api';
import { checkClaims, claimsToSend, type ClaimField } from '../../shared/claims';
import type { Result } from '../../shared/errors';
import type { EmbedMessage } from '../../shared/preview';
import { mergeQuery } from '../../shared/target';
import { ClaimsForm } from '../components/ClaimsForm';
import type { Status } from '../components/ErrorText';
import { EventLog } from '../components/EventLog';
import { ExportPanel } from '../components/ExportPanel';
import { PreviewPane } from '../components/PreviewPane';
import { TargetForm, parseTarget } from '../components/TargetForm';
import { TokenPanel } from '../components/TokenPanel';
import type { Draft } from '../draft';
import type { SetDraft } from '../hooks/useDraft';
import { useEventLog } from '../hooks/useEventLog';
import type { Signer } from '../hooks/useSigner';
import { signedView, unsignedView } from '../token-view';

const CLAIM_FIELDS = new Set<string>(Object.keys(claimsSchema.shape));
const isClaimField = (field: string | undefined): field is ClaimField => field !== undefined && CLAIM_FIELDS.has(field);

export function CraftView(props: {
  draft: Draft;
  /** When the draft last changed: the moment its unsigned token stands for. */
  changedAt: number;
  setDraft: SetDraft;
  profile?: ProfileView;
  signer: Signer;
  /** What the last action said (a Load refused, a copy, a pick from Browse), above the preview. */
  status?: Status;
  onStatus: (status?: Status) => void;
  hidden: boolean;
}) {
  const { draft, setDraft, profile, signer, onStatus } = props;
  const events = useEventLog();
  const sendRef = useRef<((message: EmbedMessage) => void) | null>(null);

  const issues = useMemo(() => {
    const byField: Partial<Record<ClaimField, string>> = {};
    for (const issue of checkClaims(claimsToSend(draft.claims))) byField[issue.field] ??= issue.message;
    return byField;
  }, [draft.claims]);
  const { failure } = signer;
  const claimFailure = failure && isClaimField(failure.field) ? { field: failure.field, message: failure.message } : undefined;
  const canLoad = Boolean(profile) && Object.keys(issues).length === 0 && !claimFailure;

  const clientId = profile?.clientId;
  const unsigned = useMemo(() => unsignedView(draft.claims, clientId, props.changedAt), [draft.claims, clientId, props.changedAt]);
  const tokenView = signer.current ? signedView(signer.current) : unsigned;

  const target = parseTarget(draft.url, profile?.baseUrl).embed;
  const snippetInput =
    profile && target ? { clientId: profile.clientId, claims: draft.claims, embed: { target: target.target, ...mergeQuery(target, draft) } } : undefined;

  /** The signed embed, or the core's refusal said above the preview. */
  const signedOrSaid = (result: Result<SignedEmbed> | undefined): SignedEmbed | undefined => {
    if (!result) return undefined;
    onStatus(result.ok ? undefined : { kind: 'error', text: result.message });
    return result.ok ? result.data : undefined;
  };
  const copy = async (text: string, what: string) => {
    try {
      await navigator.clipboard.writeText(text);
      onStatus({ kind: 'info', text: `Copied ${what}.` });
    } catch {
      onStatus({ kind: 'error', text: `Could not copy ${what}: the clipboard refused. Select it in the token panel instead.` });
    }
  };
  const load = async () => void signedOrSaid(await signer.load());
  const openExternal = async () => {
    const embed = signedOrSaid(await signer.sign());
    if (embed) window.open(embed.url, '_blank', 'noopener,noreferrer');
  };
  const copyUrl = async () => {
    const embed = signedOrSaid(await signer.sign());
    if (embed) await copy(embed.url, 'a fresh signed URL (not loaded yet, so it works once)');
  };
  const { log } = events;
  const onMessage = useCallback((message: EmbedMessage) => log('in', message), [log]);
  const send = (message: EmbedMessage) => {
    sendRef.current?.(message);
    log('out', message);
  };

  return (
    <main className="workspace" hidden={props.hidden}>
      <div className="column">
        <TargetForm
          draft={draft}
          baseUrl={profile?.baseUrl}
          failure={failure?.field === 'url' || failure?.field === 'options' ? failure.message : undefined}
          onChange={(change) => setDraft((current) => ({ ...current, ...change }))}
        />
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
          status={props.status}
          onLoad={load}
          onOpenExternal={openExternal}
          onCopyUrl={copyUrl}
          onCopyToken={() => signer.loaded && copy(signer.loaded.token, 'the token')}
          onMessage={onMessage}
          sendRef={sendRef}
        />
        <TokenPanel view={tokenView} />
        <ExportPanel input={snippetInput} onCopy={(text, what) => void copy(text, what)} />
        <EventLog events={events.events} canSend={Boolean(signer.loaded)} onClear={events.clear} onSend={send} />
      </div>
    </main>
  );
}
