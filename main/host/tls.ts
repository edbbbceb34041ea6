/**
 * The local embed host's TLS certificate, so it can stand in for Sigma under Sigma's own names:
 * Sigma's SDK hears only pages served from *.sigmacomputing.com / *.sigmacomputing.io over HTTPS
 * (sigma-embed.md §5.1). Made at first use in the data dir and kept, so a browser told to trust
 * it (by its key's SPKI hash) keeps trusting it across runs.
 */
import { X509Certificate, createHash, createPrivateKey, createPublicKey } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import selfsigned from 'selfsigned';
import writeFileAtomic from 'write-file-atomic';
import { EmbedConsoleError, reasonOf } from '../../shared/errors';
import { withFileLock } from '../core/file-lock';

/** The names the certificate answers for: Sigma's, and this machine's loopback. */
const SIGMA_HOST_PATTERNS = ['*.sigmacomputing.com', '*.sigmacomputing.io'];
const NAMES = ['app.sigmacomputing.com', ...SIGMA_HOST_PATTERNS, 'sigmacomputing.com', 'sigmacomputing.io', 'localhost'];

/** Renewed this long before it expires, so a long test run never meets an expired one. */
const RENEW_MS = 30 * 24 * 3600 * 1000;
const VALID_DAYS = 825;

export interface HostCertificate {
  key: string;
  cert: string;
  /** Where the certificate is, for a user who trusts it in a browser or an OS store. */
  certFile: string;
  /** base64 SHA-256 of the key's SubjectPublicKeyInfo: Chromium's --ignore-certificate-errors-spki-list. */
  spki: string;
}

const spkiOf = (key: string) =>
  createHash('sha256')
    .update(createPublicKey(key).export({ type: 'spki', format: 'der' }))
    .digest('base64');

async function readPair(keyFile: string, certFile: string, now: number): Promise<{ key: string; cert: string } | undefined> {
  try {
    const [key, cert] = await Promise.all([readFile(keyFile, 'utf8'), readFile(certFile, 'utf8')]);
    const x509 = new X509Certificate(cert);
    const fresh = Date.parse(x509.validTo) - now > RENEW_MS;
    return fresh && x509.checkPrivateKey(createPrivateKey(key)) ? { key, cert } : undefined;
  } catch {
    // Missing, damaged or mismatched: a new pair replaces it. Nothing a user saved is lost.
    return undefined;
  }
}

async function makePair(): Promise<{ key: string; cert: string }> {
  const now = new Date();
  const pems = await selfsigned.generate([{ name: 'commonName', value: 'Embed Console local embed host' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    notBeforeDate: new Date(now.getTime() - 3600_000),
    notAfterDate: new Date(now.getTime() + VALID_DAYS * 24 * 3600_000),
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: [...NAMES.map((value) => ({ type: 2 as const, value })), { type: 7 as const, ip: '127.0.0.1' }] },
    ],
  });
  return { key: pems.private, cert: pems.cert };
}

/** The host's certificate and key, made (under a lock, as several hosts may start at once) when missing or near expiry. */
export async function hostCertificate(dataDir: string, now = Date.now()): Promise<HostCertificate> {
  const keyFile = join(dataDir, 'host-tls-key.pem');
  const certFile = join(dataDir, 'host-tls-cert.pem');
  try {
    const pair =
      (await readPair(keyFile, certFile, now)) ??
      (await withFileLock(certFile, 'local embed host certificate', async () => {
        const again = await readPair(keyFile, certFile, now);
        if (again) return again;
        const made = await makePair();
        await writeFileAtomic(keyFile, made.key, { mode: 0o600 });
        await writeFileAtomic(certFile, made.cert, { mode: 0o644 });
        return made;
      }));
    return { ...pair, certFile, spki: spkiOf(pair.key) };
  } catch (error) {
    if (error instanceof EmbedConsoleError) throw error;
    throw new EmbedConsoleError(
      'STORAGE_FAILED',
      `Could not make the local embed host's HTTPS certificate in ${dataDir} (${reasonOf(error)}). Check that the folder is writable, or set EMBED_CONSOLE_HOME to another folder.`,
      undefined,
      { cause: error },
    );
  }
}

/** The Chromium switches that send Sigma's host names to the local host and trust its certificate, and only it. */
function chromiumSwitches(httpsPort: number, spki: string): string[] {
  const rules = SIGMA_HOST_PATTERNS.map((pattern) => `MAP ${pattern} 127.0.0.1:${httpsPort}`).join(', ');
  return [`--host-resolver-rules=${rules}`, `--ignore-certificate-errors-spki-list=${spki}`];
}

/** What `embed-console host --https` prints: how to point a browser at the test double. */
export function testDoubleSettings(httpsPort: number, certificate: HostCertificate): string {
  const switches = chromiumSwitches(httpsPort, certificate.spki);
  return [
    "It answers HTTPS as any host name. To load https://app.sigmacomputing.com/demo/... from it (Sigma's SDK then works unchanged):",
    `  Chromium switches: ${switches.map((s) => s.replace(/=(.*)$/, '="$1"')).join(' ')}`,
    `  Playwright: use: { launchOptions: { args: ${JSON.stringify(switches)} } }`,
    `  Its certificate, to trust it instead of the SPKI switch: ${certificate.certFile}`,
    '  A demo workbook: https://app.sigmacomputing.com/demo/workbook/Sales-Performance-3kQ7vN2pXb9sLm4Tz8Rw1c',
  ].join('\n');
}
