/** How the customer lists take a page: `limit` (1–100, 25 by default) and an opaque `cursor` they issued. */
import { z } from 'zod';

/** Customers on one page of a list, unless the caller asks for another number. */
export const LIST_PAGE_SIZE = 25;

export const pageQuery = (maxCursorLength: number) =>
  z.object({
    limit: z.coerce.number({ error: 'Must be a number.' }).int('Must be a whole number.').min(1).max(100).default(LIST_PAGE_SIZE),
    cursor: z
      .string()
      .max(maxCursorLength)
      .regex(/^[A-Za-z0-9_-]+$/, 'Not a cursor returned by this API.')
      .optional(),
  });
