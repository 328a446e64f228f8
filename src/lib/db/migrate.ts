import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Database, Queryable } from './types';

/**
 * Applies supabase/local (only where Supabase is absent) and then every pending file of
 * supabase/migrations, recording each in supabase_migrations.schema_migrations — the table the
 * Supabase CLI uses, so the CLI and this runner agree on what is applied.
 */
export interface MigrationResult {
  applied: string[];
  localApplied: string[];
}

const MIGRATION_FILE = /^(\d{14})_([a-z0-9_]+)\.sql$/;
// Any constant works; it only has to be the same for every replica running migrations.
const MIGRATION_LOCK_KEY = 724_311_001;

export function supabaseDirectory(): string {
  return process.env.SUPABASE_DIR ?? path.join(process.cwd(), 'supabase');
}

async function sqlFiles(directory: string): Promise<string[]> {
  const names = await readdir(directory).catch(() => [] as string[]);
  return names.filter((name) => name.endsWith('.sql')).sort();
}

/** A Supabase project has its auth admin role; plain PostgreSQL and PGlite do not. */
async function isSupabaseDatabase(db: Queryable): Promise<boolean> {
  const rows = await db.query<{ present: boolean }>(
    `select exists (select 1 from pg_roles where rolname = 'supabase_auth_admin') as present`,
  );
  return rows[0]?.present === true;
}

async function ensureBookkeeping(tx: Queryable) {
  await tx.exec(`
    create schema if not exists supabase_migrations;
    create table if not exists supabase_migrations.schema_migrations (version text not null primary key);
    alter table supabase_migrations.schema_migrations add column if not exists statements text[];
    alter table supabase_migrations.schema_migrations add column if not exists name text;
    create table if not exists supabase_migrations.local_compat (
      name text primary key,
      applied_at timestamptz not null default now()
    );
  `);
}

/**
 * Where Supabase is absent, the files of supabase/local not yet applied (what a Supabase project
 * provides: roles, auth). Everything else builds on them: the migrations, and the current
 * definitions in supabase/schemas (tests/integration/schema-definitions.test.ts).
 */
export async function applyLocalCompat(tx: Queryable, directory = supabaseDirectory()): Promise<string[]> {
  await ensureBookkeeping(tx);
  if (await isSupabaseDatabase(tx)) return [];
  const localNames = await sqlFiles(path.join(directory, 'local'));
  const done = new Set((await tx.query<{ name: string }>('select name from supabase_migrations.local_compat')).map((r) => r.name));
  const applied: string[] = [];
  for (const name of localNames.filter((n) => !done.has(n))) {
    await tx.exec(await readFile(path.join(directory, 'local', name), 'utf8'));
    await tx.query('insert into supabase_migrations.local_compat (name) values ($1)', [name]);
    applied.push(name);
  }
  return applied;
}

export async function migrate(db: Database, directory = supabaseDirectory()): Promise<MigrationResult> {
  const migrationNames = await sqlFiles(path.join(directory, 'migrations'));
  for (const name of migrationNames) {
    if (!MIGRATION_FILE.test(name)) throw new Error(`Migration file name must be <14-digit version>_<name>.sql: ${name}`);
  }

  return db.transaction(async (tx) => {
    // Two replicas starting at once must not both apply the same file.
    await tx.query('select pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
    const result: MigrationResult = { applied: [], localApplied: await applyLocalCompat(tx, directory) };

    const applied = new Set(
      (await tx.query<{ version: string }>('select version from supabase_migrations.schema_migrations')).map((r) => r.version),
    );
    for (const name of migrationNames) {
      const [, version, label] = MIGRATION_FILE.exec(name)!;
      if (applied.has(version!)) continue;
      const sql = await readFile(path.join(directory, 'migrations', name), 'utf8');
      await tx.exec(sql);
      await tx.query('insert into supabase_migrations.schema_migrations (version, name, statements) values ($1, $2, $3)', [
        version!,
        label!,
        [sql],
      ]);
      result.applied.push(name);
    }
    return result;
  });
}

/**
 * The files not yet applied to `db` (all of them on an empty database): supabase/migrations, and
 * where Supabase is absent supabase/local too (as `local/<name>`), which the app relies on as much.
 */
export async function pendingMigrations(db: Queryable, directory = supabaseDirectory()): Promise<string[]> {
  const names = await sqlFiles(path.join(directory, 'migrations'));
  const localNames = (await isSupabaseDatabase(db)) ? [] : await sqlFiles(path.join(directory, 'local'));
  const [bookkeeping] = await db.query<{ migrations: boolean; local: boolean }>(
    `select to_regclass('supabase_migrations.schema_migrations') is not null as migrations,
            to_regclass('supabase_migrations.local_compat') is not null as local`,
  );
  const applied = new Set(
    bookkeeping?.migrations
      ? (await db.query<{ version: string }>('select version from supabase_migrations.schema_migrations')).map((r) => r.version)
      : [],
  );
  const localApplied = new Set(
    bookkeeping?.local ? (await db.query<{ name: string }>('select name from supabase_migrations.local_compat')).map((r) => r.name) : [],
  );
  return [
    ...localNames.filter((name) => !localApplied.has(name)).map((name) => `local/${name}`),
    ...names.filter((name) => !applied.has(MIGRATION_FILE.exec(name)?.[1] ?? name)),
  ];
}
