/**
 * Reading a request's input with a use case's schema, the one way every adapter does it (API
 * routes, pages, sign-in, the cron route): a refusal is an `invalid` DomainError listing each
 * field in the request's terms ('query.limit', 'body.email'), so the API answers it and a page
 * explains it in the same words.
 */
import type { z } from 'zod';
import { invalidInput, type FieldProblem } from './domain-error';

export type InputPart = 'query' | 'body' | 'params';

/** Zod issues as field problems, prefixed with the part of the request they came from. */
export function fieldProblems(error: z.ZodError, part: InputPart): FieldProblem[] {
  return error.issues.map((issue) => ({ field: [part, ...issue.path.map(String)].join('.'), message: issue.message }));
}

/** The parsed value, or an `invalid` DomainError naming each field; no schema: the part is not taken (undefined). */
export async function parseInput<S extends z.ZodType>(schema: S, value: unknown, part: InputPart): Promise<z.output<S>>;
export async function parseInput<S extends z.ZodType>(
  schema: S | undefined,
  value: unknown,
  part: InputPart,
): Promise<z.output<S> | undefined>;
export async function parseInput<S extends z.ZodType>(
  schema: S | undefined,
  value: unknown,
  part: InputPart,
): Promise<z.output<S> | undefined> {
  if (!schema) return undefined;
  const parsed = await schema.safeParseAsync(value);
  if (!parsed.success) throw invalidInput(fieldProblems(parsed.error, part));
  return parsed.data;
}
