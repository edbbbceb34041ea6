/**
 * The contract's implementation: one handler per method of shared/api.ts, over the keychain
 * vault, the profile store and the signer. Every transport (CLI, IPC, HTTP) calls this table;
 * each request is schema-checked here, and every failure comes back as a coded value.
 */
import type * as z from 'zod/mini';
import dotenv from 'dotenv';
import { buildPayload } from '../../shared/claims';
import { fromQuickstartEnv } from '../../shared/env-import';
import { EmbedConsoleError, excerpt, reasonOf, type Failure, type Result } from '../../shared/errors';
import { decodeJwt } from '../../shared/jwt';
import { buildEmbedUrl, mergeQuery, parseHttpUrl, resolveTarget } from '../../shared/target';
import { LOCAL_DEMO, METHODS, requestSchemas, type EmbedConsoleApi, type Method, type ProfileView, type Responses, type TokenUse } from '../../shared/api';
import { describeSecret, type SecretPlace } from '../../shared/secrets';
import { createBrowser } from './browse';
import type { Handlers } from './handlers';
import type { HistoryStore } from './history';
import { inspect } from './inspector';
import type { JtiLedger } from './ledger';
import type { PersonaStore } from './personas';
import { findProfile, profileNotFound, refuseTaken, secretRef, secretRefs, type ProfileStore, type StoredProfile } from './profiles';
import { describeRequestIssue, reservedNameIssue } from '../../shared/request-words';
import type { SecretKind, SecretRef, Secrets, StoredAccounts } from './secrets';
import { probe } from './probe';
import { checkOAuthVersion, newJti, signToken, withOAuthTokens } from './signer';
import { normalizeApiBase } from './sigma-api';

export interface CoreDeps {
  profiles: ProfileStore;
  secrets: Secrets;
  /** The jti ledger of tokens signed and inspected here. */
  ledger: JtiLedger;
  /** The local embed host's ledger, of tokens it loaded: read to tell a token used up. */
  hostLedgerFile?: string;
  /** The embeds crafted in the app. */
  history: HistoryStore;
  /** Claims kept under a name. */
  personas: PersonaStore;
  now?: () => number;
  newJti?: () => string;
  /** Hears what a user should know but that fails nothing (a locked keychain while listing). */
  notify?: (message: string) => void;
}

/** Where a token went, as the inspector says it (the ledger's source). */
const USED_WHERE: Record<TokenUse, (host: string) => string> = {
  preview: (host) => `loaded in the preview from ${host}`,
  browser: (host) => `opened in your browser, at ${host}`,
  copied: () => 'copied from the preview',
};

/** A profile as callers see it: where its secrets are and whether they are there, never what they are. */
function view(profile: StoredProfile, secrets: Secrets, accounts: StoredAccounts): ProfileView {
  const { api, secret: _secret, ...rest } = profile;
  const shown = (ref: SecretRef) => ({ secretIn: ref.place, hasSecret: secrets.isStored(ref, accounts) });
  return {
    ...rest,
    ...shown(secretRef(profile, 'embed')!),
    ...(api && { api: { clientId: api.clientId, baseUrl: api.baseUrl, ...shown(secretRef(profile, 'api')!) } }),
  };
}

/** A base URL field, checked: a failure names the field. */
function baseUrlOf(input: string): URL {
  try {
    return parseHttpUrl(input);
  } catch (error) {
    throw new EmbedConsoleError('INVALID_URL', (error as EmbedConsoleError).message, 'baseUrl');
  }
}

