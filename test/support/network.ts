/** Loopback helpers for the tests of servers: ports, and whether an address answers. */
import { connect, createServer, type Server } from 'node:net';
import { networkInterfaces } from 'node:os';

/** A listener on a free 127.0.0.1 port, holding it until closed. */
export function occupyPort(): Promise<{ port: number; server: Server }> {
  const server = createServer();
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ port: (server.address() as { port: number }).port, server })));
}

/** A port nobody listens on right now. */
export async function freePort(): Promise<number> {
  const { port, server } = await occupyPort();
  await new Promise((done) => server.close(done));
  return port;
}

/** The machine's addresses other than loopback (link-local IPv6 needs a scope; left out). */
export const otherAddresses = Object.values(networkInterfaces())
  .flat()
  .filter((a) => a && !a.internal && !a.address.startsWith('fe80'))
  .map((a) => a!.address);

/** Whether a TCP connection to host:port opens. */
export function connects(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: 2000 });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}
