import { isDatabaseUnavailable } from '@/lib/db/errors';
import { DomainError, type DomainErrorCode } from '@/lib/domain-error';
import { reportError, type ErrorReportContext } from '@/lib/observability/error-reporting';
import { logger } from '@/lib/observability/logger';
import { ApiError, conflict, forbidden } from './problem';

interface PostgresError {
  code?: unknown;
  message?: unknown;
}

/** Seconds a client waits before trying again while the database is unreachable. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

const DOMAIN_STATUS: Record<DomainErrorCode, { status: number; title: string }> = {
  'not-found': { status: 404, title: 'Not found' },
  conflict: { status: 409, title: 'Conflict' },
  invalid: { status: 400, title: 'Invalid request' },
  unprocessable: { status: 422, title: 'Unprocessable request' },
  forbidden: { status: 403, title: 'Not allowed' },
  unavailable: { status: 503, title: 'Temporarily unavailable' },
  'too-large': { status: 413, title: 'Too large' },
};

function fromDomainError(error: DomainError): ApiError {
  const { status, title } = DOMAIN_STATUS[error.code];
  const { subject, retryAfterSeconds, field, fields, facts, kind } = error.details;
  const errors = fields ?? (field ? [{ field, message: error.message }] : undefined);
  return new ApiError(
    status,
    kind ?? (error.code === 'invalid' ? 'validation' : error.code),
    error.details.title ?? (subject ? `${subject} ${title.toLowerCase()}` : title),
    error.message,
    {
      ...(errors ? { errors } : {}),
      ...(retryAfterSeconds ? { headers: { 'Retry-After': String(retryAfterSeconds) } } : {}),
      ...(facts ? { members: facts } : {}),
    },
  );
}

const databaseUnavailable = () =>
  new ApiError(
    503,
    'unavailable',
    'Temporarily unavailable',
    `The database cannot be reached right now; nothing was changed. Try again in ${DATABASE_RETRY_AFTER_SECONDS} seconds.`,
    { headers: { 'Retry-After': String(DATABASE_RETRY_AFTER_SECONDS) } },
  );

/**
 * Turns anything thrown by a handler into an ApiError. Known database outcomes become the
 * client errors they are; an unreachable database is a 503 with Retry-After; everything else is
 * a generic 500 whose cause goes to the log and to the error tracker, never to the client.
 * Route handlers catch everything (withAgencyAuth), so Next's own onRequestError never sees an
 * API error: this branch is where they are reported.
 */
export function toApiError(error: unknown, context: ErrorReportContext & { requestId: string }): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof DomainError) return fromDomainError(error);
  if (isDatabaseUnavailable(error)) {
    logger.warn(
      { requestId: context.requestId, route: context.route, err: { message: (error as Error)?.message } },
      'database unavailable',
    );
    return databaseUnavailable();
  }
  const code = typeof (error as PostgresError)?.code === 'string' ? ((error as PostgresError).code as string) : undefined;
  // Our own SQL checks raise SEGnn with a message written for users.
  if (code?.startsWith('SEG')) return conflict(String((error as PostgresError).message));
  if (code === '23505') return conflict('That record already exists.');
  if (code === '42501') return forbidden('Your role does not allow this change.');
  // Class 22 (data exceptions: bad text, out-of-range values) and broken references are the
  // request's fault, not the server's.
  if (code === '23503' || code === '23514' || code?.startsWith('22')) {
    return new ApiError(422, 'unprocessable', 'Unprocessable request', 'The request refers to data that does not exist or breaks a rule.');
  }
  logger.error(
    { requestId: context.requestId, route: context.route, err: { name: (error as Error)?.name, code, message: (error as Error)?.message } },
    'unhandled error in route handler',
  );
  reportError(error, context);
  return new ApiError(
    500,
    'internal',
    'Something went wrong',
    'The server could not complete the request. Try again; if it keeps failing, contact support with the request id.',
  );
}
