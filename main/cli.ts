/**
 * The embed-console command line: the core's contract, for scripts and CI. Output that scripts
 * read goes to stdout alone; errors are one line on stderr. Exit codes: 0 success, 1 failure,
 * 2 usage.
 */
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import type { ClaimsInput } from '../shared/claims';
import { excerpt, reasonOf, type Result } from '../shared/errors';
import { MIN_PASSPHRASE, describeSecret, storeName, type SecretPlace, type SecretsStatus } from '../shared/secrets';
import { MAX_INSPECT_INPUT, type ProfileView } from '../shared/api';
import { PASSPHRASE_VARIABLE } from './core/home';
import type { AskPassphrase } from './core/vault-file';
import { startHostSession, startSession, type Session } from './startup';
import { testDoubleSettings } from './host/tls';
import { runBrowserMode } from './web/run';
import { API_REGIONS, MAX_LISTING, type Listing, type MemberEntry, type WorkbookEntry } from '../shared/sigma-rest';
import { formatReport } from './inspect-report';
import { REPORTERS, type TestFlags } from './suite/flags';
import { visible, visibleLines } from '../shared/visible';

const NAME = 'embed-console';

/**
 * Every line the CLI prints goes through here: names, values and messages may come from a token,
 * a URL, a .env or a server, so control and bidi characters are shown as escapes (shared/visible.ts).
 * Line breaks are the printer's own; a value that must stay one line is made visible() on its own.
 */
const print = (text: string) => console.log(visibleLines(text));
const printError = (text: string) => console.error(visibleLines(text));

/** Thrown for what the user must fix; carries the exit code. */
class CliExit extends Error {
  constructor(
    message: string,
    readonly exitCode: 1 | 2,
  ) {
    super(message);
  }
}

/** Resolves when the user stops the process (Ctrl-C) or something asks it to end. */
const untilStopped = () => new Promise((stop) => ['SIGINT', 'SIGTERM'].forEach((signal) => process.once(signal, stop)));

/**
 * A server's start, with a busy port told as the user's to fix: `ports` names each port asked
 * for by its flag, so a port in use is named with the flag that chose it.
 */
function listening<T>(start: Promise<T>, ports: Record<string, number | undefined>): Promise<T> {
  return start.catch((error: NodeJS.ErrnoException & { port?: number }) => {
    if (error.code !== 'EADDRINUSE') throw error;
    const [flag] = Object.entries(ports).find(([, chosen]) => chosen === error.port) ?? ['--port'];
    throw new CliExit(`Port ${error.port} is in use; choose another with ${flag}, or leave it out for a free one.`, 1);
  });
}

function unwrap<T>(result: Result<T>): T {
  if (!result.ok) throw new CliExit(result.message, 1);
  return result.data;
}

const collect = (value: string, previous: string[]) => [...previous, value];

/** Reads "key=value"; `what` names the flag in the message. */
function keyValue(what: string) {
  return (value: string, previous: Array<[string, string]>): Array<[string, string]> => {
    const eq = value.indexOf('=');
    if (eq < 1) throw new InvalidArgumentError(`${what} takes key=value, e.g. ${what} region=West; got "${excerpt(value)}".`);
    return [...previous, [value.slice(0, eq), value.slice(eq + 1)]];
  };
}

function port(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) > 65_535) throw new InvalidArgumentError('It takes 0-65535 (0: a free one).');
  return Number(value);
}

function count(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new InvalidArgumentError(`It takes a whole number, at least 1; got "${excerpt(value)}".`);
  return Number(value);
}

/** --shard i/n, as Playwright takes it. */
function shard(value: string): { index: number; total: number } {
  const [, index, total] = /^(\d+)\/(\d+)$/.exec(value)?.map(Number) ?? [];
  if (!index || !total || index > total) throw new InvalidArgumentError(`It takes i/n with 1 <= i <= n, e.g. --shard 2/3; got "${excerpt(value)}".`);
  return { index, total };
}

function seconds(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError(`--session-length takes whole seconds, e.g. 3600; got "${excerpt(value)}".`);
  return Number(value);
}

