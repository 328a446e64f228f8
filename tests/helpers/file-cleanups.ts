import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';

/**
 * Cleanups run after a test file (last registered, first run), and temporary folders removed by
 * them: for tests that start processes on folders of their own.
 */
export function fileCleanups() {
  const cleanups: (() => unknown)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });
  return {
    cleanups,
    temporaryFolder(prefix: string): string {
      const folder = mkdtempSync(path.join(tmpdir(), prefix));
      cleanups.push(() => rmSync(folder, { recursive: true, force: true }));
      return folder;
    },
  };
}
