import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '@/lib/db/migrate';
import { createEmptyDatabase, testBackend, type TestDatabase } from '../helpers/database';
import { buildFromSchemaFiles, describeSchema, differingEntries } from '../helpers/schema-catalog';

/**
 * supabase/schemas holds the current definition of every table, function, policy and grant;
 * supabase/migrations moves a database from version to version. Both must arrive at the same
 * database: a function changed in one place only, a grant forgotten in a migration, a column
 * added in a different order, all show here as the object that differs.
 */
describe(`the current definitions in supabase/schemas equal the migrations, on ${testBackend()}`, () => {
  let fromMigrations: TestDatabase;
  let fromSchemas: TestDatabase;
  let schemaFilesApplied: string[];
  beforeAll(async () => {
    [fromMigrations, fromSchemas] = await Promise.all([createEmptyDatabase(), createEmptyDatabase()]);
    await migrate(fromMigrations.db);
    schemaFilesApplied = await buildFromSchemaFiles(fromSchemas.db);
  });
  afterAll(() => Promise.all([fromMigrations?.drop(), fromSchemas?.drop()]));

  it('describes every table, function, policy and grant the same way', async () => {
    const [migrated, declared] = await Promise.all([describeSchema(fromMigrations.db), describeSchema(fromSchemas.db)]);
    // The description covers what the app relies on (a description of nothing would also be equal).
    expect(Object.keys(migrated)).toEqual(
      expect.arrayContaining([
        'schema private',
        'type public.customer_tier',
        'relation public.customers',
        'relation private.import_staged_rows',
        'function private.refresh_agency_insights(target_agency uuid, target_date date, target_rules jsonb, target_rules_version integer, only_recent boolean, tier_order customer_tier[], valued_tiers customer_tier[], cross_sell_line_count integer, renewal_window_days integer)',
      ]),
    );
    expect(migrated['relation public.customers']).toMatch(/5 policy customers_select permissive for r to authenticated using/);
    expect(migrated['relation public.customers']).toMatch(/1 column 002 agency_id uuid not null; privileges authenticated:SELECT/);

    const { migrations, schemas } = differingEntries(migrated, declared);
    // "- Expected" is what the migrations build, "+ Received" what supabase/schemas builds.
    expect(schemas, `supabase/schemas (${schemaFilesApplied.length} files) differs from supabase/migrations`).toEqual(migrations);
  });
});
