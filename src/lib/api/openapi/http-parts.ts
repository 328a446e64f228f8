/**
 * The parts of the API reference every operation shares: the problem+json error (RFC 9457, as
 * src/lib/api/problem.ts writes it), the headers the adapters set (request id, the IETF RateLimit
 * fields of src/lib/api/rate-limits.ts, Retry-After) and the ways a caller proves who they are.
 */
import { z } from 'zod';
import type { oas31, ZodOpenApiComponentsObject, ZodOpenApiResponseObject } from 'zod-openapi';
import { SESSION_COOKIE } from '@/lib/auth/cookies';
import { DATABASE_RETRY_AFTER_SECONDS } from '../error-mapper';

const PROBLEM_MEDIA_TYPE = 'application/problem+json';

/** What every error answer carries. Extension members (RFC 9457 §3.2, e.g. an import's `jobId`) may follow. */
export const ProblemSchema = z
  .looseObject({
    type: z.string().meta({ description: 'The kind of problem, `/problems/<code>`: clients branch on it.' }),
    title: z.string().meta({ description: 'A short summary of the kind of problem.' }),
    status: z.number().int().min(400).max(599),
    detail: z.string().optional().meta({ description: 'What went wrong with this request, in words for a person.' }),
    instance: z.string().optional().meta({ description: 'The path that was called.' }),
    requestId: z.string().meta({ description: 'The same value as the X-Request-Id header: quote it to support.' }),
    errors: z
      .array(
        z.object({
          field: z.string().meta({ description: "Which input, in the request's terms: `query.limit`, `body.email`, `params.jobId`." }),
          message: z.string(),
        }),
      )
      .optional()
      .meta({ description: 'For 400: one entry per refused input.' }),
  })
  .meta({ id: 'Problem', description: 'An RFC 9457 problem: every error answer of the API.' });

export type Problem = z.infer<typeof ProblemSchema>;

/** Statuses an operation may answer with a problem. */
export type ProblemStatus = 400 | 401 | 403 | 404 | 409 | 413 | 422 | 429 | 500 | 503;

const header = (description: string, schema: oas31.SchemaObject): oas31.HeaderObject => ({ description, schema });

/** Response headers, by component name. */
const HEADERS = {
  'X-Request-Id': header('Identifies this request in the logs; the same value as `requestId` in a problem.', { type: 'string' }),
  'RateLimit-Limit': header('Requests allowed in the window of this route family.', { type: 'integer' }),
  'RateLimit-Remaining': header('Requests left in the current window.', { type: 'integer', minimum: 0 }),
  'RateLimit-Reset': header('Seconds until the window starts again.', { type: 'integer', minimum: 1 }),
  'RateLimit-Policy': header('The family\'s limit as "<requests>;w=<seconds>", e.g. "120;w=60".', { type: 'string' }),
  'Retry-After': header('Seconds to wait before trying again.', { type: 'integer', minimum: 1 }),
} as const;

type HeaderName = keyof typeof HEADERS;
const refs = (...names: HeaderName[]): Record<string, oas31.ReferenceObject> =>
  Object.fromEntries(names.map((name) => [name, { $ref: `#/components/headers/${name}` }]));

const RATE_LIMIT_HEADERS: HeaderName[] = ['RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset', 'RateLimit-Policy'];

/** Headers of a response: the request id always; the RateLimit fields on a limited route (counted once the caller is known). */
export function responseHeaders(options: { rateLimited: boolean; retryAfter?: boolean }) {
  return refs('X-Request-Id', ...(options.rateLimited ? RATE_LIMIT_HEADERS : []), ...(options.retryAfter ? ['Retry-After' as const] : []));
}

