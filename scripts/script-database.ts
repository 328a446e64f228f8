import { existsSync } from 'node:fs';
import { config } from '@/lib/config';
import { embeddedDatabaseFolder, installDatabase, type Database } from '@/lib/db';
import { pendingMigrations } from '@/lib/db/migrate';
import { createPgliteDatabase } from '@/lib/db/pglite';
import { createPostgresDatabase } from '@/lib/db/postgres';
import { openEmbeddedDatabaseAsAtStart } from '@/lib/startup/first-start';

export interface ScriptDatabaseOptions {
  /**
   * true (the default): the database the app would see. The embedded one is migrated, and on a
   * fresh folder seeded, exactly as the app's first start does; a server database must already
   * be migrated (the deploy step's job), else the script stops saying what to run.
   * false: opened as it is, for the scripts that migrate or seed it themselves.
   */
  prepare?: boolean;
}

/** The database a command-line script works on: DATABASE_URL, else the embedded one. */
export async function openScriptDatabase({ prepare = true }: ScriptDatabaseOptions = {}): Promise<Database> {
  const settings = config();
  console.log(settings.databaseUrl ? 'Database: PostgreSQL server (DATABASE_URL)' : `Database: embedded PGlite in ${settings.dataDir}`);
  let db: Database;
  if (!settings.databaseUrl) {
    if (prepare && !existsSync(embeddedDatabaseFolder())) {
      console.log(
        `No embedded database yet: creating it${settings.seedDemoData ? ' with the demo agencies' : ''}, as the app's first start would.`,
      );
    }
    db = prepare ? await openEmbeddedDatabaseAsAtStart() : await createPgliteDatabase(embeddedDatabaseFolder());
  } else {
    db = createPostgresDatabase(settings.databaseUrl);
    try {
      const pending = prepare ? await pendingMigrations(db) : [];
      if (pending.length) {
        throw new Error(
          `The database at DATABASE_URL lacks ${pending.length} migration(s), starting with ${pending[0]}: run npm run db:migrate first.`,
        );
      }
    } catch (error) {
      await db.close();
      throw error;
    }
  }
  installDatabase(db);
  return db;
}

/**
 * A script's body on its database, closed afterwards. Any failure (the database in use by another
 * process, unreachable, not migrated, a bug) is one readable line on stderr, never a stack, and
 * exit code 1.
 */
export async function runScript(work: (db: Database) => Promise<void>, options?: ScriptDatabaseOptions): Promise<void> {
  let db: Database | undefined;
  try {
    db = await openScriptDatabase(options);
    await work(db);
  } catch (error) {
    const name = process.env.npm_lifecycle_event ?? 'The script';
    console.error(`${name} failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  } finally {
    await db?.close().catch(() => {});
  }
}
