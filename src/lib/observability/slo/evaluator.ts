import type { Logger } from 'pino';
import { onRequestRecorded } from '@/lib/observability/metrics';
import { redact } from '@/lib/observability/redact';
import { figuresAge, getFreshness, liveAgencyFigures, type StaleReason } from '@/lib/segmentation/freshness';
import { alertMessage, type AlertSource } from './alert-message';
import type { AlertWebhook } from './alert-webhook';
import { RequestWindow } from './request-window';
import { formatSloValue, levelOf, SLOS, type SloDefinition, type SloId, type SloLevel, type SloState } from './table';

/**
 * Judges the SLOs (table.ts) from this process's own requests (a sliding window fed by every
 * recorded API request) and the refresh records, and tells ALERT_WEBHOOK_URL once per change of
 * level: ok → warning → critical → ok, each step one message, never one per request or per
 * evaluation. `no-data` (too few requests to judge, or records that cannot be read) is shown but
 * changes nothing: the level last told stands until there is enough to judge again.
 *
 * Each replica runs its own evaluator over its own traffic (no state is shared): with several
 * replicas, each alerts on what it served, and a freshness breach is told once per replica.
 */
export interface SloStatus {
  slo: SloDefinition;
  state: SloState;
  /** In the SLO's unit; Infinity for figures never computed; null with no data. */
  value: number | null;
  /** What the value stands on, for the troubleshooting page: counts only, no agency named. */
  basis: string;
  /** When the SLO entered this state (the evaluator's start for the first one). */
  since: Date;
  evaluatedAt: Date | null;
}

interface StaleAgency {
  slug: string;
  ageMs: number;
  /** The dashboard's reason, in the alert's words. */
  why: string | null;
}

interface Judgement {
  state: SloState;
  value: number | null;
  basis: string;
  /** For the alert: may name the stale agencies by slug. */
  detail: string;
}

export interface SloEvaluatorOptions {
  logger: Logger;
  webhook: AlertWebhook | null;
  source: AlertSource;
  /** Milliseconds since the epoch; the tests move it instead of waiting an hour. */
  clock?: () => number;
}

export interface SloEvaluator {
  /** Starts counting the process's API requests; returns the function that stops it. */
  listen(): () => void;
  /** Judges every SLO now and alerts on changes; never throws. */
  evaluate(): Promise<SloStatus[]>;
  status(): SloStatus[];
  /** Resolves once every alert sent so far has been delivered or given up on (tests). */
  idle(): Promise<void>;
}

const integer = new Intl.NumberFormat('en-US');
/** "1 request", "1,204 requests". */
const count = (n: number, one: string, many = `${one}s`) => `${integer.format(n)} ${n === 1 ? one : many}`;
const HOUR_MS = 3_600_000;
/** Stale agencies an alert names; the rest are counted. */
const NAMED_AGENCIES = 3;
const REASON_WORDS: Record<StaleReason, (lastRunDay: string | undefined) => string> = {
  'last-run-failed': () => 'its last refresh failed',
  'scheduler-off': () => 'the daily refresh is off in this deployment',
  running: () => 'its daily refresh is still running',
  'no-run-yet': () => 'the daily refresh has not run for it yet',
  overdue: (day) => `the daily refresh has not run for it since ${day ?? 'an earlier day'}`,
};

function judgeRequests(slo: SloDefinition, window: RequestWindow, now: number): Judgement {
  const windowMs = slo.windowMinutes! * 60_000;
  if (slo.id === 'summary-latency') {
    const { samples, valueMs } = window.summaryPercentile(now, windowMs);
    const basis = `${count(samples, 'successful summary', 'successful summaries')}`;
    if (valueMs === null || samples < slo.minSamples) return noData(`${basis}; ${slo.minSamples} needed`);
    return { state: levelOf(slo, valueMs), value: valueMs, basis, detail: `p95 of ${basis}.` };
  }
  const { requests, serverErrors } = window.counts(now, windowMs);
  const basis = `${integer.format(serverErrors)} of ${count(requests, 'request')} failed`;
  if (requests < slo.minSamples) return noData(`${count(requests, 'request')}; ${slo.minSamples} needed`);
  const failedPercent = (100 * serverErrors) / requests;
  const value = slo.id === 'availability' ? 100 - failedPercent : failedPercent;
  return { state: levelOf(slo, value), value, basis, detail: `${basis}.` };
}

const noData = (basis: string): Judgement => ({ state: 'no-data', value: null, basis, detail: basis });