/** What each status means in this API, whichever route answers it. */
const PROBLEM_MEANING: Record<ProblemStatus, { description: string; example: Pick<Problem, 'type' | 'title' | 'detail' | 'errors'> }> = {
  400: {
    description: 'Some input is missing or invalid; `errors` names each field.',
    example: {
      type: '/problems/validation',
      title: 'Invalid request',
      detail: 'Some fields are missing or invalid.',
      errors: [{ field: 'query.limit', message: 'Too big: expected number to be <=100' }],
    },
  },
  401: {
    description: 'No session, or it has expired: sign in again.',
    example: {
      type: '/problems/unauthorized',
      title: 'Sign-in required',
      detail: 'Your session is missing or has expired. Sign in and try again.',
    },
  },
  403: {
    description:
      "The caller's role in the agency does not allow this, the account belongs to no agency, or a state-changing request came from another site.",
    example: { type: '/problems/forbidden', title: 'Not allowed', detail: 'Your role (viewer) does not allow this.' },
  },
  404: {
    description: "Not found, or not the caller's: another agency's id answers exactly like one that does not exist.",
    example: { type: '/problems/not-found', title: 'Agency not found', detail: 'No agency with that id is available to you.' },
  },
  409: {
    description: 'The request conflicts with the current state (a newer version, a run already in progress).',
    example: {
      type: '/problems/conflict',
      title: 'Conflict',
      detail: 'The rules were changed by someone else (now version 3). Reload and try again.',
    },
  },
  413: {
    description: 'The body or file is larger than this route accepts.',
    example: { type: '/problems/payload-too-large', title: 'Request body too large', detail: 'The body must be at most 65536 bytes.' },
  },
  422: {
    description: 'The request is well-formed but cannot be carried out on this data.',
    example: {
      type: '/problems/unprocessable',
      title: 'Unprocessable request',
      detail: 'The agency has no customers yet: import a book first.',
    },
  },
  429: {
    description: 'Too many requests in this route family; wait `Retry-After` seconds.',
    example: { type: '/problems/rate-limited', title: 'Too many requests', detail: 'Limit of 120 requests reached; retry in 42 seconds.' },
  },
  500: {
    description:
      'The server failed unexpectedly and says nothing more; the failure is in its logs (and the error tracker) under `requestId`: quote it to support.',
    example: {
      type: '/problems/internal',
      title: 'Something went wrong',
      detail: 'The server could not complete the request. Try again; if it keeps failing, contact support with the request id.',
    },
  },
  503: {
    description: `A dependency (the database) is unavailable; nothing was changed. Retry after \`Retry-After\` seconds (${DATABASE_RETRY_AFTER_SECONDS} for the database).`,
    example: {
      type: '/problems/unavailable',
      title: 'Temporarily unavailable',
      detail: `The database cannot be reached right now; nothing was changed. Try again in ${DATABASE_RETRY_AFTER_SECONDS} seconds.`,
    },
  },
};

/** The problem response for one status of one operation. */
export function problemResponse(status: ProblemStatus, path: string, rateLimited: boolean): ZodOpenApiResponseObject {
  const { description, example } = PROBLEM_MEANING[status];
  const exampleProblem: Problem = {
    ...(example as Pick<Problem, 'type' | 'title'>),
    status,
    instance: path,
    requestId: '5f0c6a0e-8d1b-4d53-9f43-0b7f1d2c9a61',
  };
  return {
    description,
    headers: responseHeaders({ rateLimited: rateLimited && status !== 401, retryAfter: status === 429 || status === 503 }),
    content: { [PROBLEM_MEDIA_TYPE]: { schema: ProblemSchema, example: exampleProblem } },
  };
}

/** How a caller proves who they are. */
export const SECURITY_SCHEMES: ZodOpenApiComponentsObject['securitySchemes'] = {
  session: {
    type: 'apiKey',
    in: 'cookie',
    name: SESSION_COOKIE,
    description:
      'The session cookie that POST /api/auth/sign-in sets. State-changing requests from a browser must come from the app itself (Origin / Sec-Fetch-Site).',
  },
  cronSecret: {
    type: 'http',
    scheme: 'bearer',
    description: 'The CRON_SECRET the deployment is configured with, for an external scheduler.',
  },
  metricsToken: {
    type: 'http',
    scheme: 'bearer',
    description: 'The METRICS_TOKEN the deployment is configured with, for a Prometheus scraper.',
  },
};

/** The headers as document components, referenced by every response. */
export const HEADER_COMPONENTS: ZodOpenApiComponentsObject['headers'] = HEADERS;
