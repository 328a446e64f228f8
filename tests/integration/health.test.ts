import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { GET as health } from '@/app/api/health/route';
import { consumeRateLimit } from '@/lib/api/rate-limits';
import { installDatabase } from '@/lib/db';
import { migrate } from '@/lib/db/migrate';
import { createPgliteDatabase } from '@/lib/db/pglite';
import { createEmptyDatabase, testBackend } from '../helpers/database';
import { postgresBehindProxy } from '../helpers/tcp-proxy';

const checkHealth = async () => {
  const response = await health(new Request('http://localhost/api/health'));
  return {
    status: response.status,
    body: (await response.json()) as { status: string; version: string; database: { status: string; error?: string } },
  };
};

describe(`GET /api/health on ${testBackend()}`, () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  if (testBackend() === 'postgres') {
    it('answers 503 while the database is unreachable and recovers without a restart', async () => {
      const test = await createEmptyDatabase();
      cleanups.push(() => test.drop());
      await migrate(test.db);
      const { proxy, db } = await postgresBehindProxy(test.url!);
      cleanups.push(() => db.close());
      installDatabase(db);

      expect(await checkHealth()).toMatchObject({ status: 200, body: { status: 'ok', database: { status: 'up' } } });

      await proxy.cut();
      const down = await checkHealth();
      expect(down.status).toBe(503);
      expect(down.body).toMatchObject({ status: 'unavailable', database: { status: 'down' } });
      expect(down.body.database.error).toMatch(/did not answer/);
      // Rate limiting keeps working on its in-memory fallback meanwhile.
      expect((await consumeRateLimit('read', 'health-test-user')).allowed).toBe(true);

      await proxy.restore();
      // The same pool, no restart: the next check reconnects.
      expect(await checkHealth()).toMatchObject({ status: 200, body: { status: 'ok' } });
    });
  } else {
    it('answers 503 while the database is closed and 200 again after it reopens', async () => {
      const dataDir = mkdtempSync(path.join(tmpdir(), 'cs-health-'));
      cleanups.push(async () => rmSync(dataDir, { recursive: true, force: true }));
      const db = await createPgliteDatabase(dataDir);
      await migrate(db);
      installDatabase(db);
      expect(await checkHealth()).toMatchObject({ status: 200, body: { status: 'ok', database: { status: 'up' } } });

      await db.close();
      expect(await checkHealth()).toMatchObject({ status: 503, body: { status: 'unavailable', database: { status: 'down' } } });
      expect((await consumeRateLimit('read', 'health-test-user')).allowed).toBe(true);

      const reopened = await createPgliteDatabase(dataDir);
      cleanups.push(() => reopened.close());
      installDatabase(reopened);
      expect(await checkHealth()).toMatchObject({ status: 200, body: { status: 'ok' } });
    });
  }

  it('reports the version and never caches', async () => {
    const test = await createEmptyDatabase();
    cleanups.push(() => test.drop());
    installDatabase(test.db);
    const response = await health(new Request('http://localhost/api/health'));
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(((await response.json()) as { version: string }).version).toMatch(/^\d+\.\d+\.\d+/);
  });
});