async function judgeFreshness(slo: SloDefinition, now: Date): Promise<Judgement> {
  const agencies = await liveAgencyFigures();
  if (agencies.length === 0) return noData('no agency has customers yet');
  const ages = agencies.map((agency) => ({ agency, ...figuresAge({ dataMode: 'live', computedAt: agency.computedAt }, now) }));
  const oldestMs = Math.max(...ages.map(({ ageMs }) => ageMs));
  const stale = ages.filter((age) => age.stale).sort((a, b) => b.ageMs - a.ageMs);
  // The dashboard's own reason for the few named (read as a viewer would: never the recorded error text).
  const named: StaleAgency[] = [];
  for (const { agency, ageMs } of stale.slice(0, NAMED_AGENCIES)) {
    const freshness = await getFreshness({ ...agency, role: 'viewer' }, { dataMode: 'live', computedAt: agency.computedAt }, { now });
    const why = freshness.reason && REASON_WORDS[freshness.reason](freshness.lastScheduledRun?.day);
    named.push({ slug: agency.slug, ageMs, why });
  }
  const value = oldestMs / HOUR_MS;
  const basis = `${integer.format(stale.length)} of ${count(agencies.length, 'agency', 'agencies')} with customers older than ${slo.warning} h`;
  const listed = named.map(({ slug, ageMs, why }) => `${slug} ${formatSloValue(slo, ageMs / HOUR_MS)}${why ? ` (${why})` : ''}`);
  const more = stale.length > named.length ? `, and ${stale.length - named.length} more` : '';
  return { state: levelOf(slo, value), value, basis, detail: `${basis}${listed.length ? `: ${listed.join('; ')}${more}` : ''}.` };
}

export function createSloEvaluator(options: SloEvaluatorOptions): SloEvaluator {
  const { logger, webhook, source } = options;
  const clock = options.clock ?? Date.now;
  const horizonMs = Math.max(...SLOS.map((slo) => (slo.windowMinutes ?? 0) * 60_000));
  const window = new RequestWindow(horizonMs);
  const startedAt = new Date(clock());
  const statuses = new Map<SloId, SloStatus>(
    SLOS.map((slo) => [slo.id, { slo, state: 'no-data', value: null, basis: 'not judged yet', since: startedAt, evaluatedAt: null }]),
  );
  // The level last told (and since when): alerts are sent when a judgement differs from it.
  const told = new Map<SloId, { level: SloLevel; since: Date }>(SLOS.map((slo) => [slo.id, { level: 'ok', since: startedAt }]));
  let freshnessRead: Promise<void> | null = null;
  let freshnessFailing = false;

  function apply(slo: SloDefinition, judgement: Judgement, at: Date): void {
    const status = statuses.get(slo.id)!;
    if (judgement.state !== status.state) status.since = at;
    Object.assign(status, { state: judgement.state, value: judgement.value, basis: judgement.basis, evaluatedAt: at });
    const last = told.get(slo.id)!;
    if (judgement.state === 'no-data' || judgement.state === last.level) return;
    const change = {
      slo,
      from: last.level,
      to: judgement.state,
      value: judgement.value!,
      detail: judgement.detail,
      at,
      fromSince: last.since,
    };
    told.set(slo.id, { level: judgement.state, since: at });
    const fields = { slo: slo.id, from: change.from, to: change.to, value: formatSloValue(slo, change.value), detail: judgement.detail };
    if (change.to === 'ok') logger.info(fields, 'SLO recovered');
    else logger.warn(fields, 'SLO breached');
    webhook?.send(alertMessage(change, source));
  }

  async function evaluateFreshness(slo: SloDefinition, at: Date): Promise<void> {
    try {
      apply(slo, await judgeFreshness(slo, at), at);
      freshnessFailing = false;
    } catch (error) {
      // The database is down: availability says so; freshness cannot be judged meanwhile. Logged once per outage.
      if (!freshnessFailing) {
        logger.warn(
          { err: { message: redact(error instanceof Error ? error.message : String(error)) } },
          'SLO: the refresh records cannot be read',
        );
      }
      freshnessFailing = true;
      apply(slo, noData('the refresh records could not be read'), at);
    }
  }

  const status = () => SLOS.map((slo) => ({ ...statuses.get(slo.id)! }));

  return {
    listen: () => onRequestRecorded((record) => window.record(record, clock())),
    async evaluate() {
      const at = new Date(clock());
      for (const slo of SLOS) if (slo.windowMinutes !== null) apply(slo, judgeRequests(slo, window, at.getTime()), at);
      // A slow database must not hold the request SLOs back: a read still under way is not started again.
      const freshness = SLOS.find((slo) => slo.windowMinutes === null)!;
      freshnessRead ??= evaluateFreshness(freshness, at).finally(() => (freshnessRead = null));
      await freshnessRead;
      return status();
    },
    status,
    idle: () => webhook?.idle() ?? Promise.resolve(),
  };
}
