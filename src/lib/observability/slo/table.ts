import { STALE_AFTER_HOURS } from '@/lib/segmentation/freshness';

/**
 * The service level objectives (SPEC §13, seed 002), in one place: the evaluator judges them,
 * the alerts quote them, /help/troubleshooting and /api/metrics show them, and docs/DEPLOYMENT.md
 * repeats this table (a unit test, slo-table-doc.test.ts, fails when the two differ).
 *
 * An objective is what the service promises; the warning and critical thresholds are when
 * someone is told. They come from seed 002's alert levels:
 * - Availability (≥ 99.9%, "< 43 minutes down a month"): judged over the last hour, the
 *   longest window a per-process counter can keep cheaply. Warning as soon as the hour misses
 *   the objective (its 0.1% error budget is spent); critical below 99%, ten times the budget,
 *   which is one request in a hundred failing: users notice. At least 100 requests: with fewer,
 *   a single failure would already be more than 1% and page someone at night for one request.
 * - Summary p95 (< 500 ms): the seed's warning "p95 > 500 ms" and critical "p95 > 1,000 ms",
 *   over 5 minutes (its "5 consecutive measurements above threshold" at one a minute), from at
 *   least 20 answered summaries (a p95 of fewer is the slowest one or two, chance).
 * - Error rate (< 0.1%): the seed's warning "> 1% sustained for 5 minutes" and critical "> 5%",
 *   over 5 minutes, from at least 20 requests. It counts the same failures as availability but
 *   over the short window: a burst shows here within a minute, while availability says whether
 *   the hour as a whole kept the promise.
 * - Data freshness (< 26 h, the dashboard's own rule, STALE_AFTER_HOURS): warning when any
 *   agency's figures are older than that (its dashboard says so too), critical past 50 h, when
 *   the next day's run has been missed as well. Read from the refresh records, not the window.
 */
export const SLO_IDS = ['availability', 'summary-latency', 'error-rate', 'data-freshness'] as const;
export type SloId = (typeof SLO_IDS)[number];
export type SloLevel = 'ok' | 'warning' | 'critical';
/** A level, or `no-data`: too few requests in the window (or the records unreadable) to judge. */
export type SloState = SloLevel | 'no-data';

export interface SloDefinition {
  id: SloId;
  name: string;
  /** What is measured, in words the page and the alert use. */
  measures: string;
  unit: '%' | 'ms' | 'h';
  /** Which side of a threshold is bad: `below` for availability, `above` for the rest. */
  badWhen: 'below' | 'above';
  objective: number;
  warning: number;
  critical: number;
  /** The sliding window of requests; null for freshness, which is read from the database. */
  windowMinutes: number | null;
  /** Requests (or answered summaries) the window needs before it is judged. */
  minSamples: number;
  /** Where the engineer on call looks first; the alert says it too. */
  firstLook: string;
}

export const SLOS: readonly SloDefinition[] = [
  {
    id: 'availability',
    name: 'Availability',
    measures: 'API requests answered without a server error (5xx, including 503 while the database is down)',
    unit: '%',
    badWhen: 'below',
    objective: 99.9,
    warning: 99.9,
    critical: 99,
    windowMinutes: 60,
    minSamples: 100,
    firstLook: '`/api/health` (is the database up?), then the 5xx log lines: `@msg:"api request" @status:>=500`',
  },
  {
    id: 'summary-latency',
    name: 'Summary p95',
    measures: 'the 95th percentile of successful GET /api/analytics/segmentation (the dashboard’s figures)',
    unit: 'ms',
    badWhen: 'above',
    objective: 500,
    warning: 500,
    critical: 1000,
    windowMinutes: 5,
    minSamples: 20,
    firstLook:
      'the summary’s `Server-Timing` (`db` close to `handler`: the database), `db_pool_waiting_clients`, `nodejs_eventloop_lag_seconds`',
  },
  {
    id: 'error-rate',
    name: 'Error rate',
    measures: 'API requests answered with a server error (5xx); 4xx are the caller’s and do not count',
    unit: '%',
    badWhen: 'above',
    objective: 0.1,
    warning: 1,
    critical: 5,
    windowMinutes: 5,
    minSamples: 20,
    firstLook: 'the log lines `unhandled error in route handler` (route, requestId) and `database unavailable`; the last deploy',
  },
  {
    id: 'data-freshness',
    name: 'Data freshness',
    measures: 'the age of the oldest figures among agencies with customers, from the refresh records',
    unit: 'h',
    badWhen: 'above',
    objective: STALE_AFTER_HOURS,
    warning: STALE_AFTER_HOURS,
    critical: 50,
    windowMinutes: null,
    minSamples: 1,
    firstLook: '`npm run db:check`, the agency’s Recent refresh runs, TROUBLESHOOTING.md “The daily refresh did not run”',
  },
];

export function sloById(id: SloId): SloDefinition {
  return SLOS.find((slo) => slo.id === id)!;
}

/** The level a value puts an SLO at: past critical, past warning, or ok (a threshold itself is still on the good side). */
export function levelOf(slo: SloDefinition, value: number): SloLevel {
  const past = (threshold: number) => (slo.badWhen === 'below' ? value < threshold : value > threshold);
  if (past(slo.critical)) return 'critical';
  if (past(slo.warning)) return 'warning';
  return 'ok';
}

/** A value in the SLO's unit: "99.95%", "612 ms", "31 h" ("never computed" for figures that never were). */
export function formatSloValue(slo: SloDefinition, value: number): string {
  if (!Number.isFinite(value)) return slo.id === 'data-freshness' ? 'never computed' : '—';
  if (slo.unit === '%') return `${Number(value.toFixed(value >= 99 || value < 1 ? 2 : 1))}%`;
  return `${Math.round(value)} ${slo.unit}`;
}

const SIDE = { below: ['at least', 'below'], above: ['under', 'above'] } as const;

/** "at least 99.9%", "under 500 ms": what the objective promises. */
export function objectiveText(slo: SloDefinition): string {
  return `${SIDE[slo.badWhen][0]} ${formatSloValue(slo, slo.objective)}`;
}

/** "below 99%", "above 1000 ms": when a threshold is crossed. */
export function thresholdText(slo: SloDefinition, level: Exclude<SloLevel, 'ok'>): string {
  return `${SIDE[slo.badWhen][1]} ${formatSloValue(slo, slo[level])}`;
}

/** What the value is read from: "the last 60 minutes of requests", or the refresh records. */
export function windowText(slo: SloDefinition): string {
  return slo.windowMinutes === null ? 'the refresh records' : `the last ${slo.windowMinutes} minutes of requests`;
}
