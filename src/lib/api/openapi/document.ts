/**
 * The API reference: an OpenAPI 3.1 document built from the operations declared in
 * ./operations (each derived from the use case its route serves), rendered by zod-openapi from
 * the same zod schemas the routes parse with. Served at GET /api/openapi.json and read by the
 * page /help/api. A new route gets in by adding its operation there; tests/unit/openapi.test.ts
 * fails while a route of the guard table is missing.
 */
import { createDocument, type ZodOpenApiPathsObject } from 'zod-openapi';
import { config } from '@/lib/config';
import { HEADER_COMPONENTS, ProblemSchema, SECURITY_SCHEMES } from './http-parts';
import { TAGS, toOpenApiOperation, type ApiOperation } from './operation';
import { ACCOUNT_OPERATIONS } from './operations/accounts';
import { CUSTOMER_OPERATIONS } from './operations/customers';
import { ERROR_REPORT_OPERATIONS } from './operations/error-reports';
import { SEGMENTATION_OPERATIONS } from './operations/segmentation';

/** Every operation of the API, in the order the reference lists them (by tag, then as declared). */
export const API_OPERATIONS: ApiOperation[] = TAGS.flatMap(({ name }) =>
  [...SEGMENTATION_OPERATIONS, ...CUSTOMER_OPERATIONS, ...ACCOUNT_OPERATIONS, ...ERROR_REPORT_OPERATIONS].filter(
    (operation) => operation.tag === name,
  ),
);

const DESCRIPTION = `The HTTP API of Customer Segmentation: the tier summary, drill-down lists, imports, rules and members of an agency.

Sign in with POST /api/auth/sign-in; the session cookie it sets authenticates every other call. A request acts on the caller's current agency (the switcher's choice), or on the one named by the X-Agency-Id header. What each role may do is said per operation.

Every error is RFC 9457 problem+json with the request id; a 400 lists each refused field in \`errors\`. Limited routes send the IETF RateLimit header fields on every answer once the caller is known, and 429 with Retry-After past the limit. A 503 (the database unavailable) carries Retry-After; nothing was changed.`;

export function buildOpenApiDocument(operations: ApiOperation[] = API_OPERATIONS) {
  const paths: ZodOpenApiPathsObject = {};
  for (const operation of operations) {
    paths[operation.path] = { ...paths[operation.path], [operation.method]: toOpenApiOperation(operation) };
  }
  return createDocument({
    openapi: '3.1.0',
    info: { title: 'Customer Segmentation API', version: config().version, description: DESCRIPTION },
    tags: TAGS.map((tag) => ({ ...tag })),
    paths,
    components: {
      schemas: { Problem: ProblemSchema },
      headers: HEADER_COMPONENTS,
      securitySchemes: SECURITY_SCHEMES,
      parameters: {
        AgencyId: {
          name: 'X-Agency-Id',
          in: 'header',
          required: false,
          description: 'The agency to act on, when not the current one; it must be one of yours (404 otherwise).',
          schema: { type: 'string', format: 'uuid' },
        },
      },
    },
  });
}

export type OpenApiDocument = ReturnType<typeof buildOpenApiDocument>;

let built: OpenApiDocument | undefined;

/** The document, built once per process (it depends only on the code and the version). */
export function openApiDocument(): OpenApiDocument {
  built ??= buildOpenApiDocument();
  return built;
}
