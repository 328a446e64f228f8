import type { RequestRecord } from '@/lib/observability/metrics';

/**
 * The recent API requests the SLOs are judged on, kept as counts per 10-second slot for the
 * longest window (an hour): 361 slots at most, whatever the traffic, and recording a request is
 * a few additions (it runs inside every API response, so it must not cost the request anything).
 * The summary's durations are kept per whole millisecond with a count, so its p95 is exact to
 * the millisecond without keeping every request.
 */
const SLOT_MS = 10_000;

/** The summary route, whose latency has an objective (SPEC §13: summary p95 < 500 ms). */
export const SUMMARY_ROUTE = { method: 'GET', route: '/api/analytics/segmentation' } as const;

/** Routes that are not the service's users: the scraper's and the health checker's own requests. */
const NOT_COUNTED = new Set(['/api/metrics', '/api/health']);

interface Slot {
  requests: number;
  serverErrors: number;
  /** Successful summaries: duration (whole ms, rounded up) → how many. */
  summaryMs: Map<number, number>;
}

export interface WindowCounts {
  requests: number;
  serverErrors: number;
}

export class RequestWindow {
  private readonly slots = new Map<number, Slot>();

  constructor(private readonly horizonMs: number) {}

  /** One finished request, at `at` (ms since the epoch, from the evaluator's clock). */
  record(record: RequestRecord, at: number): void {
    if (NOT_COUNTED.has(record.route)) return;
    const index = Math.floor(at / SLOT_MS);
    let slot = this.slots.get(index);
    if (!slot) {
      slot = { requests: 0, serverErrors: 0, summaryMs: new Map() };
      this.slots.set(index, slot);
      this.forgetBefore(at - this.horizonMs);
    }
    slot.requests += 1;
    // 5xx is the service failing, 503 from a database that is down included; 4xx is the caller's mistake.
    if (record.status >= 500) slot.serverErrors += 1;
    // Only answers that carry the figures: a fast 401 or 503 would make the latency look better than it is.
    if (record.route === SUMMARY_ROUTE.route && record.method === SUMMARY_ROUTE.method && record.status < 400) {
      const ms = Math.max(0, Math.ceil(record.durationMs));
      slot.summaryMs.set(ms, (slot.summaryMs.get(ms) ?? 0) + 1);
    }
  }

  /** Requests and server errors in the `windowMs` before `now`. */
  counts(now: number, windowMs: number): WindowCounts {
    const counts = { requests: 0, serverErrors: 0 };
    for (const slot of this.slotsWithin(now, windowMs)) {
      counts.requests += slot.requests;
      counts.serverErrors += slot.serverErrors;
    }
    return counts;
  }

  /** The successful summaries in the window and their p95 (nearest rank), null without any. */
  summaryPercentile(now: number, windowMs: number, percentile = 0.95): { samples: number; valueMs: number | null } {
    const merged = new Map<number, number>();
    for (const slot of this.slotsWithin(now, windowMs)) {
      for (const [ms, count] of slot.summaryMs) merged.set(ms, (merged.get(ms) ?? 0) + count);
    }
    const samples = [...merged.values()].reduce((sum, count) => sum + count, 0);
    if (samples === 0) return { samples, valueMs: null };
    const rank = Math.ceil(percentile * samples);
    let seen = 0;
    for (const ms of [...merged.keys()].sort((a, b) => a - b)) {
      seen += merged.get(ms)!;
      if (seen >= rank) return { samples, valueMs: ms };
    }
    return { samples, valueMs: null };
  }

  /** Slots whose 10 seconds lie within the window (the current, partly filled slot included). */
  private *slotsWithin(now: number, windowMs: number): Iterable<Slot> {
    const first = Math.floor((now - windowMs) / SLOT_MS) + 1;
    const last = Math.floor(now / SLOT_MS);
    for (const [index, slot] of this.slots) if (index >= first && index <= last) yield slot;
  }

  private forgetBefore(cutoff: number): void {
    const first = Math.floor(cutoff / SLOT_MS);
    for (const index of this.slots.keys()) if (index < first) this.slots.delete(index);
  }
}
