// Your app and the local embed host, started for the tests; Chromium sends Sigma's host names to
// the host's HTTPS port. Run from your project with: npx playwright test
import { defineConfig } from '@playwright/test';

const HTTPS_PORT = Number(process.env.SIGMA_DOUBLE_PORT ?? 8443);
const APP_PORT = Number(process.env.APP_PORT ?? 3000);
// On your PATH after `npm link` in the Embed Console folder.
const EMBED_CONSOLE = process.env.EMBED_CONSOLE ?? 'embed-console';

export default defineConfig({
  testDir: '.',
  webServer: [
    {
      command: `${EMBED_CONSOLE} host --https-port ${HTTPS_PORT}`,
      url: `https://127.0.0.1:${HTTPS_PORT}/__host/health`,
      ignoreHTTPSErrors: true,
    },
    { command: 'node app.mjs', url: `http://127.0.0.1:${APP_PORT}/` },
  ],
  use: {
    baseURL: `http://127.0.0.1:${APP_PORT}`,
    // The certificate is the host's own: trust it (or pass the SPKI switch `embed-console host --https` prints).
    ignoreHTTPSErrors: true,
    launchOptions: {
      args: [`--host-resolver-rules=MAP *.sigmacomputing.com 127.0.0.1:${HTTPS_PORT}, MAP *.sigmacomputing.io 127.0.0.1:${HTTPS_PORT}`],
      executablePath: process.env.CHROMIUM_PATH,
    },
  },
});
