import os from 'node:os';
import autocannon from 'autocannon';
import { percentile } from './bench-shared';
import { cpuPerRequest, readCpu, type CpuReading } from './load-cpu';

/**
 * One load run of `npm run bench:load`: autocannon (as a library) against one route for a fixed
 * time, each request with the next user's session cookie (round robin over all users, so no user
 * comes near the per-user limit) and the next of the target's paths. Besides autocannon's own
 * counts, every response's latency is kept (autocannon's histogram has no p95) and so is its
 * Server-Timing (database and handler time the app measured), to show where the time goes.
 */
export interface LoadTarget {
  name: string;
  /** Where the server listens (loopback only). */
  baseUrl: string;
  /** Paths requested in turn. */
  paths: string[];
  /** Cookie headers requested in turn; none for a route without sessions. */
  cookies?: string[];
  /** The server process, whose CPU time per request is reported. */
  serverPid?: number;
}

export interface LoadSettings {
  connections: number;
  durationSeconds: number;
  /** A response slower than this counts as an error (a timeout). */
  timeoutSeconds: number;
  /** PostgreSQL's postmaster, whose CPU time (with its backends') per request is reported, when known. */
  postmasterPid?: number;
}

export interface Percentiles {
  p50: number;
  p95: number;
  p99: number;
}

export interface LoadResult extends Percentiles {
  target: string;
  path: string;
  connections: number;
  durationSeconds: number;
  requests: number;
  requestsPerSecond: number;
  max: number;
  non2xx: number;
  /** Connection errors and timeouts. */
  errors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
  /** The 1-, 5- and 15-minute load averages as the run began: how busy the shared machine already was. */
  loadAverageAtStart: number[];
  /** The app's own Server-Timing of the responses (ms), when it sends one. */
  serverTiming: { db: Percentiles; handler: Percentiles } | null;
  /** CPU milliseconds per request in the server, in PostgreSQL and in autocannon: where the cores went. */
  cpuMsPerRequest: CpuReading;
  /** When the run began and ended on the machine's monotonic clock (µs), the clock of a server's CPU profile. */
  window: { startMicros: number; endMicros: number };
}

const ms = (values: number[]): Percentiles => ({ p50: percentile(values, 50), p95: percentile(values, 95), p99: percentile(values, 99) });

function timingOf(header: string | undefined, metric: string): number | null {
  const match = header?.match(new RegExp(`(?:^|,)\\s*${metric};[^,]*dur=([\\d.]+)`));
  return match ? Number(match[1]) : null;
}

/** The app's Server-Timing (`db;desc="database";dur=…, handler;desc="total";dur=…`) in ms, or null without one. */
export function serverTimingOf(header: string | null | undefined): { db: number; handler: number } | null {
  const db = timingOf(header ?? undefined, 'db');
  const handler = timingOf(header ?? undefined, 'handler');
  return db === null || handler === null ? null : { db, handler };
}

export async function runLoad(target: LoadTarget, settings: LoadSettings): Promise<LoadResult> {
  const latencies: number[] = [];
  const db: number[] = [];
  const handler: number[] = [];
  let sent = 0;
  const loadAverageAtStart = os.loadavg().map((value) => Math.round(value * 100) / 100);
  const options: autocannon.Options = {
    url: target.baseUrl,
    connections: settings.connections,
    duration: settings.durationSeconds,
    timeout: settings.timeoutSeconds,
    requests: [
      {
        method: 'GET',
        setupRequest: (request) => {
          const turn = sent++;
          request.path = target.paths[turn % target.paths.length]!;
          const cookie = target.cookies?.[turn % target.cookies.length];
          // What a browser's fetch sends: the server compresses its answer, as it would for the dashboard.
          request.headers = { ...request.headers, 'accept-encoding': 'gzip, deflate, br', ...(cookie && { cookie }) };
          return request;
        },
        onResponse: (_status, _body, _context, headers) => {
          const header = Object.entries(headers ?? {}).find(([name]) => name.toLowerCase() === 'server-timing')?.[1];
          const value = Array.isArray(header) ? header.join(',') : header;
          const timing = serverTimingOf(value);
          if (timing) {
            db.push(timing.db);
            handler.push(timing.handler);
          }
        },
      },
    ],
  };
  const cpuBefore = readCpu(target.serverPid, settings.postmasterPid);
  const startMicros = Number(process.hrtime.bigint() / 1000n);
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(options, (error, done) => (error ? reject(error as Error) : resolve(done)));
    instance.on('response', (_client, _status, _bytes, responseTime) => latencies.push(responseTime));
  });
  const endMicros = Number(process.hrtime.bigint() / 1000n);
  const cpuMsPerRequest = cpuPerRequest(cpuBefore, readCpu(target.serverPid, settings.postmasterPid), latencies.length);
  const statusCodes = Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([code, stat]) => [code, Number(stat.count)]));
  return {
    target: target.name,
    path: target.paths[0]!,
    connections: settings.connections,
    durationSeconds: result.duration,
    requests: latencies.length,
    requestsPerSecond: latencies.length / result.duration,
    ...(latencies.length ? ms(latencies) : { p50: NaN, p95: NaN, p99: NaN }),
    max: latencies.length ? latencies.reduce((most, value) => Math.max(most, value), 0) : NaN,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    statusCodes,
    loadAverageAtStart,
    serverTiming: handler.length ? { db: ms(db), handler: ms(handler) } : null,
    cpuMsPerRequest,
    window: { startMicros, endMicros },
  };
}