/** All of standard input, or a usage error past `max` characters, saying what was expected. */
async function readStdin(max: number, expected: string): Promise<string> {
  let text = '';
  for await (const chunk of process.stdin) {
    text += chunk;
    if (text.length > max) throw new CliExit(`Standard input is over ${max} characters; ${expected}.`, 2);
  }
  return text;
}

/** A hidden prompt on the terminal, its question on stderr so stdout stays the command's output. */
async function hiddenPrompt(message: string): Promise<string> {
  const { default: password } = await import('@inquirer/password');
  return password({ message, mask: false }, { output: process.stderr });
}

/** A secret from a hidden prompt, or from standard input; `what` names it, `example` shows how to pipe it. */
async function readSecret(what: string, profile: string, example: string): Promise<string> {
  if (process.stdin.isTTY) return hiddenPrompt(`${what[0].toUpperCase()}${what.slice(1)} for "${profile}" (hidden):`);
  const secret = (await readStdin(4096, 'a secret is far shorter: check what was piped in')).replace(/\r?\n$/, '');
  if (!secret) throw new CliExit(`No ${what} on standard input; pipe it in, e.g. ${example}.`, 1);
  return secret;
}

/** Columns padded to their widest cell, the first row a header. */
function printTable(cells: string[][]): void {
  const rows = cells.map((row) => row.map(visible));
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  for (const row of rows)
    print(
      row
        .map((cell, i) => cell.padEnd(widths[i]))
        .join('  ')
        .trimEnd(),
    );
}

/** A listing from Sigma's API: --json as the contract gives it, else a table. */
function printListing<T>(listing: Listing<T>, json: boolean | undefined, header: string[], row: (entry: T) => string[], nothing: string): void {
  if (json) print(JSON.stringify(listing, null, 2));
  else if (listing.entries.length === 0) print(nothing);
  else printTable([header, ...listing.entries.map(row)]);
  if (!listing.complete)
    printError(`${NAME}: Sigma has more than ${MAX_LISTING.toLocaleString('en')}; only the first ${MAX_LISTING.toLocaleString('en')} were fetched.`);
}

function printProfiles(profiles: ProfileView[]): void {
  if (profiles.length === 0) {
    print(`No profiles yet. Add one: ${NAME} profile add <name> --client-id <id>`);
    return;
  }
  const api = (p: ProfileView) => (p.api ? `${p.api.baseUrl} (secret ${describeSecret(p.api.secretIn, p.api.hasSecret)})` : '');
  printTable([
    ['NAME', 'CLIENT ID', 'SECRET', 'BASE URL', 'REST API'],
    ...profiles.map((p) => [p.name, p.clientId, describeSecret(p.secretIn, p.hasSecret), p.baseUrl ?? '', api(p)]),
  ]);
}

/** Secrets no profile names, on stderr: stdout stays the listing. */
function printOrphans(orphans: SecretsStatus['orphans']): void {
  if (orphans.length === 0) return;
  const list = orphans.map((o) => `${o.account} (${storeName(o.store)})`).join(', ');
  printError(
    `${orphans.length} secret${orphans.length === 1 ? '' : 's'} that no profile names, left by an interrupted save: ${list}. Remove them: ${NAME} profile prune`,
  );
}

/** Where a saved secret went, for the line after a save. */
const secretWhere = (place: SecretPlace) => ('env' in place ? `read from $${place.env} when needed, never stored` : `in ${storeName(place.store)}`);

/** --secret-env: the variable that holds the secret, named instead of storing it. */
const SECRET_ENV_HELP = 'take the secret from this environment variable each time it is needed (CI, scripts): only the name is stored';

/** Asks for the vault's passphrase at a terminal: twice, and why, when the vault is new. None where there is no terminal. */
function terminalPassphrase(why: () => Promise<string>): AskPassphrase {
  return async ({ creating, file }) => {
    if (!process.stdin.isTTY) return undefined;
    if (!creating) return hiddenPrompt(`Passphrase of the vault ${file} (hidden):`);
    printError(
      `${await why()}\nThe vault is new: choose its passphrase (at least ${MIN_PASSPHRASE} characters). Scripts can set ${PASSPHRASE_VARIABLE} instead.`,
    );
    const first = await hiddenPrompt('New vault passphrase (hidden):');
    const again = await hiddenPrompt('The same passphrase again (hidden):');
    if (first !== again) throw new CliExit('The two passphrases differ; nothing was saved. Run the command again.', 1);
    return first;
  };
}

