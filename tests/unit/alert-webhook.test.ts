import { afterEach, describe, expect, it } from 'vitest';
import { createAlertWebhook, type AlertMessage } from '@/lib/observability/slo/alert-webhook';
import { capturedLogger, closedWebhookUrl, startWebhookReceiver, waitFor, WEBHOOK_SECRET_PATH } from '../helpers/webhook-receiver';

/**
 * The alert webhook's delivery, against a real HTTP endpoint on 127.0.0.1: what arrives, and that
 * an endpoint which hangs, refuses or keeps failing costs the caller nothing, is bounded and is
 * logged without the URL's secret path.
 */
const message = (n: number): AlertMessage => ({ about: { slo: 'error-rate', to: 'warning', n: String(n) }, body: { text: `alert ${n}` } });
const receivers: Awaited<ReturnType<typeof startWebhookReceiver>>[] = [];
afterEach(async () => {
  for (const receiver of receivers.splice(0)) await receiver.close();
});

describe('the alert webhook', () => {
  it('posts each message once, as JSON, to the URL’s path, in order, and logs its origin only', async () => {
    const receiver = await startWebhookReceiver();
    receivers.push(receiver);
    const log = capturedLogger();
    const webhook = createAlertWebhook({ url: receiver.url, logger: log.logger });
    webhook.send(message(1));
    webhook.send(message(2));
    await webhook.idle();
    expect(receiver.received.map(({ path, contentType, body }) => [path, contentType, body.text])).toEqual([
      [WEBHOOK_SECRET_PATH, 'application/json', 'alert 1'],
      [WEBHOOK_SECRET_PATH, 'application/json', 'alert 2'],
    ]);
    expect(log.withMessage('alert sent').map((line) => line.webhook)).toEqual([new URL(receiver.url).origin, new URL(receiver.url).origin]);
    expect(log.raw.join('\n')).not.toContain('s3cretW3bh00kT0ken');
  });

  it('gives up on an endpoint that never answers after its timeout, without holding up the caller, and logs it at warn', async () => {
    const receiver = await startWebhookReceiver();
    receivers.push(receiver);
    receiver.hangFromNowOn();
    const log = capturedLogger();
    const webhook = createAlertWebhook({ url: receiver.url, logger: log.logger, timeoutMs: 300 });
    const startedAt = performance.now();
    webhook.send(message(1));
    expect(performance.now() - startedAt).toBeLessThan(20);
    await waitFor(() => receiver.received.length === 1, 2_000, 'the POST');
    await webhook.idle();
    const elapsed = performance.now() - startedAt;
    expect(elapsed).toBeGreaterThanOrEqual(290);
    expect(elapsed).toBeLessThan(2_000);
    const [failure] = log.withMessage('alert webhook delivery failed');
    expect(failure).toMatchObject({
      level: 40,
      webhook: new URL(receiver.url).origin,
      reason: 'no answer within 300 ms',
      slo: 'error-rate',
    });
    expect(log.raw.join('\n')).not.toContain('s3cretW3bh00kT0ken');
  });

  it('logs a refused connection and an endpoint answering an error, and carries on with the next message', async () => {
    const log = capturedLogger();
    const refused = createAlertWebhook({ url: await closedWebhookUrl(), logger: log.logger });
    refused.send(message(1));
    await refused.idle();
    expect(log.withMessage('alert webhook delivery failed')).toMatchObject([{ level: 40, reason: 'ECONNREFUSED' }]);

    const receiver = await startWebhookReceiver();
    receivers.push(receiver);
    receiver.answerWith(403);
    const revoked = createAlertWebhook({ url: receiver.url, logger: log.logger });
    revoked.send(message(2));
    revoked.send(message(3));
    await revoked.idle();
    expect(receiver.received.map(({ body }) => body.text)).toEqual(['alert 2', 'alert 3']);
    expect(log.withMessage('alert webhook delivery failed').slice(1)).toMatchObject([
      { level: 40, reason: 'HTTP 403', n: '2' },
      { level: 40, reason: 'HTTP 403', n: '3' },
    ]);
    expect(log.raw.join('\n')).not.toContain('s3cretW3bh00kT0ken');
  });

  it('keeps a bounded queue while the endpoint hangs: the oldest waiting message is dropped, and said so', async () => {
    const receiver = await startWebhookReceiver();
    receivers.push(receiver);
    receiver.hangFromNowOn();
    const log = capturedLogger();
    const webhook = createAlertWebhook({ url: receiver.url, logger: log.logger, timeoutMs: 200, maxQueued: 2 });
    webhook.send(message(1));
    await waitFor(() => receiver.received.length === 1, 2_000, 'the first POST');
    for (let n = 2; n <= 5; n += 1) webhook.send(message(n));
    // 1 is on its way (hanging); 2 and 3 were dropped for 4 and 5.
    expect(log.withMessage('alert queue full; the oldest alert was dropped').map((line) => line.n)).toEqual(['2', '3']);
    await webhook.idle();
    expect(receiver.received.map(({ body }) => body.text)).toEqual(['alert 1', 'alert 4', 'alert 5']);
    expect(log.withMessage('alert webhook delivery failed')).toHaveLength(3);
  });
});
