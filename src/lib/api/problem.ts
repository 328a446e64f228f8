/**
 * The one error type route code throws, and its RFC 9457 problem+json rendering. Every error
 * response of the API goes through `problemResponse`, always with the request id.
 */
export interface FieldError {
  /** Where the problem is: 'query.limit', 'body.email', 'params.userId'. */
  field: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly title: string,
    readonly detail?: string,
    readonly extra: { errors?: FieldError[]; headers?: Record<string, string>; members?: Record<string, unknown> } = {},
  ) {
    super(detail ?? title);
    this.name = 'ApiError';
  }
}

export const unauthorized = () =>
  new ApiError(401, 'unauthorized', 'Sign-in required', 'Your session is missing or has expired. Sign in and try again.');
export const forbidden = (detail: string) => new ApiError(403, 'forbidden', 'Not allowed', detail);
export const notFound = (what: string) =>
  new ApiError(404, 'not-found', `${what} not found`, `No ${what.toLowerCase()} with that id is available to you.`);
export const conflict = (detail: string) => new ApiError(409, 'conflict', 'Conflict', detail);
export const validationFailed = (errors: FieldError[], detail = 'Some fields are missing or invalid.') =>
  new ApiError(400, 'validation', 'Invalid request', detail, { errors });

/** The problem+json object of an error: what an error response carries, and an NDJSON stream's failure line. */
export function problemBody(error: ApiError, requestId: string, instance?: string): Record<string, unknown> {
  return {
    type: `/problems/${error.code}`,
    title: error.title,
    status: error.status,
    ...(error.detail ? { detail: error.detail } : {}),
    ...(instance ? { instance } : {}),
    requestId,
    ...(error.extra.errors ? { errors: error.extra.errors } : {}),
    // Extension members (RFC 9457 §3.2), e.g. the id of the import job a file problem belongs to.
    ...error.extra.members,
  };
}

export function problemResponse(error: ApiError, requestId: string, instance?: string): Response {
  return new Response(JSON.stringify(problemBody(error, requestId, instance)), {
    status: error.status,
    headers: {
      'content-type': 'application/problem+json',
      'cache-control': 'no-store',
      'x-request-id': requestId,
      ...error.extra.headers,
    },
  });
}
