/** The local embed host as the CLI and the app start it: on the user's home, with its own jti ledger. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Home } from '../core/home';
import { HOST_LEDGER, JtiLedger } from '../core/ledger';
import { pointLocalDemoAt } from '../core/local-demo';
import { DEMO_ORG } from './demo-org';
import { startEmbedHost, type EmbedHost } from './server';
import { hostCertificate, type HostCertificate } from './tls';

/** The page script is bundled next to the code that serves it (scripts/build.mjs). */
const PAGE_SCRIPT = new URL('./embed-page.js', import.meta.url);

export interface HostPorts {
  port?: number;
  /** Serve HTTPS too, on this port (0: a free one), with the certificate kept in the data dir. */
  httpsPort?: number;
}

export type RunningHost = EmbedHost & { certificate?: HostCertificate };

export async function runEmbedHost(home: Home, ports: HostPorts = {}): Promise<RunningHost> {
  const certificate = ports.httpsPort === undefined ? undefined : await hostCertificate(home.dataDir);
  const ledger = await JtiLedger.open(join(home.dataDir, HOST_LEDGER), { source: 'local embed host', use: 'loaded', notify: home.notify });
  const host = await startEmbedHost({
    keys: home.hostKeys,
    ledger,
    now: Date.now,
    pageScript: readFileSync(PAGE_SCRIPT, 'utf8'),
    port: ports.port,
    tls: certificate && { key: certificate.key, cert: certificate.cert, port: ports.httpsPort },
    notify: home.notify,
  });
  await pointLocalDemoAt(home.core, home.notify, { embed: `${host.url}/${DEMO_ORG}`, api: host.url });
  return { ...host, certificate };
}
