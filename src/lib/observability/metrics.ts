import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * What the app measures about itself, served in Prometheus text format by GET /api/metrics.
 * Labels are closed sets the code chooses (route patterns, methods, statuses, modes, outcomes,
 * families): never an id, a name or anything a user typed, so the number of series stays
 * bounded and no personal data leaves through a scrape.
 *
 * Every API request is recorded once, by the wrapper every API response passes
 * (recordRequest): the duration histogram reads it, and so does any other reader that
 * subscribes (onRequestRecorded), such as a sliding window of recent requests.
 */
export interface RequestRecord {
  /** The route's pattern, `/api/customers/[customerId]`, never the path with its ids. */
  route: string;
  method: string;
  status: number;
  durationMs: number;
}

export interface DatabasePoolReading {
  backend: string;
  total: number;
  idle: number;
  waiting: number;
}

type RequestListener = (record: RequestRecord) => void;

/** One SLO's state as the process's evaluator last judged it (src/lib/observability/slo). */
export interface SloStateReading {
  slo: string;
  state: string;
}
/** The states slo_state reports, one series each, so a query never has to know a code. */
const SLO_STATES = ['ok', 'warning', 'critical', 'no-data'] as const;

/** Seconds: from a cached read to a slow export, with 0.5 s (the summary's p95 objective) a bucket edge. */
const REQUEST_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
/** Seconds: a small agency's refresh or file takes well under a second, a large one minutes. */
const JOB_BUCKETS = [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600];

function createMetrics() {
  const registry = new Registry();
  // Event-loop lag, process memory and CPU, heap, handles: prom-client's standard process metrics.
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  const holder = {
    registry,
    listeners: new Set<RequestListener>(),
    poolReading: (): DatabasePoolReading | null => null,
    sloReading: (): SloStateReading[] => [],
    requests: new Histogram({
      name: 'http_request_duration_seconds',
      help: 'API requests by route pattern, method and status: time from arrival to the response headers.',
      labelNames: ['route', 'method', 'status'] as const,
      buckets: REQUEST_BUCKETS,
      registers,
    }),
    refreshDuration: new Histogram({
      name: 'insights_refresh_duration_seconds',
      help: "One agency's insights refresh, by mode (full, recent, agency) and outcome (ok, error).",
      labelNames: ['mode', 'outcome'] as const,
      buckets: JOB_BUCKETS,
      registers,
    }),
    refreshRows: new Counter({
      name: 'insights_refresh_rows_total',
      help: 'Customer insight rows written by successful refreshes, by mode.',
      labelNames: ['mode'] as const,
      registers,
    }),
    importDuration: new Histogram({
      name: 'import_duration_seconds',
      help: 'Import phases (validate: the file checked and staged; commit: written to the book) by outcome: ok, rejected (the file or the job state refused it), error (ours).',
      labelNames: ['phase', 'outcome'] as const,
      buckets: JOB_BUCKETS,
      registers,
    }),
    importRows: new Counter({
      name: 'import_rows_total',
      help: 'Rows of finished import phases: validate counts valid and invalid rows read, commit counts imported and skipped rows.',
      labelNames: ['phase', 'result'] as const,
      registers,
    }),
    rateLimitRejections: new Counter({
      name: 'rate_limit_rejections_total',
      help: 'Requests over a rate limit (answered 429), by family: read, write, export, import, refresh, batch, signInIp, signInEmail (a sign-in over both of its limits counts in both).',
      labelNames: ['family'] as const,
      registers,
    }),
  };
  const poolGauge = (name: string, help: string, field: 'total' | 'idle' | 'waiting') =>
    new Gauge({
      name,
      help: `${help} The embedded database (backend="pglite") has one connection that every statement queues for.`,
      labelNames: ['backend'] as const,
      registers,
      collect() {
        this.reset();
        const reading = holder.poolReading();
        if (reading) this.set({ backend: reading.backend }, reading[field]);
      },
    });
  poolGauge('db_pool_connections', 'Open database connections.', 'total');
  poolGauge('db_pool_idle_connections', 'Open database connections not in use.', 'idle');
  poolGauge('db_pool_waiting_clients', 'Callers waiting for a database connection.', 'waiting');
  new Gauge({
    name: 'slo_state',
    help: 'Each service level objective by state (ok, warning, critical, no-data): 1 for the state it is in, 0 for the others, as this process last judged it from its own requests and the refresh records. Objectives and thresholds: docs/DEPLOYMENT.md, "SLOs and alerts".',
    labelNames: ['slo', 'state'] as const,
    registers,
    collect() {
      this.reset();
      for (const { slo, state } of holder.sloReading())
        for (const each of SLO_STATES) this.set({ slo, state: each }, each === state ? 1 : 0);
    },
  });
  holder.listeners.add((record) =>
    holder.requests.observe({ route: record.route, method: record.method, status: String(record.status) }, record.durationMs / 1000),
  );
  return holder;
}

// One registry per process: Next bundles this module into each route's chunk and reloads it in
// development, and two registries would each hold part of the counts.
const holderKey = Symbol.for('customer-segmentation.metrics');
const metrics: ReturnType<typeof createMetrics> = ((globalThis as Record<symbol, ReturnType<typeof createMetrics>>)[holderKey] ??=
  createMetrics());

export function recordRequest(record: RequestRecord): void {
  for (const listener of metrics.listeners) listener(record);
}

/** Another reader of every recorded request; returns the function that unsubscribes it. */
export function onRequestRecorded(listener: RequestListener): () => void {
  metrics.listeners.add(listener);
  return () => metrics.listeners.delete(listener);
}

export function recordRefresh(mode: string, outcome: 'ok' | 'error', durationMs: number, rows: number): void {
  metrics.refreshDuration.observe({ mode, outcome }, durationMs / 1000);
  if (outcome === 'ok') metrics.refreshRows.inc({ mode }, rows);
}

export type ImportOutcome = 'ok' | 'rejected' | 'error';

export function recordImportPhase(
  phase: 'validate' | 'commit',
  outcome: ImportOutcome,
  durationMs: number,
  rows: Partial<Record<'valid' | 'invalid' | 'imported' | 'skipped', number>> = {},
): void {
  metrics.importDuration.observe({ phase, outcome }, durationMs / 1000);
  for (const [result, count] of Object.entries(rows)) if (count) metrics.importRows.inc({ phase, result }, count);
}

export function recordRateLimitRejection(family: string): void {
  metrics.rateLimitRejections.inc({ family });
}

/** The database layer says how to read its pool; it sits below this module's callers, so it is handed in. */
export function readDatabasePoolWith(reading: () => DatabasePoolReading | null): void {
  metrics.poolReading = reading;
}

/** The SLO evaluator says how to read its states; it subscribes to this module's requests, so it is handed in. */
export function readSloStatesWith(reading: () => SloStateReading[]): void {
  metrics.sloReading = reading;
}

/** The scrape: every metric in Prometheus text format, and the content type to serve it with. */
export async function metricsExposition(): Promise<{ text: string; contentType: string }> {
  return { text: await metrics.registry.metrics(), contentType: metrics.registry.contentType };
}
