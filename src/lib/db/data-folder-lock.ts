import { randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { onExit } from 'signal-exit';

/**
 * One process at a time on an embedded database folder: two PGlite instances on one folder
 * corrupt it, and a second process would otherwise see a half-written database.
 *
 * The lock is `<folder>.lock`, holding the owner's PID. It is created atomically (written in full
 * under a temporary name, then hard-linked into place: link never overwrites), removed on close
 * and on exit (signal-exit also covers SIGINT/SIGTERM/SIGHUP when nothing else handles them), and
 * taken over when its process is gone, e.g. after a SIGKILL or a crash.
 *
 * Why not proper-lockfile: it cannot say who holds the lock, and it detects stale locks by a
 * heartbeat on the file's mtime; PGlite runs queries on the main thread, so a long import would
 * miss heartbeats and another process would take over a database still being written. A PID is
 * exact on one machine, and an OS lock (flock) needs a native addon.
 */

export interface LockHolder {
  pid: number;
  /** When the process started (Linux, from /proc): tells a live holder from a reused PID. */
  startTicks: string | null;
  /** What the holder was started as, to name it in the message. */
  command: string;
  since: string;
}

/** Another live process holds the folder. The message is written for the terminal and the log. */
export class DatabaseInUseError extends Error {
  // SQLSTATE cannot_connect_now, what PostgreSQL answers while it cannot take connections: to the
  // app's error mapping this is "database unavailable, try again" (503 with Retry-After), which it
  // is until the other process (often a short CLI run) stops.
  readonly code = '57P03';

  constructor(
    readonly folder: string,
    readonly holder: LockHolder,
  ) {
    super(
      `The embedded database in ${folder} is in use by process ${holder.pid} (${holder.command}) — stop it, or set DATABASE_URL to use a PostgreSQL server.`,
    );
    this.name = 'DatabaseInUseError';
  }
}

// Shared by every copy of this module in the process (Next may bundle it into several chunks).
const heldKey = Symbol.for('customer-segmentation.data-folder-locks');
const held: Set<string> = ((globalThis as Record<symbol, Set<string>>)[heldKey] ??= new Set());

/** Field 22 of /proc/<pid>/stat (start time in clock ticks since boot); null where there is no /proc. */
function startTicks(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may contain spaces: count from after it.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}

function describeThisProcess(): LockHolder {
  const script = process.env.npm_lifecycle_event;
  const command = script ? (script === 'start' ? 'npm start' : `npm run ${script}`) : `node ${path.basename(process.argv[1] ?? '')}`.trim();
  return { pid: process.pid, startTicks: startTicks(process.pid), command, since: new Date().toISOString() };
}

function parseHolder(text: string): LockHolder | null {
  try {
    const holder = JSON.parse(text) as LockHolder;
    return Number.isInteger(holder.pid) && holder.pid > 0 ? holder : null;
  } catch {
    return null;
  }
}

function isAlive(holder: LockHolder): boolean {
  // Our own PID but not a lock this process holds: left by an earlier run that had the same PID
  // (a restarted container numbers its processes the same way).
  if (holder.pid === process.pid) return false;
  try {
    process.kill(holder.pid, 0);
  } catch (error) {
    // EPERM: alive, but another user's.
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return false;
  }
  const started = startTicks(holder.pid);
  return !(holder.startTicks && started && started !== holder.startTicks);
}

const temporaryName = (file: string, kind: string) => `${file}.${randomBytes(6).toString('hex')}.${kind}`;

function readIfPresent(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/** True if the lock file was created with `content`, false if one exists already. */
function tryCreate(file: string, content: string): boolean {
  const temporary = temporaryName(file, 'tmp');
  writeFileSync(temporary, content, { mode: 0o600 });
  try {
    linkSync(temporary, file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    unlinkSync(temporary);
  }
}

/**
 * Removes a dead holder's lock, but only that one: two processes may find the same stale lock at
 * once, and the slower must not delete the lock the faster has just created. Renaming is atomic,
 * so the lock is first moved aside and checked; if it turns out to be a new, live one, it is
 * linked back (link never overwrites).
 */
function discardStale(file: string, staleContent: string) {
  const aside = temporaryName(file, 'stale');
  try {
    renameSync(file, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  try {
    if (readFileSync(aside, 'utf8') !== staleContent) linkSync(aside, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    unlinkSync(aside);
  }
}

function removeIfOurs(file: string, content: string) {
  try {
    if (readFileSync(file, 'utf8') === content) unlinkSync(file);
  } catch {
    // Already gone: nothing to release.
  }
}

/**
 * Locks an embedded database folder for this process, or throws DatabaseInUseError naming the
 * live process that holds it. Returns the release function (also run on exit).
 */
export function lockDataFolder(folder: string): () => void {
  const file = `${folder}.lock`;
  if (held.has(file)) throw new Error(`The embedded database in ${folder} is already open in this process.`);
  mkdirSync(path.dirname(file), { recursive: true });
  const content = JSON.stringify(describeThisProcess());
  // A few rounds are enough: each one either takes the lock, meets a live holder, or clears a dead one.
  for (let round = 0; round < 5; round += 1) {
    if (tryCreate(file, content)) {
      held.add(file);
      const removeExitHook = onExit(() => removeIfOurs(file, content));
      return () => {
        removeExitHook();
        held.delete(file);
        removeIfOurs(file, content);
      };
    }
    const existing = readIfPresent(file);
    if (existing === null) continue;
    const holder = parseHolder(existing);
    if (holder && isAlive(holder)) throw new DatabaseInUseError(folder, holder);
    discardStale(file, existing);
  }
  throw new Error(`Could not lock the embedded database in ${folder}: ${file} keeps changing. Is another process starting on it?`);
}
