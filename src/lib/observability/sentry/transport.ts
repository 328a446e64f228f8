import { createTransport, type NodeOptions } from '@sentry/nextjs';
import { SEND_TIMEOUT_MS, sendFailure, warnUndelivered } from './undelivered';

/**
 * How the server sends error reports: the SDK's queue (at most QUEUE_SIZE envelopes in flight; a
 * full queue drops, and the SDK counts the drop) over fetch with a deadline. Sending never
 * blocks the request that failed (captureException does not wait for it), and an ingest that
 * hangs or refuses costs a warn line, never a user's time.
 */
const QUEUE_SIZE = 30;

export const boundedTransport: NonNullable<NodeOptions['transport']> = (options) =>
  createTransport({ ...options, bufferSize: QUEUE_SIZE }, async ({ body }) => {
    let response: Response;
    try {
      response = await fetch(options.url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-sentry-envelope' },
        // A string or bytes; the DOM typing of BodyInit narrows Uint8Array's buffer more than Node does.
        body: body as BodyInit,
        signal: AbortSignal.timeout(SEND_TIMEOUT_MS),
      });
    } catch (error) {
      warnUndelivered(sendFailure(error, SEND_TIMEOUT_MS));
      throw error;
    }
    await response.body?.cancel();
    if (!response.ok && response.status !== 429) warnUndelivered(`the tracker answered ${response.status}`);
    return {
      statusCode: response.status,
      headers: { 'x-sentry-rate-limits': response.headers.get('x-sentry-rate-limits'), 'retry-after': response.headers.get('retry-after') },
    };
  });
