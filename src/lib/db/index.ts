import path from 'node:path';
import { config } from '@/lib/config';
import { readDatabasePoolWith } from '@/lib/observability/metrics';
import { migrate } from './migrate';
import { createPgliteDatabase } from './pglite';
import { createPostgresDatabase } from './postgres';
import type { Database, Queryable } from './types';

export type { Database, Queryable, SqlParam } from './types';

/** Supabase-shaped access-token claims, already verified by src/lib/auth. */
export interface AuthClaims {
  sub: string;
  email?: string;
  role: 'authenticated';
  [claim: string]: unknown;
}

/**
 * Work on the embedded database right after it is opened and migrated, before anything else uses
 * it: the first-start demo seed. Start-up (src/lib/startup) supplies it, so this layer knows no
 * domain code.
 */
export type EmbeddedStartup = (db: Database) => Promise<void>;

// One database per process, even if Next bundles this module into several route chunks:
// two PGlite instances on one data folder would corrupt it.
const holderKey = Symbol.for('customer-segmentation.database');
type Holder = { current?: Promise<Database>; opened?: Database; embeddedStartup?: EmbeddedStartup };
const holder: Holder = ((globalThis as Record<symbol, Holder>)[holderKey] ??= {});

// The pool gauges of /api/metrics read the process's database once it is open (a scrape never opens it).
readDatabasePoolWith(() => (holder.opened ? { backend: holder.opened.backend, ...holder.opened.poolStats() } : null));

async function openConfiguredDatabase(): Promise<Database> {
  const settings = config();
  // A server database is migrated by the deploy step (npm run db:migrate), not at start-up.
  if (settings.databaseUrl) return createPostgresDatabase(settings.databaseUrl);
  return openEmbeddedDatabase(holder.embeddedStartup);
}

/**
 * Start-up installs its work here before the first getDb(); kept on the process-wide holder so
 * every copy of this module (one per route chunk) runs it, including an open retried after a failure.
 */
export function setEmbeddedStartup(work: EmbeddedStartup | undefined): void {
  holder.embeddedStartup = work;
}

/** Where the embedded cluster lives: `pglite/` in the data folder (see config.ts for which folder). */
export function embeddedDatabaseFolder(): string {
  return path.join(config().dataDir, 'pglite');
}

/**
 * The embedded database as the app uses it, for the app and the CLI scripts alike: locked to this
 * process, created and migrated, then handed to `startup` (see EmbeddedStartup). Closed again when
 * any of it fails, so the lock is not held by a database nobody can use.
 */
export async function openEmbeddedDatabase(startup?: EmbeddedStartup): Promise<Database> {
  const db = await createPgliteDatabase(embeddedDatabaseFolder());
  try {
    await migrate(db);
    await startup?.(db);
  } catch (error) {
    await db.close();
    throw error;
  }
  return db;
}

/** The process's database, opened (and for PGlite created, migrated and started up) on first use. */
export function getDb(): Promise<Database> {
  if (!holder.current) {
    const opening = openConfiguredDatabase();
    holder.current = opening;
    opening.then(
      (db) => {
        if (holder.current === opening) holder.opened = db;
      },
      // A failed open must not stick: the next call tries again.
      () => {
        if (holder.current === opening) holder.current = undefined;
      },
    );
  }
  return holder.current;
}

/** Tests and scripts choose the database explicitly. */
export function installDatabase(db: Database | undefined): void {
  holder.current = db ? Promise.resolve(db) : undefined;
  holder.opened = db;
}

// service_role (bypasses RLS) is for jobs that act for no user, such as the insights refresh.
const DATABASE_ROLES = ['authenticated', 'service_role'] as const;

/**
 * One round trip: the claims and the role, both local to the transaction (set_config(..., true)
 * is SET LOCAL). The role name comes from the whitelist above, the claims are a bound parameter.
 */
async function enterRole(tx: Queryable, role: (typeof DATABASE_ROLES)[number], claims: object) {
  if (!DATABASE_ROLES.includes(role)) throw new Error(`Unknown database role ${role}`);
  await tx.query(`select set_config('request.jwt.claims', $1, true), set_config('role', $2, true)`, [JSON.stringify(claims), role]);
}

/**
 * Runs `work` as the signed-in user: one transaction with the verified claims and the
 * `authenticated` role, so every RLS policy (auth.uid()) applies to every statement in it.
 */
export async function asUser<T>(claims: AuthClaims, work: (tx: Queryable) => Promise<T>): Promise<T> {
  const db = await getDb();
  return db.transaction(async (tx) => {
    await enterRole(tx, 'authenticated', claims);
    return work(tx);
  });
}

/**
 * Runs `work` as the service role, which bypasses RLS: only for jobs that act for no user (the
 * insights refresh). Callers check any user's permission before, and say why at the call site.
 * `db` is for start-up work that runs before the process database is installed (the seed).
 */
export async function asService<T>(work: (tx: Queryable) => Promise<T>, db?: Database): Promise<T> {
  const target = db ?? (await getDb());
  return target.transaction(async (tx) => {
    await enterRole(tx, 'service_role', { role: 'service_role' });
    return work(tx);
  });
}