interface SignFlags {
  profile: string;
  url: string;
  sub: string;
  accountType?: string;
  team: string[];
  firstName?: string;
  lastName?: string;
  attr: Array<[string, string]>;
  evalConnectionId?: string;
  internal?: boolean;
  sessionLength?: number;
  ver?: '1.0' | '1.1';
  param: Array<[string, string]>;
  control: Array<[string, string]>;
  oauthTokenEnv?: string;
  connectionOauthTokenEnv: Array<[string, string]>;
  json?: boolean;
}

/** An OAuth token, read from the variable a flag names: a real token never goes on the command line, where ps shows it. */
function oauthTokenFrom(env: NodeJS.ProcessEnv, name: string, flag: string): string {
  const token = env[name];
  if (!token) throw new CliExit(`${flag} names ${name}, but that environment variable is not set here; export the OAuth token in it, then run again.`, 2);
  return token;
}

function oauthRequest(flags: SignFlags, env: NodeJS.ProcessEnv) {
  const flag = '--connection-oauth-token-env';
  const connections = Object.fromEntries(flags.connectionOauthTokenEnv.map(([id, name]) => [id, oauthTokenFrom(env, name, flag)]));
  const token = flags.oauthTokenEnv === undefined ? undefined : oauthTokenFrom(env, flags.oauthTokenEnv, '--oauth-token-env');
  if (token === undefined && !flags.connectionOauthTokenEnv.length) return undefined;
  return { token, ...(flags.connectionOauthTokenEnv.length && { connections }) };
}

function signRequest(flags: SignFlags, env: NodeJS.ProcessEnv) {
  const claims: ClaimsInput = {
    sub: flags.sub,
    internal: flags.internal,
    accountType: flags.accountType,
    teams: flags.team.length ? flags.team : undefined,
    firstName: flags.firstName,
    lastName: flags.lastName,
    userAttributes: flags.attr.length ? Object.fromEntries(flags.attr) : undefined,
    evalConnectionId: flags.evalConnectionId,
    sessionLength: flags.sessionLength,
    ver: flags.ver,
  };
  const controls: Record<string, string[]> = Object.create(null);
  for (const [id, value] of flags.control) (controls[id] ??= []).push(...value.split(','));
  return { profile: flags.profile, url: flags.url, claims, options: Object.fromEntries(flags.param), controls, oauth: oauthRequest(flags, env) };
}

