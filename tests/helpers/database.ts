import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { installDatabase, type Database } from '@/lib/db';
import { migrate } from '@/lib/db/migrate';
import { createPgliteDatabase } from '@/lib/db/pglite';
import { createPostgresDatabase } from '@/lib/db/postgres';
import { seedDemo } from '@/lib/seed/demo-seed';

/**
 * Integration tests run once per backend: TEST_BACKEND=pglite (in-memory PGlite) or
 * TEST_BACKEND=postgres (a fresh database on the server at TEST_DATABASE_URL per test file).
 */
export type TestBackend = 'pglite' | 'postgres';

export function testBackend(): TestBackend {
  const backend = process.env.TEST_BACKEND ?? 'pglite';
  if (backend !== 'pglite' && backend !== 'postgres') throw new Error(`TEST_BACKEND must be pglite or postgres, not ${backend}`);
  return backend;
}

function serverUrl(): string {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('TEST_BACKEND=postgres needs TEST_DATABASE_URL (npm test starts a throwaway server and sets it).');
  return url;
}

export interface TestDatabase {
  db: Database;
  backend: TestBackend;
  /** For the server backend: the connection string of this file's own database. */
  url?: string;
  drop(): Promise<void>;
}

/** An empty database of the chosen backend, not migrated. */
export async function createEmptyDatabase(): Promise<TestDatabase> {
  const backend = testBackend();
  if (backend === 'pglite') {
    const db = await createPgliteDatabase();
    return { db, backend, drop: () => db.close() };
  }
  const name = `cs_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl() });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(serverUrl());
  url.pathname = `/${name}`;
  const db = createPostgresDatabase(url.toString(), { max: 4 });
  return {
    db,
    backend,
    url: url.toString(),
    async drop() {
      await db.close();
      const cleanup = new pg.Client({ connectionString: serverUrl() });
      await cleanup.connect();
      await cleanup.query(`drop database if exists ${name} with (force)`);
      await cleanup.end();
    },
  };
}

/** A migrated database with the demo agencies, users and a small Demo Agency book, installed as the app's database. */
export async function createSeededDatabase(options: { customers?: number } = {}): Promise<TestDatabase> {
  const test = await createEmptyDatabase();
  await migrate(test.db);
  await seedDemo(test.db, { asOf: '2026-06-30', customers: options.customers ?? 40, withUsers: true });
  installDatabase(test.db);
  return test;
}
