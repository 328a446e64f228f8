import { randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Embedded mode's generated secrets: created once in the data folder (mode 0600), then read back
 * on every start, so sessions and encrypted data survive restarts without any configuration.
 * Two processes starting at once agree on one value instead of overwriting each other's.
 */
export function readOrCreateDataDirSecret(dataDir: string, fileName: string, generate: () => string): string {
  const file = path.join(dataDir, fileName);
  const read = () => {
    const value = readFileSync(file, 'utf8').trim();
    if (!value) throw new Error(`${file} is empty; delete it to have a new secret generated.`);
    return value;
  };
  try {
    return read();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  mkdirSync(dataDir, { recursive: true });
  // Written in full to a temporary name first, then linked into place: another process starting
  // at the same moment sees either no file or the whole secret, never an empty one.
  const temporary = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  writeFileSync(temporary, generate(), { mode: 0o600 });
  try {
    linkSync(temporary, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    unlinkSync(temporary);
  }
  return read();
}
