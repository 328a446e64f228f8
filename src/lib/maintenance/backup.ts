import { execFile } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { lockDataFolder } from '@/lib/db/data-folder-lock';
import { applyLocalCompat } from '@/lib/db/migrate';
import { createPostgresDatabase } from '@/lib/db/postgres';

/**
 * Backups (SPEC §13, `npm run db:backup` / `db:restore`). A PostgreSQL server is dumped with
 * pg_dump in its custom format and restored with pg_restore in one transaction, so a restore that
 * fails part-way leaves the database as it was. The embedded database is a folder: its backup is
 * a copy of the data folder (the database and the keys that open its PII), made while no process
 * holds it.
 *
 * Every failure is a BackupError whose message is written for the person at the terminal.
 */
export class BackupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BackupError';
  }
}

const run = promisify(execFile);

/**
 * The connection as libpq's environment (PGHOST, PGPASSWORD, …) rather than a URL argument, so
 * the password never shows in a process list or in a message.
 */
export function libpqEnvironment(databaseUrl: string): NodeJS.ProcessEnv {
  const url = new URL(databaseUrl);
  const sslmode = url.searchParams.get('sslmode');
  return {
    ...process.env,
    PGHOST: decodeURIComponent(url.hostname),
    PGPORT: url.port || '5432',
    PGUSER: decodeURIComponent(url.username),
    PGPASSWORD: decodeURIComponent(url.password),
    PGDATABASE: decodeURIComponent(url.pathname.slice(1)),
    ...(sslmode ? { PGSSLMODE: sslmode } : {}),
  };
}

/** A client tool's failure as one readable line: its first error, never the connection string. */
async function tool(name: 'pg_dump' | 'pg_restore', args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  try {
    const { stdout } = await run(name, args, { env, maxBuffer: 64 * 2 ** 20 });
    return stdout;
  } catch (error) {
    const failure = error as { code?: string | number; stderr?: string };
    if (failure.code === 'ENOENT') {
      throw new BackupError(`${name} was not found: install the PostgreSQL client tools (the same major version as the server, or newer).`);
    }
    const line = (failure.stderr ?? '').split('\n').find((text) => /error|fatal/i.test(text)) ?? failure.stderr?.split('\n')[0] ?? '';
    throw new BackupError(line.replace(/^pg_(dump|restore): /, '').trim() || `${name} failed (exit code ${String(failure.code)}).`);
  }
}

/**
 * On a Supabase project only the app's schemas are ours to back up (Supabase backs up auth and its
 * own schemas). A plain server holds nothing else, so all of it: roles' grants, the auth tables the
 * app keeps there, extensions.
 */
const APP_SCHEMAS = ['public', 'private', 'supabase_migrations'];

async function isSupabase(databaseUrl: string): Promise<boolean> {
  const db = createPostgresDatabase(databaseUrl, { max: 1 });
  try {
    const [row] = await db.query<{ present: boolean }>(
      `select exists (select 1 from pg_roles where rolname = 'supabase_auth_admin') as present`,
    );
    return row?.present === true;
  } finally {
    await db.close();
  }
}

export interface BackupSummary {
  file: string;
  bytes: number;
  /** Tables whose rows the backup holds. */
  tables: number;
}

/** The archive's table of contents; a BackupError when the file is not one pg_restore can read. */
async function archiveContents(file: string): Promise<string[]> {
  if (!existsSync(file) || !statSync(file).isFile()) throw new BackupError(`${file} does not exist or is not a file.`);
  let listing: string;
  try {
    listing = await tool('pg_restore', ['--list', file], process.env);
  } catch (error) {
    if (!(error instanceof BackupError) || error.message.includes('not found')) throw error;
    throw new BackupError(
      `${file} is not a backup made by npm run db:backup, or it is damaged (pg_restore cannot read it: ${error.message}).`,
    );
  }
  const entries = listing.split('\n').filter((line) => line && !line.startsWith(';'));
  // Every backup of this app holds the record of its migrations.
  if (!entries.some((line) => /TABLE DATA supabase_migrations schema_migrations /.test(line))) {
    throw new BackupError(`${file} is a PostgreSQL archive, but not a backup of this app (it holds no record of the app's migrations).`);
  }
  return entries;
}

/** pg_dump of the server into `file` (custom format), written under a temporary name until complete. */
export async function backupServer(databaseUrl: string, file: string): Promise<BackupSummary> {
  if (existsSync(file)) throw new BackupError(`${file} already exists: choose a new file name, so no earlier backup is overwritten.`);
  const partial = `${file}.partial`;
  const schemas = (await isSupabase(databaseUrl)) ? APP_SCHEMAS.flatMap((schema) => ['--schema', schema]) : [];
  try {
    await tool('pg_dump', ['--format=custom', '--no-owner', `--file=${partial}`, ...schemas], libpqEnvironment(databaseUrl));
    const entries = await archiveContents(partial);
    renameSync(partial, file);
    return { file, bytes: statSync(file).size, tables: entries.filter((line) => line.includes(' TABLE DATA ')).length };
  } finally {
    rmSync(partial, { force: true });
  }
}

