/**
 * The contract's implementation: one handler per method of shared/api.ts, over the keychain
 * vault, the profile store and the signer. Every transport (CLI, IPC, HTTP) calls this table;
 * each request is schema-checked here, and every failure comes back as a coded value.
 */
import type * as z from 'zod/mini';
import dotenv from 'dotenv';
import { buildPayload } from '../../shared/claims';
import { fromQuickstartEnv } from '../../shared/env-import';
import { EmbedConsoleError, excerpt, type Failure, type Result } from '../../shared/errors';
import { decodeJwt } from '../../shared/jwt';
import { buildEmbedUrl, hasScheme, parseHttpUrl, resolveEmbedUrl } from '../../shared/target';
import {
  METHODS,
  requestSchemas,
  type EmbedConsoleApi,
  type Method,
  type ProfileView,
  type Responses,
} from '../../shared/api';
import { createBrowser } from './browse';
import { LOCAL_DEMO } from './local-demo';
import type { HistoryStore } from './history';
import { inspect } from './inspector';
import type { JtiLedger } from './ledger';
import type { ProfileStore, StoredProfile } from './profiles';
import { newJti, signToken } from './signer';
import { normalizeApiBase } from './sigma-api';
import { apiSecretAccount, embedSecretAccount, type Vault } from './vault';

export interface CoreDeps {
  profiles: ProfileStore;
  vault: Vault;
  /** The jti ledger of tokens signed and inspected here. */
  ledger: JtiLedger;
  /** The embeds crafted in the app. */
  history: HistoryStore;
  now?: () => number;
  newJti?: () => string;
  /** Hears what a user should know but that fails nothing (a locked keychain while listing). */
  notify?: (message: string) => void;
}

export type Handlers = { [M in Method]: (request: z.output<(typeof requestSchemas)[M]>) => Promise<Responses[M]> };

