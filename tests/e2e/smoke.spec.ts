import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { SESSION_COOKIE } from '@/lib/auth/cookies';
import { commandEnv, freePort, PROJECT_ROOT, runNpmScript, stopProcess, type CommandResult } from '../helpers/processes';
import { DEMO_PASSWORD } from './helpers';

/**
 * `npm run smoke`, the real command, against the production build: green against the e2e server
 * (embedded database, demo data), red against a production server whose database is down, and a
 * refused sign-in named as such. The output never holds the password or the session cookie.
 */
const CHECKS = ['health', 'sign-in', 'dashboard', 'refresh', 'tier list', 'api p95'];
const SESSION_CHECKS = CHECKS.slice(2).join(', ');

const output = (result: CommandResult) => `${result.stdout}${result.stderr}`;
const line = (result: CommandResult, check: string) => result.stdout.split('\n').find((row) => row.slice(2).startsWith(`${check} `)) ?? '';

function expectNoSecrets(result: CommandResult, password: string) {
  expect(output(result)).not.toContain(password);
  expect(output(result)).not.toContain(`${SESSION_COOKIE}=`);
  expect(output(result)).not.toMatch(/\n\s+at /);
}

test('a healthy deployment passes every check, each printed with its time', async ({ baseURL }) => {
  const result = await runNpmScript('smoke', [baseURL!], {});
  expect(result.code, output(result)).toBe(0);
  for (const check of CHECKS) expect(line(result, check)).toMatch(/^✓ .+ \d+ ms {2}\S/);
  expect(line(result, 'health')).toContain('200: database up (pglite');
  expect(line(result, 'sign-in')).toContain('signed in as owner@demo-agency.test');
  expect(line(result, 'dashboard')).toMatch(
    /4 tier cards \(elite [\d,]+, premium [\d,]+, standard [\d,]+, entry [\d,]+\), badge "● Live Data", Demo Agency/,
  );
  expect(line(result, 'refresh')).toMatch(/recomputed Demo Agency: \d+ customers, computed at /);
  expect(line(result, 'tier list')).toMatch(
    /elite: \d+ customers from the API, \d+ rows on \/analytics\/segmentation\/elite \(of [\d,]+\)/,
  );
  expect(line(result, 'api p95')).toMatch(/p95 \d+ ms over 20 calls .*limit 500 ms/);
  expect(result.stdout).toMatch(/^smoke passed: 6 checks in [\d.]+ s$/m);
  expectNoSecrets(result, DEMO_PASSWORD);
});

test('a viewer passes too: their Refresh re-reads the summary, as the dashboard does for them', async ({ baseURL }) => {
  const result = await runNpmScript('smoke', [baseURL!, '--email', 'viewer@demo-agency.test'], { SMOKE_PASSWORD: DEMO_PASSWORD });
  expect(result.code, output(result)).toBe(0);
  expect(line(result, 'refresh')).toContain('re-read the summary, as Refresh does here (a viewer cannot recompute)');
  expectNoSecrets(result, DEMO_PASSWORD);
});

test('a refused sign-in is named, and the checks that need a session are reported as not run', async ({ baseURL }) => {
  const password = 'not-the-viewers-password';
  const result = await runNpmScript('smoke', [baseURL!, '--email', 'viewer@demo-agency.test', '--password', password], {});
  expect(result.code).toBe(1);
  expect(line(result, 'health')).toMatch(/^✓ /);
  expect(line(result, 'sign-in')).toMatch(/^✗ sign-in .* sign-in refused for viewer@demo-agency\.test: 401/);
  expect(line(result, 'dashboard')).toMatch(/^- dashboard +not run {2}needs a signed-in session/);
  expect(result.stderr.trim()).toBe(`smoke failed — failed: sign-in; not run: ${SESSION_CHECKS}`);
  expectNoSecrets(result, password);
});

test.describe('a production server whose database is down', () => {
  let server: ChildProcess | undefined;
  let dataDir = '';
  test.afterAll(async () => {
    if (server) await stopProcess(server, 'SIGKILL');
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  test('fails the smoke test, naming health and sign-in', async () => {
    const [port, closedPort] = [await freePort(), await freePort()];
    dataDir = mkdtempSync(path.join(tmpdir(), 'cs-e2e-smoke-'));
    const standalone = path.join(PROJECT_ROOT, '.next/standalone');
    server = spawn(process.execPath, ['server.js'], {
      cwd: standalone,
      stdio: 'ignore',
      env: commandEnv({
        NODE_ENV: 'production',
        PORT: String(port),
        HOSTNAME: '127.0.0.1',
        DATA_DIR: dataDir,
        // Nothing listens there: the database is down from the first request on.
        DATABASE_URL: `postgres://postgres@127.0.0.1:${closedPort}/postgres`,
        SESSION_SECRET: 'smoke-e2e-session-secret-0123456789abcdef',
        PII_ENCRYPTION_KEY: 'smoke:BwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwc=',
        PII_BLIND_INDEX_KEY: 'CQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQk=',
        REFRESH_SCHEDULER: 'off',
        NEXT_PUBLIC_SUPABASE_URL: '',
        NEXT_TELEMETRY_DISABLED: '1',
        LOG_LEVEL: 'silent',
      }),
    });
    const baseURL = `http://127.0.0.1:${port}`;
    await expect
      .poll(async () => (await fetch(`${baseURL}/api/health`).catch(() => null))?.status, { timeout: 60_000, intervals: [500] })
      .toBe(503);

    const result = await runNpmScript('smoke', [baseURL], {});
    expect(result.code, output(result)).toBe(1);
    expect(line(result, 'health')).toMatch(/^✗ health .* GET \/api\/health answered 503: database down — The database did not answer/);
    expect(line(result, 'sign-in')).toMatch(/^✗ sign-in .* sign-in refused for owner@demo-agency\.test: 503.*\(Retry-After 5 s\)/);
    expect(result.stderr.trim()).toBe(`smoke failed — failed: health, sign-in; not run: ${SESSION_CHECKS}`);
    expectNoSecrets(result, DEMO_PASSWORD);
  });
});
