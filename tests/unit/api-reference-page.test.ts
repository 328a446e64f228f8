import { describe, expect, it } from 'vitest';
import { API_OPERATIONS, buildOpenApiDocument, openApiDocument } from '@/lib/api/openapi/document';
import { apiReference, schemaWords } from '@/lib/api/openapi/reference';

/** The reference page (/help/api) reads the OpenAPI document: what it lists, and the words it gives each parameter. */
describe('the API reference page’s reading of the OpenAPI document', () => {
  const reference = apiReference();
  const operations = reference.tags.flatMap((tag) => tag.operations);

  it('lists every operation of the document once, under its tag, in the tags’ order', () => {
    const documented = Object.entries(openApiDocument().paths ?? {}).flatMap(([path, item]) =>
      Object.keys(item ?? {}).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(operations.map(({ method, path }) => `${method} ${path}`).sort()).toEqual(documented.sort());
    expect(new Set(operations.map(({ id }) => id)).size).toBe(operations.length);
    expect(reference.tags.map(({ name }) => name)).toEqual([
      'Segmentation',
      'History',
      'Customers',
      'Import',
      'Agencies',
      'Sign-in',
      'Operations',
    ]);
  });

  it('follows the document: an operation left out of it is left off the page', () => {
    const without = apiReference(buildOpenApiDocument(API_OPERATIONS.filter((op) => op.path !== '/api/members/{userId}')));
    expect(without.tags.flatMap((tag) => tag.operations)).toHaveLength(operations.length - 2);
  });

  it('gives each parameter its place, type in words and whether it is required, the shared agency header included', () => {
    const movers = operations.find(({ method, path }) => method === 'GET' && path === '/api/analytics/segmentation/movers')!;
    expect(movers.parameters.map(({ name, where, type, required }) => [name, where, type, required])).toEqual([
      ['from', 'query', 'string', false],
      ['to', 'query', 'string', false],
      ['direction', 'query', 'one of `down`, `up`', true],
      ['sort', 'query', 'one of `moved`, `premiumFrom`, `premiumTo`, `customer`', false],
      ['limit', 'query', 'integer, 1 to 100, default `25`', false],
      ['cursor', 'query', 'string, at most 400 characters', false],
      ['X-Agency-Id', 'header', 'string (uuid)', false],
    ]);
    expect(movers.parameters.at(-1)!.description).toMatch(/^The agency to act on/);
    expect(movers.problems.map(({ status }) => status)).toEqual(['400', '401', '403', '404', '429', '503']);
    expect(movers.success.headers).toContain('RateLimit-Policy');
  });

  it('describes every parameter (from the .meta() of the schema the route parses with)', () => {
    const undescribed = operations.flatMap(({ method, path, parameters }) =>
      parameters.filter(({ description }) => !description).map(({ name }) => `${method} ${path} ${name}`),
    );
    expect(undescribed).toEqual([]);
  });

  it('shows a JSON example as indented JSON and a CSV body as the text itself', () => {
    const upload = operations.find(({ method, path }) => method === 'POST' && path === '/api/customers/import')!;
    expect(upload.requestBody).toMatchObject({ mediaType: 'text/csv', description: 'The file itself, as the body (not a form).' });
    expect(upload.requestBody!.text).toMatch(/^customer_id,customer_name,/);
    expect(upload.success.example!.text).toMatch(/^\{\n {2}"/);
    expect(schemaWords({ anyOf: [{ type: 'string', format: 'date' }, { type: 'null' }] })).toBe('string (date) or null');
    expect(schemaWords({ type: 'array', items: { type: 'string', minLength: 1, maxLength: 5 } })).toBe('list of string, 1 to 5 characters');
  });

  it('lists the fields of every problem answer, required ones marked', () => {
    expect(reference.problemFields.filter(({ required }) => required).map(({ name }) => name)).toEqual([
      'type',
      'title',
      'status',
      'requestId',
    ]);
  });
});