/** Where a profile's REST API credentials may send their secret: https, or this machine. */
function apiBase(input: string): string {
  const url = baseUrlOf(normalizeApiBase(input));
  const refuse = (why: string) => new EmbedConsoleError('INVALID_URL', `${excerpt(input)} ${why}`, 'baseUrl');
  if (url.protocol !== 'https:' && !['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)) {
    throw refuse("is not https: the REST API secret would cross the network unencrypted. Use the https:// API base of the org's cloud.");
  }
  if (url.username || url.password) throw refuse('carries a user name or password; give the API base alone: the secret has a field of its own.');
  if (url.search || url.hash) throw refuse('has a query or fragment; give the API base alone, e.g. https://api.sigmacomputing.com.');
  return normalizeApiBase(url.href);
}

function invalidRequest(error: z.core.$ZodError, request: unknown, method: Method): Failure {
  return { ok: false, code: 'INVALID_REQUEST', ...describeRequestIssue(error, request, method) };
}

/** A schema issue in what a file gave (`source`: ".env"), told as the file's problem. */
function fromSchemaIssue(error: z.core.$ZodError, request: unknown, source: string): EmbedConsoleError {
  const { message, field } = describeRequestIssue(error, request);
  return new EmbedConsoleError('INVALID_REQUEST', `In the ${source}, ${message[0].toLowerCase()}${message.slice(1)}`, field);
}

export function createService(deps: CoreDeps): EmbedConsoleApi {
  const { profiles, secrets } = deps;
  const now = deps.now ?? Date.now;
  const jti = deps.newJti ?? newJti;
  const notify = deps.notify ?? (() => {});
  const browser = createBrowser({ profiles, secrets, now });
  const viewOf = async (profile: StoredProfile) => view(profile, secrets, await secrets.stored());
  /** Stores a secret and returns how to put back what its place held before. */
  async function putSecret(ref: SecretRef, secret: string): Promise<() => Promise<void>> {
    const previous = 'store' in ref.place ? await secrets.read(ref) : null;
    await secrets.write(ref, secret);
    return () => (previous === null ? secrets.remove(ref) : secrets.write(ref, previous));
  }

  /**
   * Saves one profile, under the profiles lock from the read to the write: `edit` gets the
   * profile as it is now (if any) and says what to save, with a new secret if one was given.
   * The secret lands before the file, so a crash leaves at most a secret no profile names
   * (profile prune); a file that cannot be written gets the store back to what it held. A
   * secret the profile no longer keeps where it was is removed once the file no longer names it.
   */
  async function saveProfile(
    name: string,
    kind: SecretKind,
    secret: { value?: string; place?: SecretPlace },
    edit: (existing: StoredProfile | undefined, profiles: StoredProfile[]) => StoredProfile,
  ): Promise<StoredProfile> {
    // Before the lock: a passphrase prompt or a locked keychain never holds up other processes.
    if (secret.value !== undefined && secret.place) await secrets.prepare(secret.place);
    let undo: (() => Promise<void>) | undefined;
    let left: SecretRef | undefined;
    try {
      const saved = await profiles.update(async (list) => {
        const existing = findProfile(list, name);
        const next = edit(existing, list);
        const ref = secretRef(next, kind);
        if (secret.value !== undefined && ref) undo = await putSecret(ref, secret.value);
        const before = existing && secretRef(existing, kind);
        if (before && 'store' in before.place && JSON.stringify(before.place) !== JSON.stringify(ref?.place)) left = before;
        return { profiles: [...list.filter((p) => p !== existing), next], result: next };
      });
      undo = undefined;
      if (left)
        await secrets.remove(left).catch((error: Error) => notify(`${error.message} (a secret no profile names now; embed-console profile prune removes it)`));
      return saved;
    } catch (error) {
      await undo?.().catch(() => undefined);
      throw error;
    }
  }

  /** Where a new secret goes: the variable named, or this machine's store; undefined when neither is given. */
  async function placeFor(name: string, value: string | undefined, env: string | undefined): Promise<SecretPlace | undefined> {
    if (value !== undefined && env !== undefined) {
      throw new EmbedConsoleError('INVALID_REQUEST', 'Give the secret, or the name of the environment variable that holds it, not both.', 'secretEnv');
    }
    return value !== undefined || env !== undefined ? secrets.placeFor(name, env) : undefined;
  }

  const handlers: Handlers = {
    async 'profiles:list'() {
      const stored = await profiles.list();
      const accounts = await secrets.stored();
      return stored.map((p) => view(p, secrets, accounts));
    },

    async 'profiles:save'({ name, clientId, baseUrl, secret, secretEnv, overwrite }) {
      if (baseUrl) baseUrlOf(baseUrl);
      const place = await placeFor(name, secret, secretEnv);
      const saved = await saveProfile(name, 'embed', { value: secret, place }, (existing) => {
        if (existing && !overwrite) refuseTaken(existing, name);
        if (!existing && !place) {
          throw new EmbedConsoleError(
            'SECRET_MISSING',
            'A new profile needs its embed secret (the one shown when the embed credentials were created), or the name of an environment variable that holds it.',
            'secret',
          );
        }
        const at = new Date(now()).toISOString();
        return {
          // Replacing a profile whose name differs only in case keeps its name: its secrets are filed under it.
          name: existing?.name ?? name,
          clientId,
          ...(baseUrl && { baseUrl }),
          ...((place ?? existing?.secret) && { secret: place ?? existing?.secret }),
          // REST API credentials are kept: they are changed on their own (profiles:set-api).
          ...(existing?.api && { api: existing.api }),
          createdAt: existing?.createdAt ?? at,
          updatedAt: at,
        };
      });
      return viewOf(saved);
    },

    async 'profiles:remove'({ name }) {
      const removed = await profiles.update(async (list) => {
        const profile = findProfile(list, name);
        if (!profile) throw profileNotFound(name, list);
        // Secrets first: a store that refuses (a locked keychain) keeps the profile, and says why.
        const refs = secretRefs(profile);
        for (const ref of refs) await secrets.prepare(ref.place);
        for (const ref of refs) await secrets.remove(ref);
        return { profiles: list.filter((p) => p !== profile), result: { name: profile.name, secretsIn: refs.map((r) => r.place) } };
      });
      browser.forget(removed.name);
      return removed;
    },

    async 'profiles:prune'() {
      // Under the profiles lock: a save in another process writes its secret before its profile.
      const removed = await profiles.update(async (list) => {
        const { orphans } = await secrets.status(list.flatMap(secretRefs));
        for (const orphan of orphans) await secrets.removeAccount(orphan);
        return { profiles: list, result: orphans };
      });
      return { removed };
    },

    async 'secrets:status'() {
      return secrets.status((await profiles.list()).flatMap(secretRefs));
    },

    async 'secrets:unlock-vault'({ passphrase, repeat }) {
      await secrets.unlockVault(passphrase, repeat);
      return secrets.status((await profiles.list()).flatMap(secretRefs));
    },

    async 'token:sign'(request) {
      const profile = await profiles.get(request.profile);
      let embed;
      try {
        embed = resolveTarget(request.url, profile.baseUrl, profile.name);
      } catch (error) {
        // local-demo's base URL is set by the local embed host: say how to get one.
        if (error instanceof EmbedConsoleError && !profile.baseUrl && profile.name === LOCAL_DEMO) {
          throw new EmbedConsoleError(
            error.code,
            `${error.message} The local embed host sets it for local-demo when it starts: embed-console host.`,
            error.field,
          );
        }
        throw error;
      }
      const built = buildPayload(request.claims, { clientId: profile.clientId, jti: jti(), now: now() });
      checkOAuthVersion(built, request.oauth);

      const ref = secretRef(profile, 'embed')!;
      const secret = await secrets.read(ref);
      if (secret === null) {
        throw new EmbedConsoleError(
          'SECRET_MISSING',
          `Profile "${profile.name}" has no embed secret ${describeSecret(ref.place, true)}; store it again (Manage profiles → Edit), or remove the profile and add it again with its embed secret.`,
          'profile',
        );
      }
      const payload = await withOAuthTokens(built, request.oauth, secret);
      const token = signToken(payload, secret, profile.clientId);
      deps.ledger.append(payload.jti, payload.exp, `signed with profile "${profile.name}"`, 'signed');
      // Saved in the background: signing does not wait for the disk (a CLI process still
      // finishes the write before it exits).
      void deps.ledger.flush().catch((error: Error) => notify(error.message));
      const url = buildEmbedUrl({ ...embed, jwt: token, embed: 'true', ...mergeQuery(embed, request) });
      if (request.remember) {
        const { claims, url: entered, options = {}, controls = {} } = request;
        await deps.history.add({ profile: profile.name, url: entered, options, controls, claims, jti: payload.jti }, now());
      }
      return { url, token, header: decodeJwt(token).header, payload, profile: profile.name };
    },

    async 'token:used'({ jti, how, host }) {
      await deps.ledger.load();
      const recorded = deps.ledger.strengthen(jti, how === 'copied' ? 'copied' : 'loaded', USED_WHERE[how](host));
      if (recorded) await deps.ledger.flush();
      return { recorded };
    },

    'token:inspect': (request) => inspect(request, { profiles, secrets, ledger: deps.ledger, hostLedgerFile: deps.hostLedgerFile, now }),

    async 'profiles:import-env'({ text, profile, secretEnv, overwrite }) {
      const imported = fromQuickstartEnv(dotenv.parse(text), { secretFromEnv: secretEnv !== undefined });
      const request = { name: profile, clientId: imported.clientId, baseUrl: imported.baseUrl, secret: imported.secret, secretEnv, overwrite };
      // The same checks as a profile added by hand: a .env is pasted text like any other.
      const parsed = requestSchemas['profiles:save'].safeParse(request);
      if (!parsed.success) throw fromSchemaIssue(parsed.error, request, '.env');
      const saved = await handlers['profiles:save'](parsed.data);
      const { url, claims, options, controls } = imported;
      return { profile: saved, draft: { url, claims, options, controls } };
    },

    async 'profiles:set-api'({ name, api }) {
      const current = await profiles.get(name);
      browser.forget(current.name);
      if (api === null) {
        const saved = await saveProfile(name, 'api', {}, (existing, list) => {
          if (!existing) throw profileNotFound(name, list);
          const { api: _gone, ...rest } = existing;
          return { ...rest, updatedAt: new Date(now()).toISOString() };
        });
        return viewOf(saved);
      }
      const baseUrl = apiBase(api.baseUrl);
      const place = await placeFor(name, api.secret, api.secretEnv);
      // The stored secret is only ever sent where it was entered for: a new client id or API base
      // takes it again, so a typo (or a caller that cannot read it) cannot send it elsewhere.
      const before = current.api && secretRef(current, 'api')!;
      const unchanged = current.api?.clientId === api.clientId && current.api.baseUrl === baseUrl;
      const kept = unchanged && before && ('env' in before.place || (await secrets.read(before)) !== null);
      if (!place && !kept) {
        const why = current.api
          ? `a new client id or API base URL takes the REST API secret of "${name}" again`
          : `profile "${name}" has no REST API secret yet`;
        throw new EmbedConsoleError(
          'SECRET_MISSING',
          `Enter the secret, or the environment variable that holds it: ${why}. It is shown when the REST API credentials are created.`,
          'secret',
        );
      }
      const saved = await saveProfile(name, 'api', { value: api.secret, place }, (existing, list) => {
        if (!existing) throw profileNotFound(name, list);
        const secret = place ?? existing.api?.secret;
        return { ...existing, api: { clientId: api.clientId, baseUrl, ...(secret && { secret }) }, updatedAt: new Date(now()).toISOString() };
      });
      return viewOf(saved);
    },

    ...browser.handlers,

    'history:list': ({ query }) => deps.history.list(query),

    async 'history:remove'({ id }) {
      return { removed: await deps.history.remove(id) };
    },

    async 'history:outcome'({ jti, outcome }) {
      return { recorded: await deps.history.setOutcome(jti, outcome) };
    },

    'preview:probe': ({ url }) => probe(url),

    // Suites are loaded on first use: the YAML reader and the browser driver are needed only by them.
    'suite:open': async ({ path }) => (await import('./suite-files')).openSuiteFile(path),
    'suite:save': async ({ path, text }) => (await import('./suite-files')).saveSuiteFile(path, text),

    async 'suite:run'({ text, names }) {
      const suite = (await import('./suite-files')).usableSuite(text, 'The suite is not usable');
      const { runSuite } = await import('../suite/run');
      return { results: await runSuite(suite, { contract: api, names }) };
    },

    'personas:list': () => deps.personas.list(),

    'personas:save': ({ name, claims, overwrite }) => deps.personas.save({ name, claims }, overwrite ?? false),

    async 'personas:remove'({ name }) {
      return { removed: await deps.personas.remove(name) };
    },
  };

  // Changes to profiles check, then write the keychain, then the file: one at a time, so two
  // saves of one name cannot interleave (one's client id with the other's secret).
  let changing: Promise<unknown> = Promise.resolve();
  const oneAtATime = <T>(task: () => Promise<T>): Promise<T> => {
    const next = changing.then(task);
    changing = next.catch(() => {});
    return next;
  };
  const CHANGES_PROFILES = new Set<Method>(['profiles:save', 'profiles:remove', 'profiles:prune', 'profiles:import-env', 'profiles:set-api']);

  async function run<M extends Method>(method: M, request: unknown): Promise<Result<Responses[M]>> {
    const reserved = reservedNameIssue(request);
    if (reserved) return { ok: false, code: 'INVALID_REQUEST', ...reserved };
    const parsed = requestSchemas[method].safeParse(request);
    if (!parsed.success) return invalidRequest(parsed.error, request, method);
    try {
      const handler = handlers[method] as (r: unknown) => Promise<Responses[M]>;
      const answer = () => handler(parsed.data);
      return { ok: true, data: await (CHANGES_PROFILES.has(method) ? oneAtATime(answer) : answer()) };
    } catch (error) {
      if (error instanceof EmbedConsoleError) return error.toFailure();
      const reason = reasonOf(error);
      return { ok: false, code: 'INTERNAL', message: `Unexpected error in ${method}: ${reason}. Please report it.` };
    }
  }

  // A suite run signs each case through this same table.
  const api = Object.fromEntries(METHODS.map((m) => [m, (request: unknown) => run(m, request)])) as EmbedConsoleApi;
  return api;
}
