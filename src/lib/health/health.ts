import { config } from '@/lib/config';
import { getDb } from '@/lib/db';

export interface HealthReport {
  status: 'ok' | 'unavailable';
  version: string;
  commit: string | null;
  time: string;
  database: { status: 'up' | 'down'; backend: 'pglite' | 'postgres' | 'unknown'; latencyMs?: number; error?: string };
}

const PING_TIMEOUT_MS = 2000;

/** One round trip to the database, bounded in time so a hung server cannot hang the check. */
export async function checkHealth(): Promise<HealthReport> {
  const settings = config();
  const base = { version: settings.version, commit: settings.commit, time: new Date().toISOString() };
  const backend = settings.databaseUrl ? 'postgres' : 'pglite';
  const startedAt = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    const ping = (async () => {
      const db = await getDb();
      await db.query('select 1');
    })();
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('timeout')), PING_TIMEOUT_MS);
    });
    await Promise.race([ping, timeout]);
    return { status: 'ok', ...base, database: { status: 'up', backend, latencyMs: Math.round(performance.now() - startedAt) } };
  } catch {
    return {
      status: 'unavailable',
      ...base,
      database: {
        status: 'down',
        backend,
        error: 'The database did not answer. The app retries on every request; no restart is needed once it is back.',
      },
    };
  } finally {
    clearTimeout(timer);
  }
}
