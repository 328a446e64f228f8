/**
 * What domain code (src/lib/<domain>) raises when a request cannot be served: a closed set of
 * outcomes with a message written for the user, and no HTTP. The API's error mapper
 * (src/lib/api/error-mapper.ts) alone turns them into statuses and problem+json.
 */
export type DomainErrorCode = 'not-found' | 'conflict' | 'invalid' | 'forbidden' | 'unavailable' | 'too-large';

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly details: {
      /** What was not found, conflicted…: "Agency", "Import". */
      subject?: string;
      /** For `unavailable`: when trying again makes sense. */
      retryAfterSeconds?: number;
      /** For `invalid`: which input, in the request's terms ('query.agency'). */
      field?: string;
    } = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}
