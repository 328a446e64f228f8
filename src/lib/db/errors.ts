/**
 * Whether an error means "the database cannot be reached right now" (down, restarting, out of
 * connections, the network between us cut) rather than "this statement failed". The first is a
 * 503 with Retry-After for the client and no cause of alarm in the request's own data; the
 * second is the request's or the code's fault.
 */
const UNREACHABLE_SOCKET_CODES = new Set([
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

// SQLSTATEs: 08 connection exceptions; 57P01-57P03 the server shutting down or starting up;
// 53300 too many connections.
const UNAVAILABLE_SQLSTATE = /^(08...|57P0[123]|53300)$/;

// node-postgres reports a lost or never-made connection in words, without a code.
const UNREACHABLE_MESSAGES = [
  /timeout exceeded when trying to connect/i,
  /^Connection terminated/i,
  /Client has encountered a connection error and is not queryable/i,
  /Client was closed and is not queryable/i,
  /Cannot use a pool after calling end on the pool/i,
  // The embedded database was closed (another process, or shutdown).
  /^PGlite is closed/i,
];

export function isDatabaseUnavailable(error: unknown): boolean {
  for (let current = error, depth = 0; current && depth < 4; depth++) {
    const candidate = current as { code?: unknown; message?: unknown; cause?: unknown; errors?: unknown };
    const code = typeof candidate.code === 'string' ? candidate.code : undefined;
    if (code && (UNREACHABLE_SOCKET_CODES.has(code) || UNAVAILABLE_SQLSTATE.test(code))) return true;
    const message = typeof candidate.message === 'string' ? candidate.message : '';
    if (UNREACHABLE_MESSAGES.some((pattern) => pattern.test(message))) return true;
    // Node reports a refused connection to a host with several addresses as an AggregateError.
    if (Array.isArray(candidate.errors) && candidate.errors.some((inner) => isDatabaseUnavailable(inner))) return true;
    current = candidate.cause;
  }
  return false;
}
