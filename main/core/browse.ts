/**
 * The content browser's methods (api:*): a profile's REST API credentials, one Sigma client per
 * profile kept for the life of the process (its access token with it, in memory only), and the
 * org's workbooks, pages, elements, teams and members.
 */
import { EmbedConsoleError, excerpt } from '../../shared/errors';
import { storeName } from '../../shared/secrets';
import { elementEntry, memberEntry, nameMatches, pageEntry, teamEntry, workbookEntry } from '../../shared/sigma-rest';
import { secretRef, type ProfileStore } from './profiles';
import type { Secrets } from './secrets';
import type { Handlers } from './handlers';
import { SigmaApiClient } from './sigma-api';

type BrowseMethod = 'api:workbooks' | 'api:pages' | 'api:elements' | 'api:teams' | 'api:members';

const id = encodeURIComponent;

export function createBrowser(deps: { profiles: ProfileStore; secrets: Secrets; now: () => number }) {
  const clients = new Map<string, { key: string; client: SigmaApiClient }>();
  /** How often each profile's credentials changed: a client made from a read older than a change is not kept. */
  const changes = new Map<string, number>();

  async function clientOf(name: string): Promise<SigmaApiClient> {
    const generation = changes.get(name) ?? 0;
    const profile = await deps.profiles.get(name);
    const { api } = profile;
    if (!api) {
      throw new EmbedConsoleError(
        'API_NOT_CONFIGURED',
        `Profile "${name}" has no REST API credentials to browse its org with; add them under Manage profiles → REST API, or with "embed-console profile api ${name} --client-id <id> --region <region>".`,
        'profile',
      );
    }
    // New credentials, new client: a token is never used with credentials other than its own.
    const key = `${generation}\n${api.clientId}\n${api.baseUrl}`;
    const cached = clients.get(name);
    if (cached?.key === key) return cached.client;
    const client = new SigmaApiClient({
      ...api,
      label: `profile "${name}"`,
      now: deps.now,
      secret: async () => {
        const secret = await deps.secrets.read(secretRef(profile, 'api')!);
        if (secret !== null) return secret;
        throw new EmbedConsoleError(
          'SECRET_MISSING',
          `Profile "${name}" has no REST API secret in ${storeName(profile.api?.secret && 'store' in profile.api.secret ? profile.api.secret.store : 'keychain')}; enter it again under Manage profiles → REST API, or with "embed-console profile api ${name} --client-id ${api.clientId} --api-url ${api.baseUrl}".`,
          'profile',
        );
      },
    });
    clients.set(name, { key, client });
    return client;
  }

  const handlers: Pick<Handlers, BrowseMethod> = {
    async 'api:workbooks'({ profile, search }) {
      const listing = await (await clientOf(profile)).list('workbooks', workbookEntry, 'list workbooks');
      return { ...listing, entries: listing.entries.filter((w) => nameMatches(w.name, search)) };
    },
    async 'api:pages'({ profile, workbookId }) {
      return (await clientOf(profile)).list(`workbooks/${id(workbookId)}/pages`, pageEntry, `list the pages of workbook ${workbookId}`);
    },
    async 'api:elements'({ profile, workbookId, pageId }) {
      const client = await clientOf(profile);
      return client.list(
        `workbooks/${id(workbookId)}/pages/${id(pageId)}/elements`,
        elementEntry,
        `list the elements of page ${pageId} of workbook ${workbookId}`,
      );
    },
    async 'api:teams'({ profile, search }) {
      const listing = await (await clientOf(profile)).list('teams', teamEntry, 'list teams');
      return { ...listing, entries: listing.entries.filter((t) => nameMatches(t.name, search)) };
    },
    async 'api:members'({ profile, search }) {
      return (await clientOf(profile)).list('members', memberEntry, `look up members matching "${excerpt(search, 80)}"`, { search });
    },
  };

  /** Drops a profile's client, and its token with it, when its credentials change or go. */
  const forget = (name: string) => {
    changes.set(name, (changes.get(name) ?? 0) + 1);
    clients.delete(name);
  };

  return { handlers, forget };
}
