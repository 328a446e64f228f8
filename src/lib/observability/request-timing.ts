import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * How long one API request spent waiting on the database, for its Server-Timing header and its
 * log line. The API wrappers start a timing per request (measureRequest); the database adapters
 * mark every statement, connection checkout and transaction boundary (timeDatabase). Time is
 * counted while at least one database operation of the request is in flight, so statements run
 * side by side (Promise.all) or nested (a statement inside a timed transaction step) are not
 * counted twice, and the JavaScript between statements is not counted at all.
 */
interface RequestTiming {
  /** Milliseconds with at least one database operation in flight. */
  dbMs: number;
  /** Operations in flight now, and since when the count is above zero. */
  inFlight: number;
  busySince: number;
}

// One store per process: Next bundles this module into each route's chunk, and the database
// (opened by whichever chunk came first) must mark the timing the current route's wrapper started.
const storageKey = Symbol.for('customer-segmentation.request-timing');
const storage: AsyncLocalStorage<RequestTiming> = ((globalThis as Record<symbol, AsyncLocalStorage<RequestTiming>>)[storageKey] ??=
  new AsyncLocalStorage<RequestTiming>());

/** Runs one request's `work` with a timing of its own. */
export function measureRequest<T>(work: () => Promise<T>): Promise<T> {
  return storage.run({ dbMs: 0, inFlight: 0, busySince: 0 }, work);
}

/**
 * The current request's database time so far, including an operation still in flight (a
 * streamed response's query); 0 outside a request.
 */
export function requestDatabaseMilliseconds(now = performance.now()): number {
  const timing = storage.getStore();
  if (!timing) return 0;
  return timing.dbMs + (timing.inFlight > 0 ? now - timing.busySince : 0);
}

const NOTHING_TO_END = () => {};

/**
 * Starts counting database time for the current request, if there is one (scripts and jobs have
 * none); the function returned stops it, once however often it is called.
 */
export function databaseSpan(): () => void {
  const timing = storage.getStore();
  if (!timing) return NOTHING_TO_END;
  if (timing.inFlight++ === 0) timing.busySince = performance.now();
  let ended = false;
  return () => {
    if (ended) return;
    ended = true;
    if (--timing.inFlight === 0) timing.dbMs += performance.now() - timing.busySince;
  };
}

/** Counts `operation` as database time of the current request. */
export function timeDatabase<T>(operation: () => Promise<T>): Promise<T> {
  const end = databaseSpan();
  let pending: Promise<T>;
  try {
    pending = operation();
  } catch (error) {
    end();
    throw error;
  }
  return pending.finally(end);
}