/** A profile as callers see it: whether its secrets are stored, never what they are. */
function view(profile: StoredProfile, accounts: Set<string> | undefined): ProfileView {
  const stored = (account: string) => (accounts ? accounts.has(account) : null);
  const { api, ...rest } = profile;
  return { ...rest, hasSecret: stored(embedSecretAccount(profile.name)), ...(api && { api: { ...api, hasSecret: stored(apiSecretAccount(profile.name)) } }) };
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

function invalidRequest(method: Method, error: z.core.$ZodError): Failure {
  const issue = error.issues[0];
  const where = issue.path.length ? `${issue.path.join('.')}: ` : '';
  return {
    ok: false,
    code: 'INVALID_REQUEST',
    message: `Invalid ${method} request: ${where}${issue.message}.`,
    ...(issue.path.length && { field: String(issue.path[issue.path.length - 1]) }),
  };
}

export function createService(deps: CoreDeps): EmbedConsoleApi {
  const { profiles, vault } = deps;
  const now = deps.now ?? Date.now;
  const jti = deps.newJti ?? newJti;
  const notify = deps.notify ?? (() => {});
  const browser = createBrowser({ profiles, vault, now });
  /** Whose secrets are stored; undefined when the keychain cannot be asked (the profile is saved already). */
  const storedAccounts = () => vault.accounts().catch(() => undefined);

  /** Writes a secret, then runs `save`; if that fails, the keychain gets back what it held. */
  async function withSecret<T>(account: string, secret: string | undefined, save: () => Promise<T>): Promise<T> {
    if (!secret) return save();
    const previous = await vault.get(account);
    await vault.set(account, secret);
    try {
      return await save();
    } catch (error) {
      await (previous === null ? vault.delete(account) : vault.set(account, previous)).catch(() => undefined);
      throw error;
    }
  }
  const replace = (saved: StoredProfile) => profiles.update((list) => ({ profiles: [...list.filter((p) => p.name !== saved.name), saved], result: undefined }));

  const handlers: Handlers = {
    async 'profiles:list'() {
      const stored = await profiles.list();
      if (stored.length === 0) return [];
      let accounts: Set<string> | undefined;
      try {
        accounts = await vault.accounts();
      } catch (error) {
        if (!(error instanceof EmbedConsoleError)) throw error;
        notify(error.message);
      }
      return stored.map((p) => view(p, accounts));
    },

    async 'profiles:save'({ name, clientId, baseUrl, secret, overwrite }) {
      if (baseUrl) baseUrlOf(baseUrl);
      const existing = (await profiles.list()).find((p) => p.name === name);
      if (existing && !overwrite) {
        throw new EmbedConsoleError(
          'PROFILE_EXISTS',
          `A profile named "${name}" exists already; choose another name, or remove it first with "embed-console profile remove ${name}".`,
          'name',
        );
      }
      if (!existing && !secret) {
        throw new EmbedConsoleError('SECRET_MISSING', `A new profile needs its embed secret; enter the secret shown when the embed credentials were created.`, 'secret');
      }
      const at = new Date(now()).toISOString();
      const saved: StoredProfile = {
        name,
        clientId,
        ...(baseUrl && { baseUrl }),
        // REST API credentials are kept: they are changed on their own (profiles:set-api).
        ...(existing?.api && { api: existing.api }),
        createdAt: existing?.createdAt ?? at,
        updatedAt: at,
      };
      await withSecret(embedSecretAccount(name), secret, () => replace(saved));
      return view(saved, await storedAccounts());
    },

    async 'profiles:remove'({ name }) {
      await profiles.get(name);
      browser.forget(name);
      await vault.delete(embedSecretAccount(name));
      await vault.delete(apiSecretAccount(name));
      await profiles.update((list) => ({ profiles: list.filter((p) => p.name !== name), result: undefined }));
      return { name };
    },

    async 'token:sign'(request) {
      const profile = await profiles.get(request.profile);
      if (!profile.baseUrl && !hasScheme(request.url)) {
        const hint = profile.name === LOCAL_DEMO ? ' The local embed host sets it for local-demo when it starts: embed-console host.' : '';
        throw new EmbedConsoleError(
          'INVALID_URL',
          `"${excerpt(request.url)}" is a path, and profile "${profile.name}" has no base URL to resolve it against; give the full URL.${hint}`,
          'url',
        );
      }
      const embed = resolveEmbedUrl(request.url, profile.baseUrl);
      const payload = buildPayload(request.claims, { clientId: profile.clientId, jti: jti(), now: now() });

      const secret = await vault.get(embedSecretAccount(profile.name));
      if (secret === null) {
        throw new EmbedConsoleError(
          'SECRET_MISSING',
          `Profile "${profile.name}" has no secret in the OS keychain; remove the profile and add it again with its embed secret.`,
          'profile',
        );
      }
      const token = signToken(payload, secret, profile.clientId);
      deps.ledger.append(payload.jti, payload.exp, `signed with profile "${profile.name}"`);
      // Saved in the background: signing does not wait for the disk (a CLI process still
      // finishes the write before it exits).
      void deps.ledger.flush().catch((error: Error) => notify(error.message));
      const url = buildEmbedUrl({
        ...embed,
        jwt: token,
        embed: 'true',
        options: { ...embed.options, ...request.options },
        controls: { ...embed.controls, ...request.controls },
      });
      if (request.remember) {
        const { claims, url: entered, options = {}, controls = {} } = request;
        await deps.history.add({ profile: profile.name, url: entered, options, controls, claims, jti: payload.jti }, now());
      }
      return { url, token, header: decodeJwt(token).header, payload, profile: profile.name };
    },

    'token:inspect': (request) => inspect(request, { profiles, vault, ledger: deps.ledger, now }),

    async 'profiles:import-env'({ text, profile, overwrite }) {
      const imported = fromQuickstartEnv(dotenv.parse(text));
      const saved = await handlers['profiles:save']({ name: profile, clientId: imported.clientId, baseUrl: imported.baseUrl, secret: imported.secret, overwrite });
      const { url, claims, options, controls } = imported;
      return { profile: saved, draft: { url, claims, options, controls } };
    },

    async 'profiles:set-api'({ name, api }) {
      const { api: current, ...profile } = await profiles.get(name);
      const account = apiSecretAccount(name);
      const updatedAt = new Date(now()).toISOString();
      browser.forget(name);
      if (api === null) {
        const saved = { ...profile, updatedAt };
        await replace(saved);
        await vault.delete(account);
        return view(saved, await storedAccounts());
      }
      const baseUrl = apiBase(api.baseUrl);
      // The stored secret is only ever sent where it was entered for: a new client id or API base
      // takes it again, so a typo (or a caller that cannot read it) cannot send it elsewhere.
      const unchanged = current?.clientId === api.clientId && current.baseUrl === baseUrl;
      if (!api.secret && !(unchanged && (await vault.get(account)) !== null)) {
        const why = current ? `a new client id or API base URL takes the REST API secret of "${name}" again` : `profile "${name}" has no REST API secret yet`;
        throw new EmbedConsoleError('SECRET_MISSING', `Enter the secret: ${why}. It is shown when the REST API credentials are created.`, 'secret');
      }
      const saved = { ...profile, api: { clientId: api.clientId, baseUrl }, updatedAt };
      await withSecret(account, api.secret, () => replace(saved));
      return view(saved, await storedAccounts());
    },

    ...browser.handlers,

    'history:list': ({ query }) => deps.history.list(query),

    async 'history:remove'({ id }) {
      return { removed: await deps.history.remove(id) };
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
  const CHANGES_PROFILES = new Set<Method>(['profiles:save', 'profiles:remove', 'profiles:import-env', 'profiles:set-api']);

  async function run<M extends Method>(method: M, request: unknown): Promise<Result<Responses[M]>> {
    const parsed = requestSchemas[method].safeParse(request);
    if (!parsed.success) return invalidRequest(method, parsed.error);
    try {
      const handler = handlers[method] as (r: unknown) => Promise<Responses[M]>;
      const answer = () => handler(parsed.data);
      return { ok: true, data: await (CHANGES_PROFILES.has(method) ? oneAtATime(answer) : answer()) };
    } catch (error) {
      if (error instanceof EmbedConsoleError) return error.toFailure();
      const reason = error instanceof Error ? error.message : String(error);
      return { ok: false, code: 'INTERNAL', message: `Unexpected error in ${method}: ${reason}. Please report it.` };
    }
  }

  return Object.fromEntries(METHODS.map((m) => [m, (request: unknown) => run(m, request)])) as EmbedConsoleApi;
}
