import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { createLogger } from '@/lib/observability/logger';

/**
 * A Slack-style incoming webhook on 127.0.0.1, for the alert tests: it records every POST (path
 * and JSON body) and answers `ok` like Slack, or, when told to, never answers (a hung endpoint).
 * The path carries a secret like Slack's, so tests can check it never reaches a log line.
 */
export const WEBHOOK_SECRET_PATH = '/services/T0TESTTEAM/B0TESTHOOK/s3cretW3bh00kT0ken';

export interface ReceivedAlert {
  path: string;
  contentType: string | undefined;
  body: { text: string; blocks?: unknown[] };
}

export async function startWebhookReceiver() {
  const received: ReceivedAlert[] = [];
  let hang = false;
  let status = 200;
  const hung = new Set<http.ServerResponse>();
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({
        path: request.url ?? '',
        contentType: request.headers['content-type'],
        body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as ReceivedAlert['body'],
      });
      if (hang) hung.add(response);
      else response.writeHead(status, { 'content-type': 'text/plain' }).end(status === 200 ? 'ok' : 'invalid_token');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${WEBHOOK_SECRET_PATH}`,
    received,
    /** From now on, answer with this status (Slack: 403 for a revoked token, 404 for a deleted channel). */
    answerWith(code: number) {
      status = code;
    },
    /** From now on, accept each POST and never answer it. */
    hangFromNowOn(value = true) {
      hang = value;
    },
    async close() {
      for (const response of hung) response.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A port on 127.0.0.1 nothing listens on (opened and closed again): connection refused. */
export async function closedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A webhook URL on which nothing listens. */
export const closedWebhookUrl = async () => `http://127.0.0.1:${await closedPort()}${WEBHOOK_SECRET_PATH}`;

/** A real logger (the app's, redaction included) whose JSON lines the test reads. */
export function capturedLogger() {
  const lines: Record<string, unknown>[] = [];
  const raw: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) {
        raw.push(line);
        lines.push(JSON.parse(line) as Record<string, unknown>);
      }
      done();
    },
  });
  const previous = process.env.LOG_LEVEL;
  process.env.LOG_LEVEL = 'info';
  const logger = createLogger(destination);
  process.env.LOG_LEVEL = previous;
  return { logger, lines, raw, withMessage: (msg: string) => lines.filter((line) => line.msg === msg) };
}

/** Waits until `check` holds (polling every 20 ms), or fails after `timeoutMs`. */
export async function waitFor(check: () => boolean, timeoutMs = 5_000, what = 'the condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
