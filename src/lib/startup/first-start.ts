/**
 * What a process does when it starts, before it serves anyone: open the database and, on the
 * embedded database's first start, seed the demo agencies. It lives here, above the database
 * layer and the domain, because it needs both: the database layer (src/lib/db) must not import
 * the seed, which imports the insights refresh, which imports the database layer.
 */
import { config, type AppConfig } from '@/lib/config';
import { getDb, openEmbeddedDatabase, setEmbeddedStartup, type Database } from '@/lib/db';
import { startSloEvaluation } from '@/lib/observability/slo/process';
import { startRefreshScheduler } from './refresh-scheduler';

/** First start: an embedded database with no agency at all gets the demo agencies (when SEED_DEMO_DATA allows). */
async function seedOnFirstStart(db: Database): Promise<void> {
  if (!config().seedDemoData) return;
  // Loaded only here: a server that never seeds never loads the demo book's generator.
  const { seedDemoIfEmpty } = await import('@/lib/seed/demo-seed');
  await seedDemoIfEmpty(db);
}

/**
 * The settings, or the process ends with one line saying which variable is wrong (a deploy with a
 * bad REFRESH_SCHEDULE then never passes its health check, and the previous one keeps serving).
 */
function configOrExit(): AppConfig {
  try {
    return config();
  } catch (error) {
    console.error(JSON.stringify({ level: 'error', msg: 'the server cannot start', error: (error as Error).message }));
    process.exit(1);
  }
}

/**
 * The server's start (src/instrumentation.ts): the settings are checked, the embedded database
 * migrates and seeds before the first visitor (and again on a retried open if this one fails), and
 * the daily refresh's scheduler starts. A server database is migrated by the deploy step and never
 * seeded here. The SLOs are judged from then on (src/lib/observability/slo).
 */
export async function startServer(): Promise<void> {
  const settings = configOrExit();
  setEmbeddedStartup(seedOnFirstStart);
  await getDb().catch((error: Error) => {
    // Not fatal: /api/health reports it and the next request tries again (so does each scheduled pass).
    console.error(JSON.stringify({ level: 'error', msg: 'database not available at start-up', error: error.message }));
  });
  startRefreshScheduler(settings.refreshScheduler);
  startSloEvaluation();
}

/** The embedded database as the app's first start leaves it: migrated and, when new, seeded (for the CLI scripts). */
export function openEmbeddedDatabaseAsAtStart(): Promise<Database> {
  return openEmbeddedDatabase(seedOnFirstStart);
}
