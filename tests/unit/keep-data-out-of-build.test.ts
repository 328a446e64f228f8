import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

/**
 * `npm run build` runs scripts/keep-data-out-of-build.mjs first: the embedded database an earlier
 * `npm start` kept in .next/standalone/.data must come out before `next build` deletes it.
 */
const script = path.resolve('scripts/keep-data-out-of-build.mjs');
let project: string;
afterEach(() => rmSync(project, { recursive: true, force: true }));

function projectWithStandaloneData() {
  project = mkdtempSync(path.join(tmpdir(), 'cs-prebuild-'));
  mkdirSync(path.join(project, '.next/standalone/.data/pglite'), { recursive: true });
  writeFileSync(path.join(project, '.next/standalone/.data/pglite/PG_VERSION'), 'from npm start');
}
const runPrebuild = () => execFileSync(process.execPath, [script], { cwd: project, encoding: 'utf8' });

describe('before a build', () => {
  it("moves npm start's old data folder to the project's .data", () => {
    projectWithStandaloneData();
    expect(runPrebuild()).toContain('to .data');
    expect(readFileSync(path.join(project, '.data/pglite/PG_VERSION'), 'utf8')).toBe('from npm start');
    expect(existsSync(path.join(project, '.next/standalone/.data'))).toBe(false);
  });

  it('keeps both when the CLI already wrote .data, and says how to choose', () => {
    projectWithStandaloneData();
    mkdirSync(path.join(project, '.data/pglite'), { recursive: true });
    writeFileSync(path.join(project, '.data/pglite/PG_VERSION'), 'from the CLI');
    expect(runPrebuild()).toMatch(/replace \.data\/pglite with \.data\/from-npm-start-[\w-]+\/pglite/);
    expect(readFileSync(path.join(project, '.data/pglite/PG_VERSION'), 'utf8')).toBe('from the CLI');
    const [aside] = readdirSync(path.join(project, '.data')).filter((name) => name.startsWith('from-npm-start-'));
    expect(readFileSync(path.join(project, '.data', aside!, 'pglite/PG_VERSION'), 'utf8')).toBe('from npm start');
  });

  it('does nothing when there is nothing to move', () => {
    project = mkdtempSync(path.join(tmpdir(), 'cs-prebuild-'));
    expect(runPrebuild()).toBe('');
    expect(readdirSync(project)).toEqual([]);
  });
});
