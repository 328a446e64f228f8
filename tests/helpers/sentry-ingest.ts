import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { parseEnvelope } from '@sentry/core';

/**
 * A stand-in for Sentry's ingest endpoint: a real HTTP server on 127.0.0.1 that takes envelopes
 * at `/api/<project>/envelope/` as Sentry does (gzip or not), keeps each one raw and parsed, and
 * answers 200 — or, in `hang` mode, never answers (an ingest that is down behind a load
 * balancer). The app is pointed at it with `dsn`.
 */
export const INGEST_PROJECT_ID = '4242';
export const INGEST_PUBLIC_KEY = 'e2epublickey';

export type SentryEvent = Record<string, unknown> & {
  event_id?: string;
  tags?: Record<string, string>;
  release?: string;
  environment?: string;
  platform?: string;
  transaction?: string;
  user?: Record<string, unknown>;
  request?: { url?: string; headers?: Record<string, string> };
  exception?: { values?: { type?: string; value?: string }[] };
  sdk?: { name?: string };
};

export interface ReceivedEnvelope {
  /** The envelope as it arrived (gunzipped): what "it does not contain X" is checked against. */
  raw: string;
  header: Record<string, unknown>;
  items: { type: string; payload: unknown }[];
  /** The request's own headers (what the sender authenticated with). */
  requestHeaders: http.IncomingHttpHeaders;
}

export interface SentryIngest {
  dsn: string;
  port: number;
  envelopes: ReceivedEnvelope[];
  /** Every request that reached the server, envelope or not, answered or not. */
  requests: number;
  /** Requests received, not answered (hang mode) and still open on the sender's side. */
  pending: number;
  mode: 'ok' | 'hang';
  events(): { event: SentryEvent; envelope: ReceivedEnvelope }[];
  waitForEvent(matches: (event: SentryEvent) => boolean, timeoutMs?: number): Promise<{ event: SentryEvent; envelope: ReceivedEnvelope }>;
  close(): Promise<void>;
}

export async function startSentryIngest(options: { mode?: 'ok' | 'hang'; port?: number } = {}): Promise<SentryIngest> {
  const waiters = new Set<() => void>();
  const held = new Set<http.ServerResponse>();
  const server = http.createServer((request, response) => {
    ingest.requests += 1;
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      if (request.method !== 'POST' || request.url?.split('?')[0] !== `/api/${INGEST_PROJECT_ID}/envelope/`) {
        response.writeHead(404).end();
        return;
      }
      const body = Buffer.concat(chunks);
      const raw = (request.headers['content-encoding'] === 'gzip' ? gunzipSync(body) : body).toString('utf8');
      const [header, items] = parseEnvelope(raw) as unknown as [Record<string, unknown>, [{ type: string }, unknown][]];
      ingest.envelopes.push({
        raw,
        header,
        items: items.map(([item, payload]) => ({ type: item.type, payload })),
        requestHeaders: request.headers,
      });
      for (const wake of waiters) wake();
      if (ingest.mode === 'hang') {
        ingest.pending += 1;
        held.add(response);
        // The sender gave up (its deadline) or the test ends: no longer pending.
        response.on('close', () => {
          if (held.delete(response)) ingest.pending -= 1;
        });
        return;
      }
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: header.event_id ?? null }));
    });
  });
  server.listen(options.port ?? 0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;

  const events = () =>
    ingest.envelopes.flatMap((envelope) =>
      envelope.items.filter((item) => item.type === 'event').map((item) => ({ event: item.payload as SentryEvent, envelope })),
    );

  const ingest: SentryIngest = {
    dsn: `http://${INGEST_PUBLIC_KEY}@127.0.0.1:${port}/${INGEST_PROJECT_ID}`,
    port,
    envelopes: [],
    requests: 0,
    pending: 0,
    mode: options.mode ?? 'ok',
    events,
    waitForEvent(matches, timeoutMs = 5000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = events().find(({ event }) => matches(event));
          if (!found) return false;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(found);
          return true;
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no matching event within ${timeoutMs} ms; received ${ingest.envelopes.length} envelope(s)`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    async close() {
      for (const response of held) response.destroy();
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
  return ingest;
}
