import { hostname } from 'node:os';
import type { Logger } from 'pino';
import { config, type AppConfig } from '@/lib/config';
import { logger as appLogger } from '@/lib/observability/logger';
import { readSloStatesWith } from '@/lib/observability/metrics';
import { createAlertWebhook } from './alert-webhook';
import { createSloEvaluator, type SloEvaluator, type SloStatus } from './evaluator';

/**
 * The process's SLO evaluation: started with the server (src/lib/startup/first-start.ts, like the
 * refresh scheduler), off in tests unless a test starts it. It judges every 30 seconds: a
 * breach is told within half a minute of the window showing it, and each evaluation costs a walk
 * over a few hundred counters and one small query (the freshness of every agency's figures).
 */
export const SLO_EVALUATION_INTERVAL_MS = 30_000;

// One evaluator per process, even if start-up runs twice (the dev server reloads instrumentation)
// or Next bundles this module into several chunks: the troubleshooting page reads the same one.
const holderKey = Symbol.for('customer-segmentation.slo-evaluation');
type Holder = { evaluator?: SloEvaluator; stop?: () => void };
const holder: Holder = ((globalThis as Record<symbol, Holder>)[holderKey] ??= {});

export interface SloEvaluationSettings {
  /** Where alerts go; null: they are only logged. */
  webhookUrl: string | null;
  version: AppConfig['version'];
  commit: AppConfig['commit'];
  logger?: Logger;
  clock?: () => number;
  /** How long a webhook POST may take. */
  webhookTimeoutMs?: number;
  /** Null: no timer (a test evaluates when it chooses). */
  intervalMs?: number | null;
}

function settingsFromConfig(): SloEvaluationSettings {
  const settings = config();
  return { webhookUrl: settings.alertWebhookUrl ?? null, version: settings.version, commit: settings.commit };
}

/** Starts judging the SLOs in this process (once; a second call returns the running evaluator). */
export function startSloEvaluation(settings: SloEvaluationSettings = settingsFromConfig()): SloEvaluator {
  if (holder.evaluator) return holder.evaluator;
  const logger = settings.logger ?? appLogger;
  const webhook = settings.webhookUrl
    ? createAlertWebhook({ url: settings.webhookUrl, logger, timeoutMs: settings.webhookTimeoutMs })
    : null;
  const evaluator = createSloEvaluator({
    logger,
    webhook,
    clock: settings.clock,
    source: { service: 'customer-segmentation', version: settings.version, commit: settings.commit, replica: hostname() },
  });
  const unlisten = evaluator.listen();
  const intervalMs = settings.intervalMs === undefined ? SLO_EVALUATION_INTERVAL_MS : settings.intervalMs;
  const tick = () =>
    void evaluator.evaluate().catch((error: unknown) => logger.error({ err: { message: String(error) } }, 'SLO evaluation failed'));
  // Unref'd: the timer never keeps a process (a script, a test run) alive on its own.
  const timer = intervalMs === null ? null : setInterval(tick, intervalMs).unref();
  if (timer) tick();
  readSloStatesWith(() => evaluator.status().map(({ slo, state }) => ({ slo: slo.id, state })));
  holder.evaluator = evaluator;
  holder.stop = () => {
    if (timer) clearInterval(timer);
    unlisten();
    readSloStatesWith(() => []);
  };
  logger.info(
    { everySeconds: intervalMs === null ? null : intervalMs / 1000, alerts: webhook ? new URL(settings.webhookUrl!).origin : 'log only' },
    'SLO evaluation started',
  );
  return evaluator;
}

/** Stops this process's evaluation (tests; a server never stops it). */
export function stopSloEvaluation(): void {
  holder.stop?.();
  delete holder.evaluator;
  delete holder.stop;
}

/** The SLOs as this process last judged them; null when it does not evaluate them. */
export function processSloStatus(): SloStatus[] | null {
  return holder.evaluator?.status() ?? null;
}
