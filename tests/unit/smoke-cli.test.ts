import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, runNpmScript, type CommandResult } from '../helpers/processes';

/**
 * `npm run smoke` when the address is wrong: a command line it cannot use, nothing listening,
 * and a web server that is not this app. Each is a clear message and an exit code, never a stack
 * trace, and never the password. (The green and red runs against the app itself are in
 * tests/e2e/smoke.spec.ts.)
 */
const PASSWORD = 'never-printed-9f2c';
const output = (result: CommandResult) => `${result.stdout}${result.stderr}`;
const smoke = (args: string[]) => runNpmScript('smoke', args, {}, 60_000);

function expectReadable(result: CommandResult) {
  expect(output(result)).not.toMatch(/\n\s+at |Error:/);
  expect(output(result)).not.toContain(PASSWORD);
}

// Each case starts the command (tsx), which takes seconds on a busy machine.
describe('npm run smoke with a wrong address', { timeout: 60_000 }, () => {
  let other: http.Server;
  let otherUrl = '';
  beforeAll(async () => {
    // Some other web site: every path is an HTML 404 page.
    other = http.createServer((_, response) => response.writeHead(404, { 'content-type': 'text/html' }).end('<h1>Not here</h1>'));
    other.listen(0, '127.0.0.1');
    await once(other, 'listening');
    otherUrl = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => other.close(() => resolve())));

  it('a command line it cannot use: exit 2 with the reason and the usage', async () => {
    const cases: [string[], RegExp][] = [
      [[], /^Which deployment\? Give its address\./],
      [['localhost:3000'], /^"localhost:3000" is not an http\(s\) address: give the deployment's address, e\.g\. http:\/\/localhost:3000/],
      [['http://127.0.0.1:3000', '--email', 'owner@example.com'], /^Give both an email and a password, or neither/],
      [['http://127.0.0.1:3000', '--pasword', PASSWORD], /^Unknown option '--pasword'/],
    ];
    const results = await Promise.all(cases.map(([args]) => smoke(args)));
    for (const [index, [, message]] of cases.entries()) {
      const result = results[index]!;
      expect(result.code, output(result)).toBe(2);
      expect(result.stderr).toMatch(message);
      expect(result.stderr).toContain('Usage: npm run smoke -- <base-url>');
      expect(result.stdout).toBe('');
      expectReadable(result);
    }
  });

  it('nothing listening: health fails saying so, every other check is named as not run', async () => {
    const url = `http://127.0.0.1:${await freePort()}`;
    const result = await smoke([url, '--email', 'owner@example.com', '--password', PASSWORD]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(
      new RegExp(`^✗ health +\\d+ ms {2}cannot reach ${url}: connection refused \\(nothing listens at that address\\)$`, 'm'),
    );
    expect(result.stdout).toMatch(/^- sign-in +not run {2}the server did not answer$/m);
    expect(result.stderr.trim()).toBe('smoke failed — failed: health; not run: sign-in, dashboard, refresh, tier list, api p95');
    expectReadable(result);
  });

  it('a web server that is not this app: health asks whether the address is right, sign-in is refused', async () => {
    const result = await smoke([otherUrl, '--email', 'owner@example.com', '--password', PASSWORD]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`✗ health`);
    expect(result.stdout).toContain(`GET /api/health answered 404 without the app's health report: is ${otherUrl} this app's address?`);
    expect(result.stdout).toMatch(/^✗ sign-in .* sign-in refused for owner@example\.com: 404$/m);
    expect(result.stderr.trim()).toBe('smoke failed — failed: health, sign-in; not run: dashboard, refresh, tier list, api p95');
    expectReadable(result);
  });
});
