import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { onExit } from 'signal-exit';

/**
 * The processes and folders `npm run bench:load` starts and makes, ended and removed by it: in
 * order on a normal finish, and on a failure, Ctrl-C or SIGTERM through signal-exit (which then
 * can only act synchronously: a SIGKILL by PID and a synchronous delete). Only what this process
 * started is touched, each by the PID it was given.
 */
const started = new Set<ChildProcess>();
const folders = new Set<string>();

onExit(() => {
  for (const child of started) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

/** A temporary folder that is removed when the benchmark ends, however it ends. */
export function temporaryFolder(prefix: string): string {
  const folder = mkdtempSync(path.join(os.tmpdir(), prefix));
  folders.add(folder);
  return folder;
}

export function removeFolder(folder: string): void {
  rmSync(folder, { recursive: true, force: true });
  folders.delete(folder);
}

export interface Started {
  child: ChildProcess;
  /** Where its stdout and stderr go. */
  logFile: string;
  /** The last lines of its output, for an error message. */
  tail(lines?: number): string;
}

/** Starts a process with its output in `logFile`; it is ended when the benchmark ends. */
export function startProcess(command: string, args: string[], options: { cwd?: string; env: NodeJS.ProcessEnv; logFile: string }): Started {
  const fd = openSync(options.logFile, 'a');
  const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', fd, fd] });
  closeSync(fd);
  started.add(child);
  child.once('exit', () => started.delete(child));
  const tail = (lines = 20) => readFileSync(options.logFile, 'utf8').split('\n').slice(-lines).join('\n');
  return { child, logFile: options.logFile, tail };
}

/** Asks the process to end (SIGTERM, so a profiling server writes its profile), then kills it after `graceMs`. */
export async function stopProcess({ child }: Started, graceMs = 15_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

/** Polls until `ready` resolves true; fails when the process exits first or time runs out. */
export async function waitUntil(process: Started, what: string, ready: () => Promise<boolean>, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (process.child.exitCode !== null)
      throw new Error(`${what} exited (${process.child.exitCode}) before it was ready:\n${process.tail()}`);
    if (await ready().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${what} was not ready within ${timeoutMs / 1000} s:\n${process.tail()}`);
}