/** The version in package.json, beside the bundle's folder (and in the packaged app). */
function version(): string {
  try {
    return (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

export function buildProgram(env: NodeJS.ProcessEnv = process.env): Command {
  let started: Session | undefined;
  const options = {
    notify: (message: string) => printError(`${NAME}: ${message}`),
    askPassphrase: terminalPassphrase(async () => (await started?.status())?.line ?? ''),
  };
  /**
   * The session every command but host and ui runs in, started on first use. Those two serve
   * other programs: they ask no passphrase at the terminal (the app asks in its own dialog).
   */
  const session = async () => (started ??= await startSession(env, options));
  /** The contract, as each command calls it. */
  const contract = async () => (await session()).home.core;
  const program = new Command(NAME)
    .description('Sign, inspect and test Sigma Computing embed URLs.')
    .version(version(), '-V, --version', 'print the version')
    .showHelpAfterError(`(run "${NAME} --help" for usage)`)
    // Commander quotes the unknown option or bad argument as typed.
    .configureOutput({ writeErr: (text) => process.stderr.write(visibleLines(text)) })
    .exitOverride();
  const profile = program
    .command('profile')
    .description('manage embed credential profiles (secrets live in the OS keychain, the passphrase vault, or an environment variable)');

  profile
    .command('add <name>')
    .description('store an embed client id and its secret (read from stdin, or a hidden prompt)')
    .requiredOption('--client-id <id>', 'the embed client id (becomes the token kid and iss)')
    .option('--base-url <url>', "the org's Sigma app URL, e.g. https://app.sigmacomputing.com/acme")
    .option('--secret-env <NAME>', SECRET_ENV_HELP)
    .action(async (name: string, flags: { clientId: string; baseUrl?: string; secretEnv?: string }) => {
      const secret = flags.secretEnv
        ? undefined
        : await readSecret('embed secret', name, `printf %s "$SIGMA_EMBED_SECRET" | ${NAME} profile add ${name} --client-id <id>`);
      const saved = unwrap(
        await (await contract())['profiles:save']({ name, clientId: flags.clientId, baseUrl: flags.baseUrl, secret, secretEnv: flags.secretEnv }),
      );
      print(`Saved profile "${saved.name}" (client id ${saved.clientId}); its secret is ${secretWhere(saved.secretIn)}.`);
    });

  profile
    .command('list')
    .description('list profiles, where their secrets are, and secrets no profile names')
    .option('--json', 'print an array of {name, clientId, secretIn, hasSecret, ...}')
    .action(async (flags: { json?: boolean }) => {
      const status = await (await session()).status();
      printError(status.line);
      const profiles = unwrap(await (await contract())['profiles:list']({}));
      if (flags.json) print(JSON.stringify(profiles, null, 2));
      else printProfiles(profiles);
      printOrphans(status.orphans);
    });

  profile
    .command('prune')
    .description('remove secrets that no profile names (left by an interrupted save)')
    .action(async () => {
      const { removed } = unwrap(await (await contract())['profiles:prune']({}));
      if (removed.length === 0) print('No secrets to remove: every stored secret belongs to a profile.');
      else
        print(
          `Removed ${removed.length} secret${removed.length === 1 ? '' : 's'} no profile named: ${removed.map((o) => `${o.account} (${storeName(o.store)})`).join(', ')}.`,
        );
    });

  profile
    .command('api <name>')
    .description("store a profile's REST API credentials, to browse its org's content (the secret is read like an embed secret)")
    .option('--client-id <id>', 'the REST API client id')
    .addOption(new Option('--region <region>', "the org's cloud, for its API base URL").choices(API_REGIONS.map((r) => r.id)).conflicts('apiUrl'))
    .option('--api-url <url>', 'a custom API base URL instead of a region')
    .option('--secret-env <NAME>', SECRET_ENV_HELP)
    .option('--remove', 'remove the REST API credentials and their stored secret')
    .action(async (name: string, flags: { clientId?: string; region?: string; apiUrl?: string; secretEnv?: string; remove?: boolean }) => {
      if (flags.remove) {
        unwrap(await (await contract())['profiles:set-api']({ name, api: null }));
        print(`Removed the REST API credentials of "${name}".`);
        return;
      }
      const baseUrl = flags.apiUrl ?? API_REGIONS.find((r) => r.id === flags.region)?.url;
      if (!flags.clientId || !baseUrl) {
        throw new CliExit(`Give the REST API --client-id, and --region (${API_REGIONS.map((r) => r.id).join(', ')}) or --api-url; or --remove.`, 2);
      }
      // Before asking for a secret: there must be a profile to keep it for.
      if (!unwrap(await (await contract())['profiles:list']({})).some((p) => p.name === name)) {
        throw new CliExit(`No profile named "${name}"; list them with "${NAME} profile list" or add one with "${NAME} profile add".`, 1);
      }
      const secret = flags.secretEnv
        ? undefined
        : await readSecret('REST API secret', name, `printf %s "$SIGMA_API_SECRET" | ${NAME} profile api ${name} --client-id <id> --region <region>`);
      const saved = unwrap(
        await (await contract())['profiles:set-api']({ name, api: { clientId: flags.clientId, baseUrl, secret, secretEnv: flags.secretEnv } }),
      );
      const api = saved.api!;
      print(`Saved the REST API credentials of "${name}" (client id ${api.clientId}, ${api.baseUrl}); the secret is ${secretWhere(api.secretIn)}.`);
      printError(`Browse the org: ${NAME} api workbooks --profile ${name}`);
    });

  profile
    .command('remove <name>')
    .description('remove a profile and its stored secrets')
    .action(async (name: string) => {
      const { secretsIn } = unwrap(await (await contract())['profiles:remove']({ name }));
      const stored = [...new Set(secretsIn.flatMap((p) => ('store' in p ? [storeName(p.store)] : [])))];
      const variables = secretsIn.flatMap((p) => ('env' in p ? [`$${p.env}`] : []));
      const parts = [stored.length && `its secrets from ${stored.join(' and ')}`, variables.length && `(${variables.join(', ')} left as they are)`].filter(
        Boolean,
      );
      print(`Removed profile "${name}"${parts.length ? ` and ${parts.join(' ')}` : ''}.`);
    });

  program
    .command('sign')
    .description('print a signed embed URL')
    .requiredOption('--profile <name>', 'the profile whose secret signs')
    .requiredOption('--url <url>', 'workbook, page, element or tag URL (or a path under the profile base URL)')
    .requiredOption('--sub <email>', 'the email of the user to sign in')
    .option('--account-type <type>', 'account type of an external user, e.g. View, Creator')
    .option('--team <team>', 'a team of an external user (repeatable)', collect, [])
    .option('--first-name <name>', 'first name of an external user')
    .option('--last-name <name>', 'last name of an external user')
    .option('--attr <key=value>', 'a user attribute (repeatable)', keyValue('--attr'), [])
    .option('--eval-connection-id <id>', 'evaluate against this connection')
    .option('--internal', 'the user has a Sigma account: send no external-user claims')
    .option('--session-length <seconds>', 'seconds until exp, at most 2592000 (30 days)', seconds)
    .addOption(new Option('--ver <version>', 'token version; 1.1 adds aud').choices(['1.0', '1.1']))
    .option('--param <:option=value>', 'a URL option such as :theme=Dark (repeatable)', keyValue('--param'), [])
    .option('--control <controlId=value>', 'a control value; commas separate values (repeatable)', keyValue('--control'), [])
    .option('--oauth-token-env <NAME>', "send oauth_token: the OAuth token in this environment variable, encrypted with the profile's secret (needs --ver 1.1)")
    .option(
      '--connection-oauth-token-env <connectionId=NAME>',
      'add to connection_oauth_tokens: the OAuth token for that connection, from that environment variable (repeatable; needs --ver 1.1)',
      keyValue('--connection-oauth-token-env'),
      [],
    )
    .option('--json', 'print {url, token, header, payload, profile}')
    .action(async (flags: SignFlags) => {
      const signed = unwrap(await (await contract())['token:sign'](signRequest(flags, env)));
      print(flags.json ? JSON.stringify(signed, null, 2) : signed.url);
    });

  const api = program.command('api').description("browse the org's content with a profile's REST API credentials (see: profile api)");
  /** A subcommand of api; all take --profile and --json. */
  const apiCommand = (usage: string, description: string) =>
    api
      .command(usage)
      .description(description)
      .requiredOption('--profile <name>', 'the profile whose REST API credentials to use')
      .option('--json', "print {entries, complete} as Sigma's API gives the entries");

  apiCommand('workbooks', 'list workbooks (and their tags)')
    .option('--search <text>', 'only workbooks whose name contains this')
    .action(async (flags: { profile: string; search?: string; json?: boolean }) => {
      const listing = unwrap(await (await contract())['api:workbooks']({ profile: flags.profile, search: flags.search }));
      const tags = (w: WorkbookEntry) => (w.tags ?? []).map((t) => t.name).join(',');
      printListing(listing, flags.json, ['NAME', 'WORKBOOK ID', 'TAGS', 'URL'], (w) => [w.name, w.workbookId, tags(w), w.url], 'No workbooks found.');
    });
  apiCommand('pages <workbookId>', "list a workbook's pages").action(async (workbookId: string, flags: { profile: string; json?: boolean }) => {
    const listing = unwrap(await (await contract())['api:pages']({ profile: flags.profile, workbookId }));
    printListing(listing, flags.json, ['PAGE ID', 'NAME'], (p) => [p.pageId, p.name], 'No pages found.');
  });
  apiCommand('elements <workbookId> <pageId>', "list a page's elements").action(
    async (workbookId: string, pageId: string, flags: { profile: string; json?: boolean }) => {
      const listing = unwrap(await (await contract())['api:elements']({ profile: flags.profile, workbookId, pageId }));
      printListing(listing, flags.json, ['ELEMENT ID', 'TYPE', 'NAME'], (e) => [e.elementId, e.type ?? '', e.name ?? ''], 'No elements found.');
    },
  );
  apiCommand('teams', 'list teams (their names go in the teams claim)')
    .option('--search <text>', 'only teams whose name contains this')
    .action(async (flags: { profile: string; search?: string; json?: boolean }) => {
      const listing = unwrap(await (await contract())['api:teams']({ profile: flags.profile, search: flags.search }));
      printListing(listing, flags.json, ['NAME', 'TEAM ID', 'DESCRIPTION'], (t) => [t.name, t.teamId, t.description ?? ''], 'No teams found.');
    });
  apiCommand('members <search>', 'look up members by email (or part of one)').action(async (search: string, flags: { profile: string; json?: boolean }) => {
    const listing = unwrap(await (await contract())['api:members']({ profile: flags.profile, search }));
    const name = (m: MemberEntry) => [m.firstName, m.lastName].filter(Boolean).join(' ');
    printListing(listing, flags.json, ['EMAIL', 'NAME', 'TYPE', 'MEMBER ID'], (m) => [m.email, name(m), m.memberType ?? '', m.memberId], 'No members match.');
  });

  program
    .command('import-env <file>')
    .description("create a profile from the Sigma quickstart's .env (its SECRET is stored like any profile's)")
    .requiredOption('--profile <name>', 'the name of the new profile')
    .option('--secret-env <NAME>', `${SECRET_ENV_HELP}; the .env's SECRET is then not needed`)
    .action(async (file: string, flags: { profile: string; secretEnv?: string }) => {
      const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
        throw new CliExit(`Cannot read ${file} (${error.code ?? error.message}); give the path of the quickstart's .env.`, 1);
      });
      const { profile, draft } = unwrap(await (await contract())['profiles:import-env']({ text, profile: flags.profile, secretEnv: flags.secretEnv }));
      print(`Saved profile "${profile.name}" (client id ${profile.clientId}, base URL ${profile.baseUrl}); its secret is ${secretWhere(profile.secretIn)}.`);
      print(`Sign like the quickstart: ${NAME} sign --profile ${profile.name} --url ${draft.url} --sub ${draft.claims.sub || '<email>'}`);
      if (!flags.secretEnv) printError(`You can now remove SECRET from ${file}: the console keeps it ${secretWhere(profile.secretIn)}.`);
    });

  program
    .command('inspect <input>')
    .description('decode, verify and judge a token or embed URL by Sigma\'s rules ("-" reads standard input)')
    .option('--profile <name>', 'verify with this profile instead of the one whose client id is the kid')
    .option('--internal', 'the user has a Sigma account: external-user claims are errors')
    .option('--json', 'print {header, payload, signature, target, findings}')
    .action(async (input: string, flags: { profile?: string; internal?: boolean; json?: boolean }) => {
      const text = input === '-' ? await readStdin(MAX_INSPECT_INPUT, 'a token or embed URL is far smaller') : input;
      const report = unwrap(await (await contract())['token:inspect']({ input: text, profile: flags.profile, internal: flags.internal }));
      const unreadable = report.header === null;
      if (flags.json) print(JSON.stringify(report, null, 2));
      else if (unreadable) throw new CliExit(report.findings[0]?.message ?? 'No token could be read.', 2);
      else print(formatReport(report, Date.now()));
      process.exitCode = unreadable ? 2 : report.findings.some((f) => f.severity === 'error') ? 1 : 0;
    });

  program
    .command('test <suite>')
    .description('run an embed test suite (YAML): each case signed, loaded in a headless browser and checked')
    .option('--workers <n>', 'cases run at once (default: half the CPU cores, at most 4)', count)
    .option('--grep <regex>', 'only the cases whose name matches')
    .option('--shard <i/n>', 'only the i-th of n equal slices of the cases, as Playwright shards', shard)
    .addOption(new Option('--reporter <name>', 'how results are reported').choices(REPORTERS).default('pretty'))
    .option('--out <file>', 'write the report to this file instead of stdout')
    .option('--output <dir>', "where a failing case's screenshot and decoded token go", 'embed-test-results')
    .option('--browser <path>', 'the Chrome, Chromium or Edge to run (default: the installed one)')
    .action(async (file: string, flags: TestFlags) => {
      const { testCommand } = await import('./suite/command');
      process.exitCode = await testCommand(file, flags, env, { ...options, print, printError, readFile: (path) => readFile(path, 'utf8') });
    });

  program
    .command('host')
    .description('run the local embed host: a stand-in for Sigma on 127.0.0.1 that verifies tokens the way Sigma does')
    .option('--port <port>', 'the port to listen on (0 or none: a free one)', port)
    .option('--https', "also serve HTTPS, answering as Sigma's own host names: a Sigma test double for your app's end-to-end tests")
    .option('--https-port <port>', 'the HTTPS port (implies --https; 0 or none: a free one)', port)
    .action(async (flags: { port?: number; https?: boolean; httpsPort?: number }) => {
      const httpsPort = flags.httpsPort ?? (flags.https ? 0 : undefined);
      const { host, status } = await listening(startHostSession(env, { notify: options.notify, host: 'own', port: flags.port, httpsPort }), {
        '--port': flags.port,
        '--https-port': httpsPort,
      });
      printError((await status()).line);
      print(`Local embed host: ${host.url}`);
      if (host.httpsUrl && host.certificate) {
        print(`Sigma test double: ${host.httpsUrl}`);
        printError(testDoubleSettings(Number(new URL(host.httpsUrl).port), host.certificate));
      }
      printError(
        `Sign a URL for it: ${NAME} sign --profile local-demo --url workbook/Sales-Performance-3kQ7vN2pXb9sLm4Tz8Rw1c --sub you@example.com\n` +
          `Its demo workbooks are listed at ${host.url}/. Ctrl-C stops it.`,
      );
      await untilStopped();
      await host.close();
    });

  program
    .command('ui')
    .description('open the app in your browser (browser mode), with a local embed host if none runs')
    .option('--port <port>', 'the port to listen on (0 or none: a free one)', port)
    .option('--no-open', 'print the address without opening a browser')
    .action(async (flags: { port?: number; open: boolean }) => {
      const started = await startHostSession(env, { notify: options.notify, host: 'reuse' });
      printError((await started.status()).line);
      if (started.host.reused) printError(`Using the local embed host already running at ${started.host.url}.`);
      const ui = await listening(runBrowserMode(started, flags.port), { '--port': flags.port });
      print(`Embed Console: ${ui.url}`);
      if (flags.open) {
        const { default: open } = await import('open');
        await open(ui.url).catch(() => printError(`${NAME}: could not open a browser; open the address above.`));
      }
      printError('Ctrl-C stops it.');
      await untilStopped();
      await ui.close();
    });

  return program;
}

export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  try {
    await buildProgram(env).parseAsync(argv, { from: 'user' });
    return Number(process.exitCode ?? 0);
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander has printed the problem already; help and --version end here too.
      return error.exitCode === 0 ? 0 : 2;
    }
    if (error instanceof CliExit) {
      // One line, whatever was pasted into the message.
      console.error(`${NAME}: ${visible(error.message)}`);
      return error.exitCode;
    }
    if (error instanceof Error && error.name === 'ExitPromptError') {
      printError(`${NAME}: cancelled; nothing was saved.`);
      return 1;
    }
    console.error(`${NAME}: unexpected error: ${visible(reasonOf(error))}`);
    return 1;
  }
}
