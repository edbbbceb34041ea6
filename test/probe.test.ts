/** The probe of an embed's origin (main/core/probe.ts), against real servers and real failures: never with the token. */
import { createServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import selfsigned from 'selfsigned';
import { afterAll, describe, expect, it } from 'vitest';
import { framingRefusal, probe, probeAddress } from '../main/core/probe';
import { freePort } from './support/network';

const servers: Server[] = [];
async function serve(handle: Parameters<typeof createServer>[1]): Promise<{ origin: string; urls: string[] }> {
  const urls: string[] = [];
  const server = createServer((request, response) => {
    urls.push(request.url ?? '');
    handle!(request, response);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { origin: `http://127.0.0.1:${(server.address() as { port: number }).port}`, urls };
}
afterAll(() => {
  for (const server of servers) {
    server.closeAllConnections();
    server.close();
  }
});

describe('the probe of an embed origin', () => {
  it('asks for the page alone: the query (with the :jwt) and the fragment are dropped', async () => {
    expect(probeAddress('https://app.sigmacomputing.com/acme/workbook/x?:jwt=eyJ.a.b&:embed=true#top').href).toBe(
      'https://app.sigmacomputing.com/acme/workbook/x',
    );
    const { origin, urls } = await serve((_q, r) => r.end('ok'));
    expect(await probe(`${origin}/acme/workbook/x?:jwt=secret-token&:embed=true`)).toEqual({ reachable: true });
    expect(urls).toEqual(['/acme/workbook/x']);
  });

  it('says nothing answers at a port with nothing listening', async () => {
    const port = await freePort();
    expect(await probe(`http://127.0.0.1:${port}/a`)).toEqual({
      reachable: false,
      reason: `Nothing answers at 127.0.0.1:${port} (connection refused). Is the server running?`,
    });
  });

  it('says a name that does not resolve does not resolve', async () => {
    const result = await probe('https://nowhere.invalid/acme/workbook/x?:jwt=t');
    expect(result.reachable).toBe(false);
    expect(!result.reachable && result.reason).toMatch(/^The name nowhere\.invalid does not resolve \(DNS: (ENOTFOUND|EAI_AGAIN)\)/);
  });

  it('says a server that accepts and never answers sent nothing back', async () => {
    const { origin } = await serve(() => {});
    expect(await probe(`${origin}/a`)).toEqual({
      reachable: false,
      reason: `${new URL(origin).host} accepted the connection but sent nothing back within 3 s.`,
    });
  });

  it('says a certificate this machine does not trust failed the TLS check', async () => {
    const pems = await selfsigned.generate([{ name: 'commonName', value: 'untrusted.test' }], { keyType: 'ec', algorithm: 'sha256' });
    const server = createHttpsServer({ key: pems.private, cert: pems.cert }, (_q, r) => r.end('ok'));
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const host = `127.0.0.1:${(server.address() as { port: number }).port}`;
    const result = await probe(`https://${host}/a`);
    expect(!result.reachable && result.reason).toMatch(
      new RegExp(`^${host.replace(/\./g, '\\.')} failed the TLS check \\([A-Z_]+\\): its certificate is not one this machine trusts\\.$`),
    );
  });

  it('reads the headers that forbid framing', async () => {
    const { origin } = await serve((_q, r) => r.writeHead(200, { 'x-frame-options': 'sameorigin' }).end());
    expect(await probe(`${origin}/a`)).toEqual({ reachable: true, framing: 'The page forbids being framed by other sites (X-Frame-Options: SAMEORIGIN).' });
    const csp = (value: string) => framingRefusal(new Headers({ 'content-security-policy': value }));
    expect(csp("default-src 'self'; frame-ancestors 'none'")).toBe("The page forbids being framed (Content-Security-Policy: frame-ancestors 'none').");
    expect(csp('frame-ancestors https://acme.example')).toBe('The page lets only https://acme.example frame it (Content-Security-Policy: frame-ancestors).');
    expect(csp('frame-ancestors *')).toBeUndefined();
    expect(csp("default-src 'self'")).toBeUndefined();
    expect(framingRefusal(new Headers())).toBeUndefined();
  });

  it('refuses what is not an http(s) URL, saying so', () => {
    expect(() => probeAddress('file:///etc/passwd')).toThrow('is not an http(s) URL.');
    expect(() => probeAddress('not a url')).toThrow('is not a URL the preview could have loaded.');
  });
});
