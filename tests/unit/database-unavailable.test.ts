import { describe, expect, it, vi } from 'vitest';

/**
 * The production server holds several copies of src/lib/db/errors.ts (Next bundles it into each
 * route's chunk), and the database throws the class of whichever copy opened it. A route's error
 * mapper, with its own copy, must still see "the database is unavailable" (503 with
 * Retry-After), not an unknown error (500). Two fresh module instances stand for two chunks.
 */
async function freshCopy() {
  vi.resetModules();
  return import('@/lib/db/errors');
}

describe('DatabaseUnavailableError across copies of its module', () => {
  it('an outage raised by one copy is recognised by another', async () => {
    const opener = await freshCopy();
    const route = await freshCopy();
    expect(route.DatabaseUnavailableError).not.toBe(opener.DatabaseUnavailableError);

    const outage = opener.classifyDatabaseError(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }));
    expect(outage).toBeInstanceOf(opener.DatabaseUnavailableError);
    expect(route.isDatabaseUnavailable(outage)).toBe(true);
    expect(outage instanceof route.DatabaseUnavailableError).toBe(true);
    // Wrapped once more on the way (a transaction's rollback path), it is still an outage.
    expect(route.isDatabaseUnavailable(new Error('rollback failed', { cause: outage }))).toBe(true);
    // Classified again by the other copy: passed through, not wrapped twice.
    expect(route.classifyDatabaseError(outage)).toBe(outage);
  });

  it('other errors, whatever their name, stay what they are', async () => {
    const { isDatabaseUnavailable } = await freshCopy();
    expect(isDatabaseUnavailable(Object.assign(new Error('syntax error'), { code: '42601' }))).toBe(false);
    expect(isDatabaseUnavailable(Object.assign(new Error('impostor'), { name: 'DatabaseUnavailableError' }))).toBe(false);
    expect(isDatabaseUnavailable(null)).toBe(false);
  });
});
