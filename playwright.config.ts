import { defineConfig } from '@playwright/test';
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from './scripts/chromium';

/**
 * End-to-end tests drive the production build (the standalone server, on a fresh embedded
 * database) in Chromium. The browser is Debian's by default; set CHROMIUM_PATH to use another.
 */
const port = Number(process.env.E2E_PORT ?? 3210);
const executablePath = CHROMIUM_PATH;

export default defineConfig({
  testDir: 'tests/e2e',
  // One worker: the app is one process on one embedded database, and sign-ins share an IP limit.
  workers: 1,
  fullyParallel: false,
  forbidOnly: true,
  retries: 0,
  timeout: 60_000,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    trace: 'retain-on-failure',
    browserName: 'chromium',
    launchOptions: {
      executablePath,
      args: CHROMIUM_FLAGS,
    },
  },
  projects: [
    { name: 'app', testIgnore: /\.rebuild\.spec\.ts$/ },
    // Files that run `npm run build` again: after all others, whose server runs on the first build.
    { name: 'rebuild', testMatch: /\.rebuild\.spec\.ts$/, dependencies: ['app'] },
  ],
  webServer: {
    command: `node scripts/e2e-server.mjs ${port}`,
    url: `http://127.0.0.1:${port}/api/health`,
    reuseExistingServer: false,
    timeout: 180_000,
    stdout: 'ignore',
    stderr: 'pipe',
    // Asked to stop, not killed: the server script then removes its throwaway data folder (90 MB a run).
    gracefulShutdown: { signal: 'SIGTERM', timeout: 10_000 },
  },
});
