/**
 * The Browse view: the org's content through Sigma's REST API, with the current profile's REST
 * API credentials. Picking a workbook, tag, page or element sets the Craft view's target; teams
 * fill the teams claim; a member found by email fills sub. Each pick stays in Browse and says
 * what it set, with the way to Craft.
 */
import { useState } from 'react';
import type { EmbedConsoleApi, ProfileView } from '../../shared/api';
import { reasonOf } from '../../shared/errors';
import { nameMatches, pickedTargetUrl, type ContentPick, type WorkbookEntry } from '../../shared/sigma-rest';
import { ApiCredentialsForm } from '../components/ApiCredentialsForm';
import { ListingOf, PickedLine, type Picked } from '../components/BrowseParts';
import { ErrorText } from '../components/ErrorText';
import { useListing } from '../hooks/useListing';

interface BrowsePicks {
  onTarget: (url: string, what: string) => void;
  onTeams: (teams: string[]) => void;
  onMember: (email: string) => void;
  onOpenInCraft: () => void;
}

export function BrowseView(
  props: {
    api: EmbedConsoleApi;
    profile?: ProfileView;
    /** The draft's teams, target and sub, as Craft has them now. */
    teams: string[];
    target: string;
    sub: string;
    active: boolean;
    onProfileSaved: (profile: ProfileView) => void;
  } & BrowsePicks,
) {
  const { api, profile } = props;
  const name = profile?.name ?? '';
  // Kept mounted, so a pick survives a trip to Craft; Sigma is first asked when the view is first
  // shown. Shown once is shown for good: set in the render that shows it, not in an effect after.
  const [shown, setShown] = useState(props.active);
  if (props.active && !shown) setShown(true);
  const ready = shown && Boolean(profile?.api);
  const [search, setSearch] = useState('');
  const [workbook, setWorkbook] = useState<WorkbookEntry>();
  const [pageId, setPageId] = useState<string>();
  const [memberQuery, setMemberQuery] = useState('');
  const [memberSearch, setMemberSearch] = useState('');
  const [pickError, setPickError] = useState<string>();
  const [targetPicked, setTargetPicked] = useState<Picked>();
  const [peoplePicked, setPeoplePicked] = useState<Picked & { claim: 'teams' | 'sub' }>();

  // The parent gives each change of the profile's credentials a view of its own: a request need not say it.
  const [workbooks, reloadWorkbooks] = useListing(api, 'api:workbooks', ready ? { profile: name } : undefined);
  const [pages] = useListing(api, 'api:pages', workbook && { profile: name, workbookId: workbook.workbookId });
  const [elements] = useListing(api, 'api:elements', workbook && pageId ? { profile: name, workbookId: workbook.workbookId, pageId } : undefined);
  const [teams, reloadTeams] = useListing(api, 'api:teams', ready ? { profile: name } : undefined);
  const [members] = useListing(api, 'api:members', memberSearch ? { profile: name, search: memberSearch } : undefined);

  // The teams ticked here, for the teams claim as it was when they were ticked: once the claim
  // changes (in Craft, or by "Use these teams"), the ticks are the claim's again.
  const teamsClaim = props.teams.join('\n');
  const [ticked, setTicked] = useState<{ claim: string; teams: string[] }>();
  const checked = ticked?.claim === teamsClaim ? ticked.teams : props.teams;

  if (!profile || !shown) return null;
  if (!profile.api) {
    return (
      <main className="browse" hidden={!props.active}>
        <section className="panel" aria-labelledby="browse-title">
          <h2 id="browse-title">Browse</h2>
          <p>
            Profile <strong>{profile.name}</strong> has no REST API credentials yet. Add them to list the org's workbooks, pages, elements, teams and members.
          </p>
          <ApiCredentialsForm api={api} profile={profile} onSaved={(saved) => props.onProfileSaved(saved)} />
        </section>
      </main>
    );
  }

  const pick = (choice: Omit<ContentPick, 'workbook'>, what: string) => {
    if (!workbook) return;
    try {
      const url = pickedTargetUrl({ workbook, ...choice }, profile.baseUrl);
      props.onTarget(url, what);
      setTargetPicked({ said: `Craft's target is now ${what}.`, value: url });
      setPickError(undefined);
    } catch (error) {
      // Sigma gave a workbook URL that is not an embed URL: say so rather than do nothing.
      setPickError(reasonOf(error));
    }
  };
  const takeTeams = () => {
    props.onTeams(checked);
    setPeoplePicked({
      claim: 'teams',
      said: checked.length ? `Craft's teams are now ${checked.join(', ')}.` : "Craft's teams are cleared.",
      value: checked.join('\n'),
    });
  };
  const takeMember = (email: string) => {
    props.onMember(email);
    setPeoplePicked({ claim: 'sub', said: `Craft's sub is now ${email}.`, value: email });
  };
  const toggle = (team: string) => setTicked({ claim: teamsClaim, teams: checked.includes(team) ? checked.filter((t) => t !== team) : [...checked, team] });

  return (
    <main className="browse" hidden={!props.active}>
      <section className="panel content-browser" aria-labelledby="browse-title">
        <h2 id="browse-title">
          Browse <span className="muted">{profile.api.baseUrl}</span>
        </h2>
        <div className="toolbar">
          <input
            type="search"
            aria-label="Search workbooks by name"
            placeholder="Search workbooks by name…"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
          />
          <button type="button" onClick={() => (reloadWorkbooks(), reloadTeams())}>
            Refresh
          </button>
        </div>
        <PickedLine picked={targetPicked} holds={props.target} onOpenInCraft={props.onOpenInCraft} />
        <div className="browse-columns">
          <div>
            <h3>Workbooks</h3>
            <ListingOf loaded={workbooks} label="workbooks" empty="No workbooks.">
              {(entries) => {
                const shown = entries.filter((w) => nameMatches(w.name, search));
                return shown.length ? (
                  <ul className="pick-list" aria-label="Workbooks">
                    {shown.map((w) => (
                      <li key={w.workbookId}>
                        <button type="button" aria-pressed={workbook?.workbookId === w.workbookId} onClick={() => (setWorkbook(w), setPageId(undefined))}>
                          <strong>{w.name}</strong>
                          {w.path && <small>{w.path}</small>}
                        </button>
                      </li>
                    ))}
                  </ul>
                ) : (
                  <p className="muted">No workbook name contains "{search.trim()}".</p>
                );
              }}
            </ListingOf>
          </div>
          <div>
            <h3>Pages</h3>
            {pickError && <ErrorText kind="failure">{pickError}</ErrorText>}
            {workbook ? (
              <>
                <div className="toolbar">
                  <button type="button" className="primary" onClick={() => pick({}, `workbook ${workbook.name}`)}>
                    Use the workbook as target
                  </button>
                  {(workbook.tags ?? []).map((tag) => (
                    <button key={tag.name} type="button" onClick={() => pick({ tag: tag.name }, `version ${tag.name} of ${workbook.name}`)}>
                      Use tag {tag.name} as target
                    </button>
                  ))}
                </div>
                <ListingOf loaded={pages} label="pages" empty="This workbook has no pages.">
                  {(entries) => (
                    <ul className="pick-list" aria-label="Pages">
                      {entries.map((p) => (
                        <li key={p.pageId}>
                          <button type="button" aria-pressed={pageId === p.pageId} onClick={() => setPageId(p.pageId)}>
                            {p.name}
                          </button>
                          <button
                            type="button"
                            onClick={() => pick({ pageId: p.pageId }, `page ${p.name} of ${workbook.name}`)}
                            aria-label={`Use page ${p.name} as target`}
                          >
                            Use as target
                          </button>
                        </li>
                      ))}
                    </ul>
                  )}
                </ListingOf>
              </>
            ) : (
              <p className="muted">Pick a workbook.</p>
            )}
          </div>
          <div>
            <h3>Elements</h3>
            {pageId ? (
              <ListingOf loaded={elements} label="elements" empty="This page has no elements.">
                {(entries) => (
                  <ul className="pick-list" aria-label="Elements">
                    {entries.map((e) => (
                      <li key={e.elementId}>
                        <span>
                          {e.name ?? e.elementId} <small>{e.type}</small>
                        </span>
                        <button
                          type="button"
                          onClick={() => pick({ elementId: e.elementId }, `element ${e.name ?? e.elementId} of ${workbook?.name}`)}
                          aria-label={`Use element ${e.name ?? e.elementId} as target`}
                        >
                          Use as target
                        </button>
                      </li>
                    ))}
                  </ul>
                )}
              </ListingOf>
            ) : (
              <p className="muted">Pick a page to see its elements.</p>
            )}
          </div>
        </div>
      </section>
      <section className="panel" aria-labelledby="people-title">
        <h2 id="people-title">Teams and members</h2>
        <h3>Teams</h3>
        <ListingOf loaded={teams} label="teams" empty="The org has no teams.">
          {(entries) => (
            <fieldset className="team-list">
              <legend className="hint">The teams claim carries team names.</legend>
              {entries.map((t) => (
                <label key={t.teamId} className="check">
                  <input type="checkbox" checked={checked.includes(t.name)} onChange={() => toggle(t.name)} />
                  {t.name} {t.description && <small>{t.description}</small>}
                </label>
              ))}
              {/* Teams the claim names but the org lacks: shown, so they can be taken off. */}
              {props.teams
                .filter((team) => !entries.some((t) => t.name === team))
                .map((team) => (
                  <label key={team} className="check">
                    <input type="checkbox" checked={checked.includes(team)} onChange={() => toggle(team)} />
                    {team} <small className="error">not a team of this org</small>
                  </label>
                ))}
            </fieldset>
          )}
        </ListingOf>
        {teams?.state === 'done' && (
          <button type="button" onClick={takeTeams}>
            Use these teams
          </button>
        )}
        {peoplePicked?.claim === 'teams' && <PickedLine picked={peoplePicked} holds={teamsClaim} onOpenInCraft={props.onOpenInCraft} />}
        <h3>Members</h3>
        <form
          className="toolbar"
          onSubmit={(e) => {
            e.preventDefault();
            setMemberSearch(memberQuery.trim());
          }}
        >
          <input
            type="search"
            aria-label="Member email"
            placeholder="Email, or part of one"
            value={memberQuery}
            onChange={(e) => setMemberQuery(e.target.value)}
          />
          <button type="submit" disabled={!memberQuery.trim()}>
            Look up
          </button>
        </form>
        <ListingOf loaded={members} label="members" empty={`No member matches "${memberSearch}".`}>
          {(entries) => (
            <ul className="pick-list" aria-label="Members">
              {entries.map((m) => (
                <li key={m.memberId}>
                  <span>
                    {m.email}{' '}
                    <small>
                      {[m.firstName, m.lastName].filter(Boolean).join(' ')}
                      {m.memberType && ` · ${m.memberType}`}
                    </small>
                  </span>
                  <button type="button" onClick={() => takeMember(m.email)} aria-label={`Use ${m.email} as sub`}>
                    Use as sub
                  </button>
                </li>
              ))}
            </ul>
          )}
        </ListingOf>
        {peoplePicked?.claim === 'sub' && <PickedLine picked={peoplePicked} holds={props.sub} onOpenInCraft={props.onOpenInCraft} />}
      </section>
    </main>
  );
}
