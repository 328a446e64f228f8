import { getDb } from '@/lib/db';
import type { Columns } from '@/lib/db/rows';
import { config } from '@/lib/config';
import { logger } from '@/lib/observability/logger';
import { recordRateLimitRejection } from '@/lib/observability/metrics';
import { ApiError } from './problem';
import type { RateLimitFamily as UseCaseRateLimitFamily } from '@/lib/use-case';

export interface RateLimitRule {
  points: number;
  windowSeconds: number;
  /** Why this limit: the abuse it stops and the use it must still allow. */
  reason: string;
}

/** Every limit of the app, by route family (SPEC §7). Keys are per user, or per IP/email for sign-in. */
export const RATE_LIMITS = {
  read: { points: 120, windowSeconds: 60, reason: 'Interactive reading stays far below this; scraping does not.' },
  write: { points: 30, windowSeconds: 60, reason: 'Member and settings changes are occasional; a burst is a script.' },
  export: { points: 10, windowSeconds: 60, reason: 'Each export streams a whole tier of PII.' },
  import: { points: 5, windowSeconds: 600, reason: 'An import rewrites the book and refreshes insights.' },
  refresh: { points: 10, windowSeconds: 600, reason: 'A refresh recomputes every customer of the agency.' },
  batch: { points: 30, windowSeconds: 60, reason: 'A scored batch can carry 10,000 customers.' },
  testErrorReport: {
    points: 5,
    windowSeconds: 3600,
    reason: 'Each test puts a report in the error tracker: a few prove the wiring after a deploy, more only fill its quota.',
  },
  signInIp: { points: 10, windowSeconds: 60, reason: 'Password guessing from one address.' },
  signInEmail: {
    points: 10,
    windowSeconds: 900,
    reason: 'Password guessing against one account from many addresses; a successful sign-in clears it.',
  },
  errorReportIp: {
    points: 60,
    windowSeconds: 60,
    reason: 'Browser error reports through /api/monitoring: a page sends each error once, a flood from one address is a loop or abuse.',
  },
  // Every family a use case may name has its limit here (a compile error otherwise), sign-in's own and the error tunnel's.
} as const satisfies Record<UseCaseRateLimitFamily | 'signInIp' | 'signInEmail' | 'errorReportIp', RateLimitRule>;

export type RateLimitFamily = keyof typeof RATE_LIMITS;

export interface RateLimitDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Seconds until the window resets (at least 1). */
  resetSeconds: number;
}

interface Bucket {
  hits: number;
  resetInSeconds: number;
}

/** Shared by every replica: one upsert per request on private.rate_limit_buckets. */
async function hitPostgres(key: string, windowSeconds: number): Promise<Bucket> {
  const db = await getDb();
  const [row] = await db.query<Columns<'private.rate_limit_buckets', 'hits'> & { reset_in: number }>(
    `insert into private.rate_limit_buckets as b (key, window_started_at, hits)
     values ($1, now(), 1)
     on conflict (key) do update set
       window_started_at = case when b.window_started_at <= now() - make_interval(secs => $2) then now() else b.window_started_at end,
       hits = case when b.window_started_at <= now() - make_interval(secs => $2) then 1 else b.hits + 1 end
     returning hits, extract(epoch from (window_started_at + make_interval(secs => $2) - now()))::float8 as reset_in`,
    [key, windowSeconds],
  );
  if (Math.random() < 0.01) {
    // Old windows are useless; sweep them now and then instead of running a separate job.
    await db.query(`delete from private.rate_limit_buckets where window_started_at < now() - interval '1 day'`);
  }
  return { hits: row!.hits, resetInSeconds: row!.reset_in };
}

// The fallback when Postgres is unavailable (or RATE_LIMIT_STORE=memory): per process only,
// so with N replicas a client may get up to N times the limit. Stated, not hidden.
const memoryBuckets = new Map<string, { startedAt: number; hits: number }>();
function hitMemory(key: string, windowSeconds: number, now = Date.now()): Bucket {
  const windowMs = windowSeconds * 1000;
  let bucket = memoryBuckets.get(key);
  if (!bucket || bucket.startedAt + windowMs <= now) {
    bucket = { startedAt: now, hits: 0 };
    memoryBuckets.set(key, bucket);
  }
  bucket.hits += 1;
  return { hits: bucket.hits, resetInSeconds: (bucket.startedAt + windowMs - now) / 1000 };
}

let warnedAboutFallback = false;

export async function consumeRateLimit(family: RateLimitFamily, subject: string): Promise<RateLimitDecision> {
  const rule = RATE_LIMITS[family];
  const key = `${family}:${subject}`;
  let bucket: Bucket;
  if (config().rateLimitStore === 'memory') {
    bucket = hitMemory(key, rule.windowSeconds);
  } else {
    try {
      bucket = await hitPostgres(key, rule.windowSeconds);
    } catch (error) {
      if (!warnedAboutFallback) {
        logger.warn({ err: { message: (error as Error).message } }, 'rate-limit store unavailable; using in-memory limits');
        warnedAboutFallback = true;
      }
      bucket = hitMemory(key, rule.windowSeconds);
    }
  }
  const allowed = bucket.hits <= rule.points;
  if (!allowed) recordRateLimitRejection(family);
  return {
    allowed,
    limit: rule.points,
    remaining: Math.max(0, rule.points - bucket.hits),
    resetSeconds: Math.max(1, Math.ceil(bucket.resetInSeconds)),
  };
}

/** IETF RateLimit header fields, on every response of a limited route. */
export function rateLimitHeaders(family: RateLimitFamily, decision: RateLimitDecision): Record<string, string> {
  const rule = RATE_LIMITS[family];
  return {
    'RateLimit-Limit': String(decision.limit),
    'RateLimit-Remaining': String(decision.remaining),
    'RateLimit-Reset': String(decision.resetSeconds),
    'RateLimit-Policy': `${rule.points};w=${rule.windowSeconds}`,
    ...(decision.allowed ? {} : { 'Retry-After': String(decision.resetSeconds) }),
  };
}

/** The answer past a limit, in the API's one wording (the headers, with Retry-After, from rateLimitHeaders). */
export function rateLimited(decision: RateLimitDecision, headers?: Record<string, string>): ApiError {
  const detail = `Limit of ${decision.limit} requests reached; retry in ${decision.resetSeconds} seconds.`;
  return new ApiError(429, 'rate-limited', 'Too many requests', detail, headers ? { headers } : {});
}

/** Forgets a subject's window, e.g. an email's failed sign-ins once the right password is given. */
export async function resetRateLimit(family: RateLimitFamily, subject: string): Promise<void> {
  const key = `${family}:${subject}`;
  memoryBuckets.delete(key);
  if (config().rateLimitStore === 'memory') return;
  try {
    const db = await getDb();
    await db.query('delete from private.rate_limit_buckets where key = $1', [key]);
  } catch {
    // The store is down: the memory copy is cleared, the shared one expires with its window.
  }
}

/** Test hook: forget in-memory windows. */
export function resetMemoryRateLimits() {
  memoryBuckets.clear();
}
