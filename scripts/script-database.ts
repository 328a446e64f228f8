import path from 'node:path';
import { config } from '@/lib/config';
import { installDatabase, type Database } from '@/lib/db';
import { createPgliteDatabase } from '@/lib/db/pglite';
import { createPostgresDatabase } from '@/lib/db/postgres';

/** The database a command-line script works on: DATABASE_URL, else the embedded one. */
export async function openScriptDatabase(): Promise<Database> {
  const settings = config();
  const db = settings.databaseUrl
    ? createPostgresDatabase(settings.databaseUrl)
    : await createPgliteDatabase(path.join(settings.dataDir, 'pglite'));
  console.log(settings.databaseUrl ? 'Database: PostgreSQL server (DATABASE_URL)' : `Database: embedded PGlite in ${settings.dataDir}`);
  installDatabase(db);
  return db;
}
