/**
 * The browser's error reports reach the tracker through the app (/api/monitoring): the page
 * only ever talks to its own origin (no third-party host in the CSP, nothing for an ad blocker
 * to cut), and the server gets the last word on what leaves. Each envelope must be addressed to
 * the configured DSN (no open relay), only error events and the SDK's drop counts are passed on
 * (no sessions, replays, attachments or spans), every event is scrubbed again (an old or
 * tampered page may not have), and the upstream gets SEND_TIMEOUT_MS to answer.
 */
import { parseEnvelope, serializeEnvelope, type Envelope, type Event } from '@sentry/core';
import { DomainError } from '@/lib/domain-error';
import { parseDsn } from './dsn';
import { scrubEvent } from './scrub';
import { SEND_TIMEOUT_MS, sendFailure, warnUndelivered } from './undelivered';

const FORWARDED_ITEMS = new Set(['event', 'client_report']);

const notAnEnvelope = () => new DomainError('invalid', 'The body is not a Sentry envelope.', { field: 'body' });

function asObject(payload: unknown): Record<string, unknown> {
  const value = payload instanceof Uint8Array ? JSON.parse(new TextDecoder().decode(payload)) : payload;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw notAnEnvelope();
  return value as Record<string, unknown>;
}

/** The envelope as it may leave: its items filtered and scrubbed, its header reduced to what the tracker needs. Null: nothing to send. */
export function rewriteEnvelope(raw: Uint8Array, configuredDsn: string): string | Uint8Array | null {
  let header: Record<string, unknown>;
  let items: [Record<string, unknown>, Record<string, unknown>][];
  try {
    const [envelopeHeader, envelopeItems] = parseEnvelope(raw) as unknown as [unknown, [Record<string, unknown>, unknown][]];
    header = asObject(envelopeHeader);
    items = envelopeItems
      .filter(([itemHeader]) => FORWARDED_ITEMS.has(String(itemHeader?.type)))
      .map(([itemHeader, payload]) => [itemHeader, asObject(payload)]);
  } catch {
    throw notAnEnvelope();
  }
  const theirs = typeof header.dsn === 'string' ? parseDsn(header.dsn) : null;
  const ours = parseDsn(configuredDsn)!;
  if (!theirs || theirs.envelopeUrl !== ours.envelopeUrl || theirs.publicKey !== ours.publicKey) {
    throw new DomainError('invalid', 'The envelope is not addressed to this app’s error tracker.', { field: 'body.dsn' });
  }
  if (items.length === 0) return null;
  const kept = items.map(([{ type }, payload]) => [{ type }, type === 'event' ? scrubEvent(payload as Event) : payload]);
  return serializeEnvelope([{ event_id: header.event_id, sent_at: header.sent_at, sdk: header.sdk, dsn: header.dsn }, kept] as Envelope);
}

/** What the browser is told: taken (204), or the tracker's rate limit passed on so its SDK backs off. */
export interface RelayOutcome {
  status: 204 | 429;
  headers: Record<string, string>;
}

export async function relayEnvelope(raw: Uint8Array, configuredDsn: string): Promise<RelayOutcome> {
  const envelope = rewriteEnvelope(raw, configuredDsn);
  if (!envelope) return { status: 204, headers: {} };
  const { envelopeUrl, publicKey } = parseDsn(configuredDsn)!;
  let response: Response;
  try {
    response = await fetch(envelopeUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-sentry-envelope',
        'x-sentry-auth': `Sentry sentry_version=7, sentry_key=${publicKey}, sentry_client=customer-segmentation-tunnel`,
      },
      body: envelope as BodyInit,
      signal: AbortSignal.timeout(SEND_TIMEOUT_MS),
    });
  } catch (error) {
    warnUndelivered(sendFailure(error, SEND_TIMEOUT_MS));
    return { status: 204, headers: {} };
  }
  await response.body?.cancel();
  if (response.status === 429) {
    const passed = ['retry-after', 'x-sentry-rate-limits'].flatMap((name) => {
      const value = response.headers.get(name);
      return value ? [[name, value] as const] : [];
    });
    return { status: 429, headers: Object.fromEntries(passed) };
  }
  if (!response.ok) warnUndelivered(`the tracker answered ${response.status}`);
  return { status: 204, headers: {} };
}
