/**
 * What domain code (src/lib/<domain>) raises when a request cannot be served: a closed set of
 * outcomes with a message written for the user, and no HTTP. The API's error mapper
 * (src/lib/api/error-mapper.ts) alone turns them into statuses and problem+json; pages turn
 * them into their not-found page or a message (src/lib/http/run-page-use-case.ts).
 */
export type DomainErrorCode = 'not-found' | 'conflict' | 'invalid' | 'unprocessable' | 'forbidden' | 'unavailable' | 'too-large';

/** One problem with one input, in the request's terms: 'query.cursor', 'body.rules.elite.0'. */
export interface FieldProblem {
  field: string;
  message: string;
}

export interface DomainErrorDetails {
  /** What was not found, conflicted…: "Agency", "Import". */
  subject?: string;
  /** A short title for the outcome, when the code's generic one says too little ("File cannot be imported"). */
  title?: string;
  /** A machine-readable kind within the code ("import-in-progress", "not-utf8"), for clients that branch on it. */
  kind?: string;
  /** For `unavailable`: when trying again makes sense. */
  retryAfterSeconds?: number;
  /** For `invalid`: which input, in the request's terms ('query.agency'). */
  field?: string;
  /** For `invalid`: several inputs at once. */
  fields?: FieldProblem[];
  /** Facts a client can act on (the id of the import job a file problem belongs to, since when a lock is held). */
  facts?: Record<string, unknown>;
}

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly details: DomainErrorDetails = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const notFoundError = (subject: string) =>
  new DomainError('not-found', `No ${subject.toLowerCase()} with that id is available to you.`, { subject });

/** Input the caller got wrong, field by field (in the request's terms: 'query.cursor'). */
export const invalidInput = (fields: FieldProblem[], message = 'Some fields are missing or invalid.') =>
  new DomainError('invalid', message, { fields });

/**
 * Whether `error` is a DomainError (of `code`, when given). By name, not `instanceof`: a script run
 * by tsx can load this module twice (an ESM and a CommonJS copy), and an error made by one copy is
 * not an instance of the other's class (the import's guards check their errors the same way).
 */
export function isDomainError(error: unknown, code?: DomainErrorCode): error is DomainError {
  return error instanceof Error && error.name === 'DomainError' && (code === undefined || (error as DomainError).code === code);
}
