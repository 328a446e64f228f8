import net from 'node:net';
import { createPostgresDatabase } from '@/lib/db/postgres';

/**
 * A loopback TCP proxy in front of the test PostgreSQL server, which a test can cut and
 * restore — a database outage without touching the server other tests use.
 */
export async function startTcpProxy(target: { host: string; port: number }) {
  const sockets = new Set<net.Socket>();
  let server: net.Server | null = null;
  let port = 0;

  const listen = () =>
    new Promise<void>((resolve) => {
      server = net.createServer((client) => {
        const upstream = net.connect(target.port, target.host);
        for (const socket of [client, upstream]) {
          sockets.add(socket);
          socket.on('close', () => sockets.delete(socket));
          socket.on('error', () => socket.destroy());
        }
        client.pipe(upstream).pipe(client);
      });
      server.listen(port, '127.0.0.1', () => {
        port = (server!.address() as net.AddressInfo).port;
        resolve();
      });
    });

  await listen();
  return {
    get port() {
      return port;
    },
    /** Refuse new connections and drop the open ones. */
    async cut() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server!.close(() => resolve()));
    },
    /** Accept connections again on the same port. */
    restore: listen,
  };
}

/**
 * A pool on the given PostgreSQL database that reaches it through a proxy the test can cut: the
 * same database, other tests' connections untouched. Fails fast (1 s) while cut.
 */
export async function postgresBehindProxy(databaseUrl: string) {
  const target = new URL(databaseUrl);
  const proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port) });
  const viaProxy = new URL(databaseUrl);
  viaProxy.port = String(proxy.port);
  return { proxy, db: createPostgresDatabase(viaProxy.toString(), { connectionTimeoutMillis: 1000 }) };
}
