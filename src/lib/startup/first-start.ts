/**
 * What a process does when it starts, before it serves anyone: open the database and, on the
 * embedded database's first start, seed the demo agencies. It lives here, above the database
 * layer and the domain, because it needs both: the database layer (src/lib/db) must not import
 * the seed, which imports the insights refresh, which imports the database layer.
 */
import { config } from '@/lib/config';
import { getDb, openEmbeddedDatabase, setEmbeddedStartup, type Database } from '@/lib/db';

/** First start: an embedded database with no agency at all gets the demo agencies (when SEED_DEMO_DATA allows). */
async function seedOnFirstStart(db: Database): Promise<void> {
  if (!config().seedDemoData) return;
  // Loaded only here: a server that never seeds never loads the demo book's generator.
  const { seedDemoIfEmpty } = await import('@/lib/seed/demo-seed');
  await seedDemoIfEmpty(db);
}

/**
 * The server's start (src/instrumentation.ts): the embedded database migrates and seeds before
 * the first visitor, and again on a retried open if this one fails. A server database is migrated
 * by the deploy step and never seeded here.
 */
export async function startServer(): Promise<void> {
  setEmbeddedStartup(seedOnFirstStart);
  await getDb().catch((error: Error) => {
    // Not fatal: /api/health reports it and the next request tries again.
    console.error(JSON.stringify({ level: 'error', msg: 'database not available at start-up', error: error.message }));
  });
}

/** The embedded database as the app's first start leaves it: migrated and, when new, seeded (for the CLI scripts). */
export function openEmbeddedDatabaseAsAtStart(): Promise<Database> {
  return openEmbeddedDatabase(seedOnFirstStart);
}
