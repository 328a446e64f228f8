/**
 * One API operation as the reference describes it. For an authenticated route it is derived from
 * the use case the route serves: its query, params and body schemas (the ones withAgencyAuth
 * parses with), its permission (who may call it), its rate-limit family and the domain errors it
 * declares (which problem statuses it can answer). The declaration adds only what HTTP alone
 * knows: path, method, words, the success status and its body.
 */
import type { z } from 'zod';
import type { oas31, ZodOpenApiOperationObject, ZodOpenApiResponseObject } from 'zod-openapi';
import { RATE_LIMITS, type RateLimitFamily } from '../rate-limits';
import type { UseCaseOf } from '@/lib/use-case';
import { AGENCY_ROLES, roleHas, type Permission } from '@/lib/tenancy/permissions';
import { problemResponse, responseHeaders, type ProblemStatus } from './http-parts';

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

export const TAGS = [
  { name: 'Segmentation', description: 'The tier summary, the tier rules and scoring.' },
  { name: 'History', description: 'Snapshots over time: trends, tier movement, movers, retention and the history backfill.' },
  { name: 'Customers', description: 'The book as lists: drill-downs, one customer, CSV exports.' },
  { name: 'Import', description: 'Uploading a book-of-business file: analyze, validate, commit.' },
  { name: 'Agencies', description: 'Your agencies and their members.' },
  { name: 'Sign-in', description: 'Sessions.' },
  { name: 'Operations', description: 'Health, the scheduler and this reference.' },
] as const;
export type Tag = (typeof TAGS)[number]['name'];

/** What a successful call answers. */
export type Success =
  | { status: 200 | 201 | 202; description: string; json: z.ZodType; example: unknown; headers?: Record<string, oas31.HeaderObject> }
  | { status: 200; description: string; csv: string }
  | { status: 200; description: string; text: { mediaType: string; example: string } }
  | { status: 204; description: string }
  /** An operation that exists to fail (the test error report): its documented answer is the problem. */
  | { status: 500; description: string; problem: true };

interface Words {
  method: HttpMethod;
  /** OpenAPI form: `/api/customers/{customerId}`. */
  path: string;
  tag: Tag;
  summary: string;
  description: string;
  success: Success;
}

export interface ApiOperation extends Words {
  auth: 'session' | 'cron' | 'metrics' | 'none';
  /** Who may call it, in words. */
  who: string;
  query?: z.ZodType;
  params?: z.ZodType;
  body?: { mediaType: string; schema?: z.ZodType; example: unknown; description?: string };
  rateLimit: keyof typeof RATE_LIMITS | null;
  problems: ProblemStatus[];
  /** Selects the agency with the X-Agency-Id header. */
  agencyScoped: boolean;
}

/** "Owners and admins", from the role table: the roles whose permissions include this one. */
export function rolesAllowed(permission: Permission | null): string {
  if (!permission) return 'Any member of the agency';
  const roles = AGENCY_ROLES.filter((role) => roleHas(role, permission)).map((role) => `${role}s`);
  const words = roles.length === 1 ? roles[0]! : `${roles.slice(0, -1).join(', ')} and ${roles.at(-1)}`;
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * An authenticated route serving `useCase` through withAgencyAuth. `input` covers what the use
 * case reads outside its schemas (a streamed file body).
 */
export function operationOf(
  useCase: UseCaseOf<unknown>,
  words: Words & { body?: { mediaType: string; example: unknown; description?: string }; extraProblems?: ProblemStatus[] },
): ApiOperation {
  const { extraProblems = [], body, ...rest } = words;
  const agencyScoped = useCase.scope === 'agency';
  const takesInput = Boolean(useCase.query || useCase.params || useCase.body || body);
  const declared = new Set(useCase.errors);
  const problems = new Set<ProblemStatus>([401, 429, 503, ...extraProblems]);
  if (takesInput || declared.has('invalid')) problems.add(400);
  if (agencyScoped || words.method !== 'get' || declared.has('forbidden')) problems.add(403);
  if (agencyScoped || declared.has('not-found')) problems.add(404);
  if (declared.has('conflict')) problems.add(409);
  if (declared.has('unprocessable')) problems.add(422);
  if (declared.has('too-large') || useCase.body) problems.add(413);
  return {
    ...rest,
    auth: 'session',
    who: rolesAllowed(useCase.permission),
    query: useCase.query,
    params: useCase.params,
    body: useCase.body ? { ...body!, mediaType: 'application/json', schema: useCase.body } : body,
    rateLimit: useCase.rateLimit,
    problems: [...problems].sort(),
    agencyScoped,
  };
}

const SECURITY = { session: [{ session: [] }], cron: [{ cronSecret: [] }], metrics: [{ metricsToken: [] }], none: [] };

function successResponse(success: Success, rateLimited: boolean, path: string): ZodOpenApiResponseObject {
  if ('problem' in success) return { ...problemResponse(success.status, path, rateLimited), description: success.description };
  const headers: Record<string, oas31.HeaderObject | oas31.ReferenceObject> = {
    ...responseHeaders({ rateLimited }),
    ...('headers' in success ? success.headers : {}),
  };
  if ('json' in success) {
    return {
      description: success.description,
      headers,
      content: { 'application/json': { schema: success.json, example: success.example } },
    };
  }
  if ('csv' in success) {
    return {
      description: success.description,
      headers: { ...headers, 'Content-Disposition': { description: 'attachment; filename="…csv"', schema: { type: 'string' } } },
      content: { 'text/csv': { schema: { type: 'string' }, example: success.csv } },
    };
  }
  if ('text' in success) {
    return {
      description: success.description,
      headers,
      content: { [success.text.mediaType]: { schema: { type: 'string' }, example: success.text.example } },
    };
  }
  return { description: success.description, headers };
}

const limitWords = (family: RateLimitFamily) => {
  const { points, windowSeconds } = RATE_LIMITS[family];
  return `${points} requests per ${windowSeconds >= 120 ? `${windowSeconds / 60} minutes` : `${windowSeconds} seconds`} (${family})`;
};

/** The OpenAPI operation object zod-openapi renders (schemas become JSON Schema 2020-12). */
export function toOpenApiOperation(operation: ApiOperation): ZodOpenApiOperationObject {
  const rateLimited = operation.rateLimit !== null;
  const facts = [`**Who:** ${operation.who}.`, ...(operation.rateLimit ? [`**Rate limit:** ${limitWords(operation.rateLimit)}.`] : [])];
  return {
    operationId: `${operation.method}${operation.path.replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) => (c ?? '').toUpperCase())}`,
    tags: [operation.tag],
    summary: operation.summary,
    description: `${operation.description}\n\n${facts.join(' ')}`,
    security: SECURITY[operation.auth],
    requestParams: {
      ...(operation.query ? { query: operation.query as never } : {}),
      ...(operation.params ? { path: operation.params as never } : {}),
    },
    ...(operation.agencyScoped ? { parameters: [{ $ref: '#/components/parameters/AgencyId' }] } : {}),
    ...(operation.body
      ? {
          requestBody: {
            required: true,
            ...(operation.body.description ? { description: operation.body.description } : {}),
            content: {
              [operation.body.mediaType]: { schema: operation.body.schema ?? { type: 'string' }, example: operation.body.example },
            },
          },
        }
      : {}),
    responses: {
      [operation.success.status]: successResponse(operation.success, rateLimited, operation.path),
      ...Object.fromEntries(operation.problems.map((status) => [status, problemResponse(status, operation.path, rateLimited)])),
    },
  };
}
