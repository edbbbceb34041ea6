/**
 * The shell: the views and the way between them, the profiles (the one selected, Manage
 * profiles, which is part of Craft), and the draft they all work on. A view that makes a draft
 * (an inspected token, a history entry, an imported .env) hands it to Craft through here; a
 * Browse pick changes the draft and leaves the user in Browse.
 */
import { useCallback, useState, type SetStateAction } from 'react';
import type { EmbedConsoleApi, HistoryEntry, InspectReport } from '../shared/api';
import { savedPersonaOf } from '../shared/suite-edit';
import { ErrorText, type Status } from './components/ErrorText';
import { NameOptions } from './components/NameOptions';
import { ProfilesPanel } from './components/ProfilesPanel';
import { draftFromInspected, draftOf, type Draft } from './draft';
import { useDraft } from './hooks/useDraft';
import { usePersonas } from './hooks/usePersonas';
import { useProfiles } from './hooks/useProfiles';
import { useSigner } from './hooks/useSigner';
import { BrowseView } from './views/BrowseView';
import { CompareView } from './views/CompareView';
import { CraftView } from './views/CraftView';
import { HistoryView } from './views/HistoryView';
import { InspectView } from './views/InspectView';
import { SuitesView } from './views/SuitesView';

const VIEWS = { craft: 'Craft', compare: 'Compare', browse: 'Browse', inspect: 'Inspect', suites: 'Suites', history: 'History' } as const;
type View = keyof typeof VIEWS;

export function App({ api }: { api: EmbedConsoleApi }) {
  const { draft, changedAt, setDraft } = useDraft();
  const setProfileName = useCallback(
    (choose: (current: string) => string) =>
      setDraft((current) => {
        const profile = choose(current.profile);
        return profile === current.profile ? current : { ...current, profile };
      }),
    [setDraft],
  );
  const profiles = useProfiles(api, draft.profile, setProfileName);
  const { selected: profile } = profiles;
  // The shell's, not Craft's alone: a refusal naming the profile shows by the profile picker.
  const signer = useSigner(api, draft);
  // Saved and picked in Craft, loaded side by side in Compare.
  const personas = usePersonas(api);
  const [view, setView] = useState<View>('craft');
  const [compareOpened, setCompareOpened] = useState(false);
  if (view === 'compare' && !compareOpened) setCompareOpened(true);
  // Opened or closed by the user; until then, open when there is no profile yet. It belongs to
  // Craft: on another view it is hidden, not closed, so a half-typed profile is there on return.
  const [profilesOpen, setProfilesOpen] = useState<boolean>();
  const showProfiles = profilesOpen ?? profiles.list?.length === 0;
  const profilesShown = showProfiles && view === 'craft';
  // Craft's status line; other views say there what they brought it.
  const [status, setStatus] = useState<Status>();

  /** Another view's draft, in the Craft form; `said` tells the user what came with it. */
  const toCraft = (next: SetStateAction<Draft>, said?: string) => {
    setDraft(next);
    if (said) setStatus({ kind: 'info', text: said });
    setView('craft');
  };
  /** A Browse pick: the draft changes and Craft's status says so, but the user stays in Browse to pick on. */
  const fromBrowse = (change: (current: Draft) => Draft, what: string) => {
    setDraft(change);
    setStatus({ kind: 'info', text: `From Browse: ${what}.` });
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
          <select value={draft.profile} onChange={(e) => profiles.select(e.target.value)} aria-invalid={signer.failure?.field === 'profile'}>
            <NameOptions named={profiles.list ?? []} />
          </select>
        </label>
        {signer.failure?.field === 'profile' && (
          <ErrorText kind="failure" inline>
            {signer.failure.message}
          </ErrorText>
        )}
        <button
          type="button"
          aria-expanded={profilesShown}
          // From another view, it opens Craft with the panel: the profiles are managed there.
          onClick={() => (view === 'craft' ? setProfilesOpen(!showProfiles) : (setView('craft'), setProfilesOpen(true)))}
        >
          Manage profiles
        </button>
      </header>
      {profiles.error && (
        <ErrorText kind="failure" className="banner">
          {profiles.error}
        </ErrorText>
      )}
      {showProfiles && (
        <ProfilesPanel
          hidden={!profilesShown}
          api={api}
          profiles={profiles.list ?? []}
          onChanged={(name) => void profiles.refresh(name)}
          onImported={({ profile: imported, draft: made }) => {
            toCraft(draftOf(made, imported.name));
            void profiles.refresh(imported.name);
          }}
        />
      )}
      <BrowseView
        key={profile ? `${profile.name}\n${profile.updatedAt}` : ''}
        api={api}
        profile={profile}
        active={view === 'browse'}
        teams={draft.claims.teams ?? []}
        target={draft.url}
        sub={draft.claims.sub}
        onOpenInCraft={() => setView('craft')}
        onProfileSaved={(saved) => void profiles.refresh(saved.name)}
        // The control values were the old workbook's.
        onTarget={(url, what) => fromBrowse((current) => ({ ...current, url, controls: {} }), `target set to ${what}`)}
        onTeams={(teams) =>
          fromBrowse((current) => ({ ...current, claims: { ...current.claims, teams } }), teams.length ? `teams set to ${teams.join(', ')}` : 'teams cleared')
        }
        onMember={(email) => fromBrowse((current) => ({ ...current, claims: { ...current.claims, sub: email } }), `sub set to ${email}`)}
      />
      {/* Kept mounted, as Browse is: the paste and its verdict are there on return. */}
      <InspectView
        hidden={view !== 'inspect'}
        api={api}
        profiles={profiles.list ?? []}
        onOpenInCraft={(report: InspectReport) => toCraft((current) => draftFromInspected(current, report))}
      />
      {/* Kept mounted: the open suite and its results are there on return. */}
      <SuitesView
        hidden={view !== 'suites'}
        api={api}
        craft={{
          persona: savedPersonaOf(draft.claims, personas.list ?? []),
          profile: draft.profile,
          url: draft.url,
          claims: draft.claims,
          options: draft.options,
          controls: draft.controls,
        }}
        onOpenInCraft={(picked, said) =>
          toCraft(
            (current) => ({
              ...current,
              ...picked,
              profile: picked.profile || current.profile,
              options: picked.options ?? {},
              controls: picked.controls ?? {},
            }),
            said,
          )
        }
      />
      {/* Made when first opened (its two embeds load only when asked), then kept: they and their diff are there on return. */}
      {compareOpened && <CompareView hidden={view !== 'compare'} api={api} draft={draft} profiles={profiles.list ?? []} personas={personas} />}
      {view === 'history' && <HistoryView api={api} onReopen={(entry: HistoryEntry) => toCraft(draftOf(entry, entry.profile))} />}
      <CraftView
        draft={draft}
        changedAt={changedAt}
        setDraft={setDraft}
        profile={profile}
        profiles={profiles.list ?? []}
        signer={signer}
        personas={personas}
        status={status}
        onStatus={setStatus}
        hidden={view !== 'craft'}
      />
    </div>
  );
}
