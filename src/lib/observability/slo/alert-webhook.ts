import type { Logger } from 'pino';

/**
 * Delivery of alert messages to ALERT_WEBHOOK_URL (a Slack incoming webhook, or anything that
 * takes the same JSON). Off the request path and bounded, so an unreachable endpoint costs the
 * app nothing: messages wait in a small queue and go one at a time, each POST is given a few
 * seconds, a full queue drops its oldest message, and every failure is one warn line. The URL's
 * path is the webhook's secret (Slack's `/services/T…/B…/…`): only its origin is ever logged.
 */
export interface AlertMessage {
  /** What the message is about, for the log lines (an SLO id and state, never the text). */
  about: Record<string, string>;
  /** The Slack-compatible body: `text`, and `blocks` for clients that render them. */
  body: { text: string; blocks?: unknown[] };
}

export interface AlertWebhookOptions {
  url: string;
  logger: Logger;
  /** A POST that has not been answered by then is abandoned. */
  timeoutMs?: number;
  /** Messages waiting while one is being sent; beyond it the oldest is dropped. */
  maxQueued?: number;
}

export const ALERT_TIMEOUT_MS = 3_000;
const MAX_QUEUED = 20;

export interface AlertWebhook {
  /** Queues a message and returns at once; never throws. */
  send(message: AlertMessage): void;
  /** Resolves when every queued message has been delivered or given up on (tests, shutdown). */
  idle(): Promise<void>;
}

/** Why a delivery failed, in words that carry no part of the URL. */
function failureReason(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return `no answer within ${timeoutMs} ms`;
  }
  const cause = error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
  if (typeof cause?.code === 'string') return cause.code;
  return error instanceof Error ? error.name : 'unknown error';
}

export function createAlertWebhook(options: AlertWebhookOptions): AlertWebhook {
  const { url, logger } = options;
  const timeoutMs = options.timeoutMs ?? ALERT_TIMEOUT_MS;
  const maxQueued = options.maxQueued ?? MAX_QUEUED;
  const webhook = new URL(url).origin;
  const queue: AlertMessage[] = [];
  let draining: Promise<void> | null = null;

  async function deliver(message: AlertMessage): Promise<void> {
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(message.body),
        signal: AbortSignal.timeout(timeoutMs),
        redirect: 'error',
      });
      // Read and dropped: the answer ("ok") is of no use, and an unread body keeps the socket busy.
      await response.arrayBuffer().catch(() => undefined);
      if (!response.ok) throw Object.assign(new Error('not ok'), { name: `HTTP ${response.status}` });
      logger.info({ webhook, ...message.about }, 'alert sent');
    } catch (error) {
      logger.warn({ webhook, ...message.about, reason: failureReason(error, timeoutMs) }, 'alert webhook delivery failed');
    }
  }

  async function drain(): Promise<void> {
    // After `draining` is set by send(); cleared in the same turn as the queue is found empty, so a
    // message queued later always starts a new drain.
    await Promise.resolve();
    for (let next = queue.shift(); next; next = queue.shift()) await deliver(next);
    draining = null;
  }

  return {
    send(message) {
      queue.push(message);
      if (queue.length > maxQueued) {
        const dropped = queue.shift()!;
        logger.warn({ webhook, ...dropped.about, queued: maxQueued }, 'alert queue full; the oldest alert was dropped');
      }
      draining ??= drain();
    },
    idle: () => draining ?? Promise.resolve(),
  };
}
