/**
 * The API reference page (/help/api) reads the OpenAPI document, not the declarations behind it:
 * what a person reads there is exactly what a client generator reads at /api/openapi.json. This
 * module turns the document into what the page shows: operations grouped by tag, each parameter's
 * type in words, examples as pretty JSON, the problem statuses with their meaning.
 */
import type { oas31 } from 'zod-openapi';
import { openApiDocument, type OpenApiDocument } from './document';

export interface ReferenceParameter {
  name: string;
  where: string;
  type: string;
  required: boolean;
  description?: string;
}

export interface ReferenceExample {
  mediaType: string;
  /** Pretty JSON, or the text itself for a text body such as CSV. */
  text: string;
}

export interface ReferenceOperation {
  /** The operationId: the page's anchor for it. */
  id: string;
  method: string;
  path: string;
  summary: string;
  /** Markdown paragraphs (`**bold**` and `code` only); the last says who may call it and the rate limit. */
  description: string[];
  authentication: string;
  parameters: ReferenceParameter[];
  requestBody?: ReferenceExample & { description?: string };
  success: { status: string; description: string; headers: string[]; example?: ReferenceExample };
  problems: { status: string; description: string }[];
}

export interface ReferenceTag {
  id: string;
  name: string;
  description?: string;
  operations: ReferenceOperation[];
}

export interface ApiReference {
  title: string;
  version: string;
  description: string[];
  /** The fields of every error answer (the Problem schema). */
  problemFields: ReferenceParameter[];
  tags: ReferenceTag[];
}

type Schema = oas31.SchemaObject | oas31.ReferenceObject;
const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

const isRef = (value: object): value is oas31.ReferenceObject => '$ref' in value;
const refName = (ref: oas31.ReferenceObject) => ref.$ref.split('/').at(-1)!;
const paragraphs = (text = '') => text.split(/\n{2,}/).filter((paragraph) => paragraph.trim() !== '');
const code = (value: unknown) => `\`${typeof value === 'string' ? value : JSON.stringify(value)}\``;

/** A schema in a few words: "integer, 1 to 100, default `25`", "one of `down`, `up`", "string (uuid)". */
export function schemaWords(schema: Schema | undefined): string {
  if (!schema) return 'any';
  if (isRef(schema)) return refName(schema);
  const words: string[] = [];
  if (schema.const !== undefined) words.push(`exactly ${code(schema.const)}`);
  else if (schema.enum) words.push(`one of ${schema.enum.map(code).join(', ')}`);
  else if (schema.anyOf ?? schema.oneOf) words.push((schema.anyOf ?? schema.oneOf)!.map(schemaWords).join(' or '));
  else if (schema.type === 'array') words.push(`list of ${schemaWords(schema.items)}`);
  else if (schema.type) words.push(`${[schema.type].flat().join(' or ')}${schema.format ? ` (${schema.format})` : ''}`);
  else words.push('any');
  const { minimum, maximum, minLength, maxLength } = schema;
  if (minimum !== undefined && maximum !== undefined) words.push(`${minimum} to ${maximum}`);
  else if (minimum !== undefined) words.push(`at least ${minimum}`);
  else if (maximum !== undefined) words.push(`at most ${maximum}`);
  if (maxLength !== undefined) words.push(minLength ? `${minLength} to ${maxLength} characters` : `at most ${maxLength} characters`);
  else if (minLength) words.push(`at least ${minLength} characters`);
  if (schema.default !== undefined) words.push(`default ${code(schema.default)}`);
  return words.join(', ');
}

function exampleOf(content: Record<string, oas31.MediaTypeObject> | undefined): ReferenceExample | undefined {
  const [mediaType, media] = Object.entries(content ?? {})[0] ?? [];
  if (!mediaType || media?.example === undefined) return undefined;
  return { mediaType, text: typeof media.example === 'string' ? media.example : JSON.stringify(media.example, null, 2) };
}

function parameterOf(doc: OpenApiDocument, parameter: oas31.ParameterObject | oas31.ReferenceObject): ReferenceParameter {
  const resolved = isRef(parameter) ? (doc.components!.parameters![refName(parameter)] as oas31.ParameterObject) : parameter;
  const schema = resolved.schema;
  return {
    name: resolved.name,
    where: resolved.in,
    type: schemaWords(schema),
    required: resolved.required === true,
    description: resolved.description ?? (schema && !isRef(schema) ? schema.description : undefined),
  };
}

const AUTHENTICATION: Record<string, string> = {
  session: 'The session cookie from POST /api/auth/sign-in',
  cronSecret: 'Authorization: Bearer <CRON_SECRET>',
};

function authenticationOf(security: oas31.SecurityRequirementObject[] | undefined): string {
  const schemes = (security ?? []).flatMap((requirement) => Object.keys(requirement));
  return schemes.length === 0 ? 'None: public' : schemes.map((scheme) => AUTHENTICATION[scheme] ?? scheme).join(' or ');
}

function operationOf(doc: OpenApiDocument, method: string, path: string, operation: oas31.OperationObject): ReferenceOperation {
  const responses = Object.entries(operation.responses ?? {}) as [string, oas31.ResponseObject][];
  // The 2xx; an operation that exists to fail (the test error report) documents its 500 instead.
  const [successStatus, success] = responses.find(([status]) => Number(status) < 300) ?? responses.find(([status]) => status === '500')!;
  const body = operation.requestBody && !isRef(operation.requestBody) ? operation.requestBody : undefined;
  const bodyExample = exampleOf(body?.content);
  return {
    id: operation.operationId!,
    method: method.toUpperCase(),
    path,
    summary: operation.summary ?? '',
    description: paragraphs(operation.description),
    authentication: authenticationOf(operation.security),
    parameters: (operation.parameters ?? []).map((parameter) => parameterOf(doc, parameter)),
    ...(body && bodyExample ? { requestBody: { ...bodyExample, ...(body.description ? { description: body.description } : {}) } } : {}),
    success: {
      status: successStatus,
      description: success.description,
      headers: Object.keys(success.headers ?? {}),
      example: exampleOf(success.content),
    },
    problems: responses
      .filter(([status]) => Number(status) >= 400 && status !== successStatus)
      .map(([status, response]) => ({ status, description: response.description })),
  };
}

const anchor = (words: string) => `tag-${words.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;

/** The reference as the page shows it: every operation of the document, under its first tag, in the document's tag order. */
export function apiReference(doc: OpenApiDocument = openApiDocument()): ApiReference {
  const tags = new Map<string, ReferenceTag>(
    (doc.tags ?? []).map((tag) => [tag.name, { id: anchor(tag.name), name: tag.name, description: tag.description, operations: [] }]),
  );
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const method of METHODS) {
      const operation = item?.[method];
      if (!operation) continue;
      const tagName = operation.tags?.[0] ?? 'Other';
      if (!tags.has(tagName)) tags.set(tagName, { id: anchor(tagName), name: tagName, operations: [] });
      tags.get(tagName)!.operations.push(operationOf(doc, method, path, operation));
    }
  }
  const problem = doc.components!.schemas!.Problem as oas31.SchemaObject;
  return {
    title: doc.info.title,
    version: doc.info.version,
    description: paragraphs(doc.info.description),
    problemFields: Object.entries(problem.properties ?? {}).map(([name, schema]) => ({
      name,
      where: 'body',
      type: schemaWords(schema),
      required: problem.required?.includes(name) ?? false,
      description: isRef(schema) ? undefined : schema.description,
    })),
    tags: [...tags.values()].filter((tag) => tag.operations.length > 0),
  };
}