export interface RestoreSummary {
  tables: number;
  /** The newest migration the restored database has. */
  migration: string | null;
}

/** How many agencies the database holds (0 when it has no app tables yet). */
async function agenciesIn(databaseUrl: string): Promise<number> {
  const db = createPostgresDatabase(databaseUrl, { max: 1 });
  try {
    const [table] = await db.query<{ present: boolean }>(`select to_regclass('public.agencies') is not null as present`);
    if (!table?.present) return 0;
    const [row] = await db.query<{ n: number }>('select count(*)::int as n from public.agencies');
    return row?.n ?? 0;
  } finally {
    await db.close();
  }
}

/**
 * Restores `file` into the server: everything the backup holds is dropped and recreated in one
 * transaction. A database that already holds agencies is replaced only when `replace` says so.
 */
export async function restoreServer(databaseUrl: string, file: string, options: { replace: boolean }): Promise<RestoreSummary> {
  const entries = await archiveContents(file);
  const agencies = await agenciesIn(databaseUrl);
  if (agencies > 0 && !options.replace) {
    throw new BackupError(
      `The database at DATABASE_URL holds ${agencies} ${agencies === 1 ? 'agency' : 'agencies'}; restoring replaces everything in it. Run again with --replace to confirm.`,
    );
  }
  // A new plain server lacks the API roles the backup's grants name; Supabase has them (a no-op there).
  const db = createPostgresDatabase(databaseUrl, { max: 1 });
  try {
    await db.transaction((tx) => applyLocalCompat(tx));
  } finally {
    await db.close();
  }
  try {
    await tool(
      'pg_restore',
      [
        '--clean',
        '--if-exists',
        '--no-owner',
        '--single-transaction',
        '--exit-on-error',
        `--dbname=${libpqEnvironment(databaseUrl).PGDATABASE}`,
        file,
      ],
      libpqEnvironment(databaseUrl),
    );
  } catch (error) {
    throw new BackupError(`The restore failed and the database is unchanged: ${error instanceof Error ? error.message : String(error)}`);
  }
  const restored = createPostgresDatabase(databaseUrl, { max: 1 });
  try {
    const [row] = await restored.query<{ version: string | null }>(
      'select max(version) as version from supabase_migrations.schema_migrations',
    );
    return { tables: entries.filter((line) => line.includes(' TABLE DATA ')).length, migration: row?.version ?? null };
  } finally {
    await restored.close();
  }
}

/** The embedded database's folder inside a data folder, and the file that marks a PostgreSQL cluster. */
const CLUSTER = 'pglite';
const isCluster = (folder: string) => existsSync(path.join(folder, CLUSTER, 'PG_VERSION'));

/** Runs `work` while this process holds the embedded database's lock (no app or script may open it meanwhile). */
function whileLocked<T>(dataDir: string, work: () => T): T {
  const release = lockDataFolder(path.join(dataDir, CLUSTER));
  try {
    return work();
  } finally {
    release();
  }
}

/** Copies the embedded data folder (database and keys) to `target`, a new folder. */
export function backupEmbedded(dataDir: string, target: string): { folder: string } {
  if (!isCluster(dataDir)) throw new BackupError(`There is no embedded database in ${dataDir} to back up yet.`);
  if (existsSync(target)) throw new BackupError(`${target} already exists: choose a new folder name, so no earlier backup is overwritten.`);
  whileLocked(dataDir, () => cpSync(dataDir, target, { recursive: true, filter: (source) => !source.endsWith('.lock') }));
  return { folder: target };
}

/**
 * Puts a folder made by backupEmbedded in place of the data folder. The data folder as it was is
 * kept beside it (`<data folder>.before-restore-<time>`), never deleted.
 */
export function restoreEmbedded(dataDir: string, source: string): { keptAs: string | null } {
  if (!isCluster(source)) throw new BackupError(`${source} is not a backup of the embedded database (a folder made by npm run db:backup).`);
  const version = readFileSync(path.join(source, CLUSTER, 'PG_VERSION'), 'utf8').trim();
  if (!/^\d+$/.test(version)) throw new BackupError(`${source} is not a backup of the embedded database (its PG_VERSION is unreadable).`);
  return whileLocked(dataDir, () => {
    const keptAs = existsSync(dataDir) ? `${dataDir}.before-restore-${new Date().toISOString().replace(/[:.]/g, '-')}` : null;
    if (keptAs) {
      cpSync(dataDir, keptAs, { recursive: true, filter: (file) => !file.endsWith('.lock') });
      // Everything but the lock this process holds.
      for (const entry of readdirSync(dataDir).filter((name) => !name.endsWith('.lock'))) {
        rmSync(path.join(dataDir, entry), { recursive: true, force: true });
      }
    }
    cpSync(source, dataDir, { recursive: true, filter: (file) => !file.endsWith('.lock') });
    return { keptAs };
  });
}
