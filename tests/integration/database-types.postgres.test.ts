import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DATABASE_TYPES_FILE, generateDatabaseTypes } from '../../scripts/database-types';

/**
 * The committed row types describe the schema the migrations build. The Supabase CLI reads a
 * PostgreSQL server (it cannot read PGlite), so this file belongs to the PostgreSQL run only
 * (vitest.config.mts: *.postgres.test.ts).
 */
describe('generated database types, on postgres', () => {
  it('src/lib/db/database.types.ts is what npm run db:types generates from the migrations', { timeout: 180_000 }, async () => {
    const url = process.env.TEST_DATABASE_URL;
    if (!url) throw new Error('The PostgreSQL run needs TEST_DATABASE_URL (npm test starts a throwaway server and sets it).');
    const fresh = await generateDatabaseTypes(url);
    const committed = readFileSync(DATABASE_TYPES_FILE, 'utf8');
    expect(committed, `${DATABASE_TYPES_FILE} is stale: run npm run db:types and commit it`).toBe(fresh);
  });
});
