/**
 * The local-demo profile: made on first run so the console works at once, with no Sigma
 * account, against the local embed host (embeds and REST API alike). Its secrets are random
 * throwaways that only the local embed host accepts, kept in a file of their own (secrets.ts):
 * local-demo works with no keychain and no passphrase.
 */
import { randomBytes } from 'node:crypto';
import { LOCAL_DEMO, type EmbedConsoleApi } from '../../shared/api';
import type { Result } from '../../shared/errors';
import type { SecretPlace } from '../../shared/secrets';

const newSecret = () => randomBytes(32).toString('base64url');

/** Creates local-demo (its embed base URL, if known, at a local embed host). */
export async function createLocalDemo(core: EmbedConsoleApi, notify: (message: string) => void, baseUrl?: string): Promise<void> {
  const result = await core['profiles:save']({ name: LOCAL_DEMO, clientId: `local-demo-${randomBytes(8).toString('hex')}`, secret: newSecret(), baseUrl });
  if (!result.ok && result.code !== 'PROFILE_EXISTS') notify(`Could not create the ${LOCAL_DEMO} profile: ${result.message}`);
}

/**
 * The local embed host points local-demo at itself each time it starts (its port changes): the
 * embed base URL at its demo org, the REST API credentials at its API. A secret that is not in
 * local-demo's own file (lost, or kept in the keychain by an older version) is made anew:
 * nobody else knows it anyway.
 */
export async function pointLocalDemoAt(core: EmbedConsoleApi, notify: (message: string) => void, urls: { embed: string; api: string }): Promise<void> {
  const listed = await core['profiles:list']({});
  const demo = listed.ok ? listed.data.find((p) => p.name === LOCAL_DEMO) : undefined;
  if (!demo) return;
  const failed = (what: string, result: Result<unknown>) => {
    if (!result.ok) notify(`Could not point the ${LOCAL_DEMO} profile's ${what} at the local embed host: ${result.message}`);
  };
  /** Whether a secret of local-demo's is where local-demo's belong: in its own file. */
  const ownFile = (secret: { secretIn: SecretPlace; hasSecret: boolean | null }) =>
    'store' in secret.secretIn && secret.secretIn.store === 'file' && secret.hasSecret === true;

  if (demo.baseUrl !== urls.embed || !ownFile(demo)) {
    const result = await core['profiles:save']({
      name: LOCAL_DEMO,
      clientId: demo.clientId,
      baseUrl: urls.embed,
      overwrite: true,
      ...(!ownFile(demo) && { secret: newSecret() }),
    });
    failed('embed credentials', result);
  }
  if (demo.api?.baseUrl !== urls.api || !ownFile(demo.api)) {
    const result = await core['profiles:set-api']({
      name: LOCAL_DEMO,
      api: {
        clientId: demo.api?.clientId ?? `local-demo-api-${randomBytes(8).toString('hex')}`,
        baseUrl: urls.api,
        // A new base takes the secret again (it is only sent where it was entered for); nobody else knows it.
        secret: newSecret(),
      },
    });
    failed('REST API credentials', result);
  }
}
