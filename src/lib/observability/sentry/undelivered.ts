import { logger } from '@/lib/observability/logger';

/**
 * An error report that did not reach the tracker (the server's own, or a browser's through the
 * tunnel): one warn line a minute at most, with how many were lost since the last one. Never the
 * user's problem, and never a flood of lines while the tracker is down.
 */
const WARN_EVERY_MS = 60_000;

let lastWarnedAt = -Infinity;
let undeliveredSinceWarning = 0;

export function warnUndelivered(reason: string): void {
  undeliveredSinceWarning += 1;
  const now = Date.now();
  if (now - lastWarnedAt < WARN_EVERY_MS) return;
  logger.warn({ reason, undelivered: undeliveredSinceWarning }, 'error report not delivered');
  lastWarnedAt = now;
  undeliveredSinceWarning = 0;
}

/** Why a send failed, in a few words for the warn line: a timeout, or the socket error's code. */
export function sendFailure(error: unknown, timeoutMs: number): string {
  const { name, cause } = error as Error & { cause?: { code?: string } };
  return name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : (cause?.code ?? name ?? 'unknown');
}

/** The deadline of every send to the tracker, from the server and through the tunnel. */
export const SEND_TIMEOUT_MS = 3000;
