import path from 'node:path';
import { defineConfig } from 'vitest/config';

const alias = {
  '@': path.resolve(import.meta.dirname, 'src'),
  'server-only': path.resolve(import.meta.dirname, 'tests/helpers/empty-module.ts'),
};
const env = {
  NODE_ENV: 'test' as const,
  LOG_LEVEL: 'silent',
  // A fixed secret for signing test sessions; never used outside tests.
  SESSION_SECRET: 'test-only-session-secret-0123456789abcdef',
  // Fixed PII keys for tests only (bytes 0x07… and 0x09…).
  PII_ENCRYPTION_KEY: 'test:BwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwc=',
  PII_BLIND_INDEX_KEY: 'CQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQk=',
  NEXT_PUBLIC_SUPABASE_URL: '',
  NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY: '',
  NEXT_PUBLIC_SUPABASE_ANON_KEY: '',
  DATABASE_URL: '',
};

export default defineConfig({
  test: {
    projects: [
      { resolve: { alias }, test: { name: 'unit', include: ['tests/unit/**/*.test.ts'], env } },
      {
        resolve: { alias },
        test: {
          name: 'integration',
          // *.postgres.test.ts need a PostgreSQL server (e.g. the Supabase CLI reads it): the
          // PostgreSQL run only. Every other file runs on both backends.
          include: ['tests/integration/**/*.test.ts'],
          exclude: process.env.TEST_BACKEND === 'postgres' ? [] : ['tests/integration/**/*.postgres.test.ts'],
          env,
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // Each file gets its own database; two at a time suits a 2-core machine.
          maxWorkers: 2,
        },
      },
    ],
  },
});
