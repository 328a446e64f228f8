/**
 * How the customer lists take a page: `limit` (1–100, 25 by default) and an opaque `cursor` they
 * issued. The sorted lists (the drill-down, the movers) page by keyset: the cursor is the last
 * row's sort value and id, so a page never repeats or skips a row when rows arrive between
 * requests.
 */
import { z } from 'zod';
import { DomainError } from '@/lib/domain-error';

/** Customers on one page of a list, unless the caller asks for another number. */
export const LIST_PAGE_SIZE = 25;

export const pageQuery = (maxCursorLength: number) =>
  z.object({
    limit: z.coerce
      .number({ error: 'Must be a number.' })
      .int('Must be a whole number.')
      .min(1)
      .max(100)
      .default(LIST_PAGE_SIZE)
      .meta({ description: 'Rows on one page.' }),
    cursor: z
      .string()
      .max(maxCursorLength)
      .regex(/^[A-Za-z0-9_-]+$/, 'Not a cursor returned by this API.')
      .optional()
      .meta({ description: 'The `nextCursor` of the previous page; absent for the first page.' }),
  });

/** Where a keyset page ends: the last row's sort value (as text) and its id. */
export interface KeysetPosition {
  value: string;
  id: string;
}

export const notACursor = () => new DomainError('invalid', 'Not a cursor returned by this API.', { field: 'query.cursor' });

export const encodeKeyset = (position: KeysetPosition) =>
  Buffer.from(JSON.stringify([position.value, position.id]), 'utf8').toString('base64url');

/** A cursor this API issued, or the caller's mistake (never a query built from a forged value). */
export function decodeKeyset(cursor: string, maxValueLength: number): KeysetPosition {
  try {
    const [value, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    if (typeof value === 'string' && value.length <= maxValueLength && typeof id === 'string' && /^[0-9a-f-]{36}$/.test(id)) {
      return { value, id };
    }
  } catch {
    // falls through to the same answer as any other foreign string
  }
  throw notACursor();
}
