/**
 * The current embed as code: for a backend, Node (jsonwebtoken, `keyid` for the kid header, served
 * on SIGNED_URL_PATH), Python (PyJWT, `headers={"kid": ...}`) and a plain URL template; for the
 * page that embeds it, React and plain JS (host-snippets.ts). A snippet reads the secret from an
 * environment variable and never contains it: only the client id, the claims and the URL.
 */
import { DEFAULT_SESSION_SECONDS, checkClaims, claimsToSend, payloadOf, type ClaimsInput } from './claims';
import { EmbedConsoleError } from './errors';
import { HOST_SNIPPET_LANGUAGES, SIGNED_URL_PATH, hostSnippet, isHostLanguage } from './host-snippets';
import { buildEmbedUrl, type EmbedUrl } from './target';

export const SECRET_VARIABLE = 'SIGMA_EMBED_SECRET';
export const SERVER_SNIPPET_LANGUAGES = ['node', 'python', 'url'] as const;
export const SNIPPET_LANGUAGES = [...SERVER_SNIPPET_LANGUAGES, ...HOST_SNIPPET_LANGUAGES] as const;
export type SnippetLanguage = (typeof SNIPPET_LANGUAGES)[number];

const TOKEN = '__TOKEN__';

export interface SnippetInput {
  clientId: string;
  claims: ClaimsInput;
  /** The target with its options and control values (no token). */
  embed: Omit<EmbedUrl, 'jwt' | 'embed'>;
}

/** The signed URL around its token: what comes before the token, and after it. */
function urlAround(embed: SnippetInput['embed']): [string, string] {
  const url = buildEmbedUrl({ ...embed, jwt: TOKEN, embed: 'true' });
  const at = url.indexOf(TOKEN);
  return [url.slice(0, at), url.slice(at + TOKEN.length)];
}

/** The claims the snippet sends as they are; it computes iss, jti, iat and exp itself. */
function fixedClaims(input: SnippetInput): Record<string, unknown> {
  const { iss: _iss, jti: _jti, iat: _iat, exp: _exp, ...rest } = payloadOf(claimsToSend(input.claims), { clientId: input.clientId, jti: '', now: 0 });
  return rest;
}

function node(input: SnippetInput, session: number): string {
  const [before, after] = urlAround(input.embed);
  return `// Signs Sigma embed URLs like the one crafted in Embed Console, a fresh one for each
// GET ${SIGNED_URL_PATH}: the page that embeds fetches it there. npm install jsonwebtoken
const http = require('node:http');
const { randomUUID } = require('node:crypto');
const jwt = require('jsonwebtoken');

const CLIENT_ID = ${JSON.stringify(input.clientId)};
// The embed secret comes from the environment; never put it in code.
const SECRET = process.env.${SECRET_VARIABLE};
if (!SECRET) throw new Error('Set ${SECRET_VARIABLE} to the embed secret.');

function signedEmbedUrl() {
  const iat = Math.floor(Date.now() / 1000);
  const claims = ${JSON.stringify(fixedClaims(input), null, 2).replace(/\n/g, '\n  ')};
  const token = jwt.sign(
    { ...claims, iss: CLIENT_ID, jti: randomUUID(), iat, exp: iat + ${session} },
    SECRET,
    { algorithm: 'HS256', keyid: CLIENT_ID }, // keyid puts the client id in the header's kid
  );
  return ${JSON.stringify(before)} + encodeURIComponent(token) + ${JSON.stringify(after)};
}

// In your app, serve this route behind your own login and take the claims from the signed-in user.
const server = http.createServer((request, response) => {
  if (request.method !== 'GET' || request.url.split('?')[0] !== '${SIGNED_URL_PATH}') {
    response.writeHead(404).end();
    return;
  }
  // A signed URL works once: no cache may keep it.
  response.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
  response.end(JSON.stringify({ url: signedEmbedUrl() }));
});
server.listen(Number(process.env.PORT ?? 3000), 'localhost', () => {
  console.log(\`Signed embed URLs at http://localhost:\${server.address().port}${SIGNED_URL_PATH}\`);
});
`;
}

function python(input: SnippetInput, session: number): string {
  const [before, after] = urlAround(input.embed);
  // Claims are strings, lists and maps of strings: their JSON is a Python literal too.
  const claims = JSON.stringify(fixedClaims(input), null, 4);
  return `# Signs a Sigma embed URL like the one crafted in Embed Console. pip install PyJWT
import os
import time
import uuid

import jwt

CLIENT_ID = ${JSON.stringify(input.clientId)}
# The embed secret comes from the environment; never put it in code.
SECRET = os.environ["${SECRET_VARIABLE}"]


def signed_embed_url() -> str:
    iat = int(time.time())
    claims = ${claims.replace(/\n/g, '\n    ')}
    payload = {**claims, "iss": CLIENT_ID, "jti": str(uuid.uuid4()), "iat": iat, "exp": iat + ${session}}
    token = jwt.encode(payload, SECRET, algorithm="HS256", headers={"kid": CLIENT_ID})
    return ${JSON.stringify(before)} + token + ${JSON.stringify(after)}


print(signed_embed_url())
`;
}

export function snippet(language: SnippetLanguage, input: SnippetInput): string {
  if (isHostLanguage(language)) return hostSnippet(language, input.embed);
  const session = input.claims.sessionLength ?? DEFAULT_SESSION_SECONDS;
  // The export gate (renderer/gate.ts) blocks claims with errors; code with exp: iat + NaN is never written.
  const problem = checkClaims(input.claims).find((issue) => issue.field === 'sessionLength');
  if (problem) throw new EmbedConsoleError('INVALID_CLAIMS', problem.message, 'sessionLength');
  if (language === 'node') return node(input, session);
  if (language === 'python') return python(input, session);
  const [before, after] = urlAround(input.embed);
  return `${before}{token}${after}\n`;
}
