import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';

/** The project folder (the test runners run there): every command below runs there, as a developer would run it. */
export const PROJECT_ROOT = process.cwd();

export interface CommandResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** The environment of a command under test: this one's, minus variables that would change its meaning. */
export function commandEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env = { ...process.env, ...extra };
  // Set by `npm run` in the test runner itself; the command under test sets its own.
  delete env.npm_lifecycle_event;
  return env;
}

/** Runs `npm run <script> -- <args>` to the end, as a person would type it. */
export async function runNpmScript(
  script: string,
  args: string[],
  env: Record<string, string>,
  timeoutMs = 180_000,
): Promise<CommandResult> {
  const child = spawn('npm', ['run', '--silent', script, ...(args.length ? ['--', ...args] : [])], {
    cwd: PROJECT_ROOT,
    env: commandEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const [code, signal] = (await once(child, 'exit')) as [number | null, NodeJS.Signals | null];
  clearTimeout(timer);
  return { code, signal, stdout, stderr };
}

/** Waits until the process prints a line matching `pattern` on stdout; fails if it exits first. */
export async function waitForOutput(child: ChildProcess, pattern: RegExp, timeoutMs = 120_000): Promise<RegExpMatchArray> {
  let seen = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`No ${pattern} within ${timeoutMs} ms; output so far: ${seen}`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      seen += chunk;
      const match = seen.match(pattern);
      if (match) {
        clearTimeout(timer);
        child.stdout!.off('data', onData);
        resolve(match);
      }
    };
    child.stdout!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code} before printing ${pattern}; output: ${seen}`));
    });
  });
}

/** Stops a process (and its children, if it leads a process group) and waits for it to end. */
export async function stopProcess(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM', group = false) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  if (group) process.kill(-child.pid!, signal);
  else child.kill(signal);
  await exited;
}

/** A TCP port nobody listens on right now. */
export async function freePort(): Promise<number> {
  const server = net.createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as net.AddressInfo;
  server.close();
  await once(server, 'close');
  return port;
}

/** The lines of a command's error output, without npm's own banner. */
export function errorLines(result: CommandResult): string[] {
  return result.stderr.split('\n').filter((line) => line.trim() && !line.startsWith('npm '));
}

export const lockFileOf = (dataDir: string) => path.join(dataDir, 'pglite.lock');
export const isLocked = (dataDir: string) => existsSync(lockFileOf(dataDir));

/** A two-customer book in the columns the import matches by name. */
export const TWO_CUSTOMER_BOOK = [
  'customer_id,name,policy_id,line_of_business,annual_premium,effective_date,expiration_date,status',
  'C1,Ann Example,P1,Personal Auto,1200,2026-01-01,2027-01-01,active',
  'C2,Bob Example,P2,HO3,800,2026-02-01,2027-02-01,active',
  '',
].join('\r\n');
