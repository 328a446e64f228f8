import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/**
 * CPU time by process, from /proc (Linux): how much of the machine one request costs in the app
 * server, in PostgreSQL (the postmaster and its backends) and in the load generator (this
 * process). Read before and after a load run, the difference over the requests served says
 * where the cores went, which latency alone cannot tell on a machine the three share.
 */
const TICKS_PER_SECOND = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

interface Stat {
  pid: number;
  parent: number;
  seconds: number;
}

function statOf(pid: number | string): Stat | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may hold spaces: count fields after it.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { pid: Number(pid), parent: Number(fields[1]), seconds: (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND };
  } catch {
    return null; // gone, or not Linux
  }
}

/** CPU seconds used so far by a process, and by the process plus its live children. */
function cpuSeconds(pid: number, withChildren: boolean): number | null {
  const own = statOf(pid);
  if (!own) return null;
  if (!withChildren) return own.seconds;
  let total = own.seconds;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = statOf(entry);
    if (stat?.parent === pid) total += stat.seconds;
  }
  return total;
}

export interface CpuReading {
  server: number | null;
  postgres: number | null;
  loadGenerator: number;
}

/** The CPU seconds so far of the server process, PostgreSQL (when its postmaster's PID is known) and this process. */
export function readCpu(serverPid: number | undefined, postmasterPid: number | undefined): CpuReading {
  const own = process.cpuUsage();
  return {
    server: serverPid ? cpuSeconds(serverPid, false) : null,
    postgres: postmasterPid ? cpuSeconds(postmasterPid, true) : null,
    loadGenerator: (own.user + own.system) / 1e6,
  };
}

/** Milliseconds of CPU per request in each, between two readings. */
export function cpuPerRequest(before: CpuReading, after: CpuReading, requests: number): CpuReading {
  const per = (a: number | null, b: number | null) => (a === null || b === null || requests === 0 ? null : ((b - a) * 1000) / requests);
  return {
    server: per(before.server, after.server),
    postgres: per(before.postgres, after.postgres),
    loadGenerator: per(before.loadGenerator, after.loadGenerator) ?? 0,
  };
}
