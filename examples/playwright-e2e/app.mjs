// A stand-in for your own app: a server that signs Sigma embed URLs (the secret stays here) and a
// page that embeds one with Sigma's SDK. Point SIGMA_BASE_URL at your org in production; in the
// end-to-end tests it stays https://app.sigmacomputing.com/demo, which the local embed host answers.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import jwt from 'jsonwebtoken';

const { EMBED_CLIENT_ID, EMBED_SECRET, SIGMA_BASE_URL = 'https://app.sigmacomputing.com/demo', APP_PORT = '3000' } = process.env;
if (!EMBED_CLIENT_ID || !EMBED_SECRET) throw new Error('Set EMBED_CLIENT_ID and EMBED_SECRET.');

const require = createRequire(import.meta.url);
const sdk = readFileSync(require.resolve('@sigmacomputing/embed-sdk').replace(/index\.js$/, 'index.mjs'), 'utf8');

function embedUrl() {
  const iat = Math.floor(Date.now() / 1000);
  const token = jwt.sign(
    { sub: 'ana@example.com', jti: randomUUID(), iat, exp: iat + 3600, iss: EMBED_CLIENT_ID, account_type: 'Viewer', teams: ['Sales'] },
    EMBED_SECRET,
    {
      algorithm: 'HS256',
      keyid: EMBED_CLIENT_ID,
    },
  );
  return `${SIGMA_BASE_URL}/workbook/Sales-Performance-3kQ7vN2pXb9sLm4Tz8Rw1c?:jwt=${token}&:embed=true`;
}

const page = `<!doctype html>
<title>Acme Analytics</title>
<p>Status: <output id="status">loading</output> · Region: <output id="region">all</output></p>
<button id="west">Show West</button>
<iframe id="sigma" title="Sales" style="width: 100%; height: 600px"></iframe>
<script type="module">
  import { workbookLoadedListener, workbookErrorListener, workbookVariableChangeListener, workbookVariablesUpdate } from '/sdk.mjs';
  const iframe = document.getElementById('sigma');
  const show = (id, text) => (document.getElementById(id).textContent = text);
  window.addEventListener('message', (event) => {
    workbookLoadedListener(event, iframe, () => show('status', 'loaded'));
    workbookErrorListener(event, iframe, (error) => show('status', 'error ' + error.code));
    workbookVariableChangeListener(event, iframe, (change) => show('region', change.workbook.variables.Region || 'all'));
  });
  document.getElementById('west').addEventListener('click', () => workbookVariablesUpdate(iframe, { Region: 'West' }));
  iframe.src = (await (await fetch('/api/embed-url')).json()).url;
</script>`;

createServer((req, res) => {
  const [type, body] =
    req.url === '/api/embed-url'
      ? ['application/json', JSON.stringify({ url: embedUrl() })]
      : req.url === '/sdk.mjs'
        ? ['text/javascript', sdk]
        : ['text/html', page];
  res.writeHead(200, { 'content-type': type });
  res.end(body);
}).listen(Number(APP_PORT), '127.0.0.1');
