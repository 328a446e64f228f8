/**
 * "The database cannot be reached right now" (down, restarting, out of connections, the network
 * between us cut) as opposed to "this statement failed". The first is a 503 with Retry-After for
 * the client; the second is the request's or the code's fault and must stay visible as such.
 *
 * The adapters (postgres.ts, pglite.ts) classify what only they can tell apart — a socket error
 * of their own connection, a closed embedded database — into DatabaseUnavailableError; the
 * server's own SQLSTATEs for "no connection" are recognised wherever they come from.
 */
// Next bundles this module into several chunks of one server, and the database (opened by
// whichever chunk came first) throws the class of that chunk's copy: `instanceof` must recognise
// an instance of any copy, or a route's error mapper answers an outage with a 500. The mark is
// per process (Symbol.for), like the metrics registry's.
const UNAVAILABLE = Symbol.for('customer-segmentation.database-unavailable');

export class DatabaseUnavailableError extends Error {
  readonly [UNAVAILABLE] = true;

  constructor(cause: unknown) {
    super(`The database cannot be reached: ${(cause as Error)?.message ?? String(cause)}`, { cause });
    this.name = 'DatabaseUnavailableError';
  }

  static [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[UNAVAILABLE] === true;
  }
}

// Connection exceptions the server reports (not 08P01, a protocol violation: a bug), the server
// shutting down or starting up, and no connection slot left.
const UNAVAILABLE_SQLSTATES = new Set(['08000', '08001', '08003', '08004', '08006', '57P01', '57P02', '57P03', '53300']);

// Socket errors of the adapter's own connection to the database.
const SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
]);

// What node-postgres, the pooler and PGlite say, in words, when there is no connection to use.
const CONNECTION_MESSAGES = [
  /timeout exceeded when trying to connect/i,
  /^Connection terminated/i,
  /Client has encountered a connection error and is not queryable/i,
  /Client was closed and is not queryable/i,
  /Cannot use a pool after calling end on the pool/i,
  /max client connections reached/i,
  /^PGlite is closed/i,
];

function sqlState(error: unknown): string | undefined {
  const code = (error as { code?: unknown })?.code;
  return typeof code === 'string' ? code : undefined;
}

/** For the adapters: a failure of the connection itself becomes DatabaseUnavailableError; any other error passes unchanged. */
export function classifyDatabaseError(error: unknown): unknown {
  if (error instanceof DatabaseUnavailableError) return error;
  const code = sqlState(error);
  const message = String((error as Error)?.message ?? '');
  const socketFailure = code !== undefined && SOCKET_CODES.has(code);
  // Node reports a refused connection to a host with several addresses as an AggregateError.
  const aggregate =
    Array.isArray((error as { errors?: unknown })?.errors) &&
    (error as { errors: unknown[] }).errors.some((inner) => SOCKET_CODES.has(sqlState(inner) ?? ''));
  return socketFailure || aggregate || CONNECTION_MESSAGES.some((pattern) => pattern.test(message))
    ? new DatabaseUnavailableError(error)
    : error;
}

/** Wraps an adapter's operation so that a lost or refused connection surfaces as DatabaseUnavailableError. */
export const guarded = <T>(operation: Promise<T>): Promise<T> =>
  operation.catch((error: unknown) => {
    throw classifyDatabaseError(error);
  });

export function isDatabaseUnavailable(error: unknown): boolean {
  for (let current = error, depth = 0; current && depth < 4; depth++) {
    if (current instanceof DatabaseUnavailableError) return true;
    const code = sqlState(current);
    if (code && UNAVAILABLE_SQLSTATES.has(code)) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}
