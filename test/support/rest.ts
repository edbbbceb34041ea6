/**
 * Sigma's REST API for tests: the local embed host's, in this process on a real port, over a
 * throwaway home with the real keychain; and a recorder of what a client sends and gets.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { openHome, type Home } from '../../main/core/home';
import { HOST_LEDGER, JtiLedger } from '../../main/core/ledger';
import { startEmbedHost, type EmbedHost } from '../../main/host/server';

/** A local embed host on `home`, its REST API tokens lasting `apiTokenSeconds`. */
export function startRestHost(home: Home, options: { port?: number; apiTokenSeconds?: number } = {}): Promise<EmbedHost> {
  return startEmbedHost({
    keys: home.hostKeys,
    ledger: new JtiLedger(join(home.dataDir, HOST_LEDGER), { source: 'test host', use: 'loaded' }),
    now: Date.now,
    pageScript: '',
    ...options,
  });
}

export function testHome(dir: string): Home {
  return openHome({ EMBED_CONSOLE_HOME: dir }, { notify: () => {} });
}

export interface Exchange {
  method: string;
  /** Path and query. */
  path: string;
  status: number;
  /** What a form body said its grant type was. */
  grant?: string;
  authorization?: string;
  /** The response body. */
  answer: string;
  /** Everything sent and received but the authorization header, for "the secret is nowhere else" checks. */
  text: string;
}

/** A real fetch that records each exchange. */
export function recordingFetch(): { fetch: typeof fetch; exchanges: Exchange[] } {
  const exchanges: Exchange[] = [];
  const recording: typeof fetch = async (input, init) => {
    const url = new URL(String(input));
    const response = await fetch(input, init);
    const body = typeof init?.body === 'string' ? init.body : '';
    const headers = new Headers(init?.headers);
    const authorization = headers.get('authorization') ?? undefined;
    headers.delete('authorization');
    const answer = await response.clone().text();
    exchanges.push({
      method: init?.method ?? 'GET',
      path: url.pathname + url.search,
      status: response.status,
      grant: new URLSearchParams(body).get('grant_type') ?? undefined,
      authorization,
      answer,
      text: [url.href, ...headers, body, ...response.headers, answer].join('\n'),
    });
    return response;
  };
  return { fetch: recording, exchanges };
}

/** A stand-in for Sigma that answers as `answer` says: the errors the local host has no reason to give. */
export async function standIn(answer: (method: string, path: string) => { status: number; body: string; type?: string; hangUp?: boolean }) {
  const server = createServer((req, res) => {
    req.resume();
    const { status, body, type = 'application/json', hangUp } = answer(req.method ?? 'GET', (req.url ?? '/').split('?')[0]);
    res.writeHead(status, { 'content-type': type, 'content-length': String(body.length + (hangUp ? 100 : 0)) });
    // A connection lost halfway through the answer: half a body, then nothing.
    if (hangUp) res.write(body, () => res.destroy());
    else res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
