import { compileErrors, validate } from '@readme/openapi-parser';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { GET } from '@/app/api/openapi.json/route';
import { API_OPERATIONS, buildOpenApiDocument, openApiDocument } from '@/lib/api/openapi/document';
import { PUBLIC_ROUTES, ROUTES } from '../helpers/routes';

type Doc = ReturnType<typeof buildOpenApiDocument>;
interface Media {
  schema?: object;
  example?: unknown;
}

/** "GET /api/customers/:customerId" → ["get", "/api/customers/{customerId}"]. */
const asOpenApi = (name: string) => {
  const [method, path] = name.split(' ') as [string, string];
  return [method.toLowerCase(), path.replace(/:(\w+)/g, '{$1}')] as const;
};

const missingRoutes = (doc: Doc) =>
  [...ROUTES, ...PUBLIC_ROUTES]
    .map((route) => route.name)
    .filter((name) => {
      const [method, path] = asOpenApi(name);
      return !(doc.paths?.[path] as Record<string, unknown> | undefined)?.[method];
    });

/** Every example of the document, with the schema it must satisfy (request bodies, success and problem answers). */
function examplesOf(doc: Doc): { where: string; schema: object; example: unknown }[] {
  const found: { where: string; schema: object; example: unknown }[] = [];
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const [method, operation] of Object.entries(
      item as Record<
        string,
        { requestBody?: { content: Record<string, Media> }; responses: Record<string, { content?: Record<string, Media> }> }
      >,
    )) {
      const contents = [
        ['request', operation.requestBody?.content ?? {}],
        ...Object.entries(operation.responses).map(([status, response]) => [status, response.content ?? {}] as const),
      ] as const;
      for (const [part, content] of contents) {
        for (const [mediaType, media] of Object.entries(content)) {
          if (media.example !== undefined && media.schema)
            found.push({ where: `${method.toUpperCase()} ${path} ${part} ${mediaType}`, schema: media.schema, example: media.example });
        }
      }
    }
  }
  return found;
}

/** Examples that do not validate against their schema, with ajv's reasons (JSON Schema 2020-12, as OpenAPI 3.1 uses). */
function invalidExamples(doc: Doc): string[] {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema({ components: doc.components }, 'doc');
  const withRefs = (schema: object) => JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', '"doc#/components/')) as object;
  const compiled = new Map<string, ReturnType<typeof ajv.compile>>();
  return examplesOf(doc).flatMap(({ where, schema, example }) => {
    const key = JSON.stringify(schema);
    const check = compiled.get(key) ?? ajv.compile(withRefs(schema));
    compiled.set(key, check);
    return check(example) ? [] : [`${where}: ${ajv.errorsText(check.errors)}`];
  });
}

describe('the API reference (OpenAPI 3.1)', () => {
  const doc = openApiDocument();

  it('documents every route of the guard table, guarded and public, under its method', () => {
    expect(missingRoutes(doc)).toEqual([]);
  });

  it('notices a route that is left out', () => {
    const withoutOne = buildOpenApiDocument(
      API_OPERATIONS.filter((op) => !(op.method === 'delete' && op.path === '/api/members/{userId}')),
    );
    expect(missingRoutes(withoutOne)).toEqual(['DELETE /api/members/:userId']);
  });

  it('gives every operation a summary, a success answer with an example, and problem+json errors', () => {
    const failingOnPurpose: string[] = [];
    for (const [path, item] of Object.entries(doc.paths ?? {})) {
      for (const [method, op] of Object.entries(
        item as Record<string, { summary?: string; responses: Record<string, { content?: Record<string, Media> }> }>,
      )) {
        const where = `${method} ${path}`;
        expect(op.summary, where).toBeTruthy();
        const responses = Object.entries(op.responses);
        // The one operation that exists to fail documents a 500, as a problem with an example, and no 2xx.
        const success = responses.find(([status]) => Number(status) < 300) ?? responses.find(([status]) => status === '500');
        expect(success, where).toBeDefined();
        if (success![0] === '500') failingOnPurpose.push(where);
        if (success![0] !== '204') expect(Object.values(success![1].content ?? {})[0]?.example, where).toBeDefined();
        for (const [status, response] of responses.filter(([status]) => Number(status) >= 300))
          expect(Object.keys(response.content ?? {}), `${where} ${status}`).toEqual(['application/problem+json']);
      }
    }
    expect(failingOnPurpose).toEqual(['post /api/ops/error-report/test']);
    expect(examplesOf(doc).length).toBeGreaterThan(100);
  });

  it('has examples that validate against their schemas', { timeout: 30_000 }, () => {
    expect(invalidExamples(doc)).toEqual([]);
  });

  it('notices an example that does not validate', { timeout: 30_000 }, () => {
    const broken = API_OPERATIONS.map((op) =>
      op.path === '/api/members' && op.method === 'get' && 'json' in op.success
        ? {
            ...op,
            success: {
              ...op.success,
              example: { members: [{ userId: 'not-a-uuid', email: 'a@b.test', role: 'emperor', joinedAt: 'yesterday' }] },
            },
          }
        : op,
    );
    const problems = invalidExamples(buildOpenApiDocument(broken));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^GET \/api\/members 200 application\/json: /);
  });

  it('describes the rate-limit headers and a 429 on every limited operation', () => {
    const summary = doc.paths!['/api/analytics/segmentation']!.get!;
    expect(Object.keys(summary.responses!['200']!.headers!)).toEqual(
      expect.arrayContaining(['RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset', 'RateLimit-Policy', 'X-Request-Id']),
    );
    expect(Object.keys(summary.responses!['429']!.headers!)).toContain('Retry-After');
    expect(summary.description).toContain('120 requests per 60 seconds (read)');
    expect(doc.paths!['/api/analytics/segmentation/settings']!.put!.description).toContain('**Who:** Owners and admins.');
  });

  it('is a valid OpenAPI 3.1 document', async () => {
    const result = await validate(structuredClone(doc) as never);
    expect(result.valid ? '' : compileErrors(result)).toBe('');
    expect(result.warnings).toEqual([]);
  });

  it('is served as public, cacheable JSON', async () => {
    const response = await GET(new Request('http://localhost/api/openapi.json'));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(response.headers.get('cache-control')).toBe('public, max-age=3600');
    expect(((await response.json()) as Doc).openapi).toBe('3.1.0');
  });
});
