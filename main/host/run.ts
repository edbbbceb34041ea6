/** The local embed host as the CLI and the app start it: on the user's home, with its own jti ledger. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Home } from '../core/home';
import { JtiLedger } from '../core/ledger';
import { pointLocalDemoAt } from '../core/local-demo';
import { DEMO_ORG } from './demo-org';
import { startEmbedHost, type EmbedHost } from './server';

/** The page script is bundled next to the code that serves it (scripts/build.mjs). */
const PAGE_SCRIPT = new URL('./embed-page.js', import.meta.url);

export async function runEmbedHost(home: Home, port = 0): Promise<EmbedHost> {
  const ledger = await JtiLedger.open(join(home.dataDir, 'host-ledger.jsonl'), { source: 'local embed host', notify: home.notify });
  const host = await startEmbedHost({
    keys: home.hostKeys,
    ledger,
    now: Date.now,
    pageScript: readFileSync(PAGE_SCRIPT, 'utf8'),
    port,
    notify: home.notify,
  });
  await pointLocalDemoAt(home.core, home.notify, { embed: `${host.url}/${DEMO_ORG}`, api: host.url });
  return host;
}
