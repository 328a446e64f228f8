import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import {
  TWO_CUSTOMER_BOOK,
  commandEnv,
  errorLines,
  freePort,
  isLocked,
  lockFileOf,
  PROJECT_ROOT,
  runNpmScript,
  stopProcess,
} from '../helpers/processes';
import { signInThroughForm } from './helpers';

/**
 * The zero-configuration embedded database across the commands a person runs in the project
 * folder: an import from the CLI, `npm run build` again, then `npm start` shows the import; the
 * CLI meanwhile is told the server holds the database. The folder is given as a relative DATA_DIR
 * (resolved from the project folder exactly like the default `.data`), so the developer's own
 * `.data` is never touched.
 *
 * This file rebuilds the app, so it runs in its own Playwright project after every other test
 * (playwright.config.ts): the other files' server keeps running on the build it started with.
 * Alone: `npx playwright test --project rebuild --no-deps`.
 */
test.describe.configure({ mode: 'serial', timeout: 420_000 });

const dataDirName = `.data-e2e-${randomBytes(4).toString('hex')}`;
const dataDir = path.join(PROJECT_ROOT, dataDirName);
const embeddedEnv = { DATA_DIR: dataDirName, DATABASE_URL: '', NEXT_PUBLIC_SUPABASE_URL: '', NEXT_TELEMETRY_DISABLED: '1' };
let bookDir: string | undefined;
let server: ChildProcess | undefined;

test.afterAll(async () => {
  if (server) await stopProcess(server, 'SIGKILL', true);
  rmSync(dataDir, { recursive: true, force: true });
  if (bookDir) rmSync(bookDir, { recursive: true, force: true });
});

test('an import from the CLI survives npm run build and shows in npm start; the CLI is told the server holds the database', async ({
  browser,
}) => {
  bookDir = mkdtempSync(path.join(tmpdir(), 'cs-e2e-book-'));
  const book = path.join(bookDir, 'book.csv');
  writeFileSync(book, TWO_CUSTOMER_BOOK);
  const imported = await runNpmScript('import', [book, '--agency', 'second-agency'], embeddedEnv);
  expect(errorLines(imported)).toEqual([]);
  expect(imported.code).toBe(0);
  const filesBefore = readdirSync(dataDir).sort();

  const rebuilt = await runNpmScript('build', [], {}, 360_000);
  expect(rebuilt.code, `${rebuilt.stdout.slice(-2000)}${rebuilt.stderr}`).toBe(0);
  expect(readdirSync(dataDir).sort()).toEqual(filesBefore);

  const port = await freePort();
  // `npm start`, as typed in the project folder; its own process group, so it can be stopped whole.
  server = spawn('npm', ['start'], {
    cwd: PROJECT_ROOT,
    detached: true,
    env: commandEnv({ ...embeddedEnv, PORT: String(port), HOSTNAME: '127.0.0.1' }),
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const baseURL = `http://127.0.0.1:${port}`;
  await expect
    .poll(async () => (await fetch(`${baseURL}/api/health`).catch(() => null))?.status, { timeout: 90_000, intervals: [500] })
    .toBe(200);

  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  await signInThroughForm(page, 'owner@second-agency.test');
  await expect(page.getByTestId('data-mode-badge')).toHaveText('● Live Data');
  const summary = (await (await page.request.get('/api/analytics/segmentation')).json()) as {
    dataMode: string;
    totals: { customers: number };
  };
  expect(summary).toMatchObject({ dataMode: 'live', totals: { customers: 2 } });
  await context.close();
  // Everything the server wrote (session secret included) went to the project's folder, none into the build.
  expect(existsSync(path.join(PROJECT_ROOT, '.next/standalone', dataDirName))).toBe(false);
  expect(readdirSync(dataDir)).toContain('session-secret');

  const holder = JSON.parse(readFileSync(lockFileOf(dataDir), 'utf8')) as { pid: number };
  // The holder is the server `npm start` started: in its process group (Next renames its process title).
  const holderStat = readFileSync(`/proc/${holder.pid}/stat`, 'utf8');
  expect(Number(holderStat.slice(holderStat.lastIndexOf(')') + 2).split(' ')[2])).toBe(server.pid);
  const refused = await runNpmScript('db:check', [], embeddedEnv);
  expect(refused.code).toBe(1);
  expect(errorLines(refused)).toEqual([
    `db:check failed: The embedded database in ${path.join(dataDir, 'pglite')} is in use by process ${holder.pid} (npm start) — stop it, or set DATABASE_URL to use a PostgreSQL server.`,
  ]);

  // Stopped as Ctrl+C in the terminal would: the lock goes with the server.
  await stopProcess(server, 'SIGINT', true);
  server = undefined;
  await expect.poll(() => isLocked(dataDir), { timeout: 15_000 }).toBe(false);
});
