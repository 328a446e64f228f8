import { readFileSync } from 'node:fs';

/**
 * Where a server's CPU time went, from the .cpuprofile that `node --cpu-prof` writes when the
 * process exits: self time by part of the stack (the framework, the database driver, the app's
 * own code…) and the functions that took the most. For `npm run bench:load --cpu-prof`.
 */
interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export interface ProfileSummary {
  totalMs: number;
  /** Share of the profile's time (0–1), idle included, by part. */
  parts: { part: string; share: number }[];
  /** The functions with the most self time, with their share of the busy (non-idle) time. */
  functions: { name: string; share: number }[];
}

/** Which part of the server a frame belongs to, by the file it is in. */
const PARTS: [string, RegExp][] = [
  ['PostgreSQL driver (pg)', /node_modules\/(pg|pg-protocol|pg-types|pg-pool|pgpass|postgres-\w+)\//],
  ['Next.js and React', /node_modules\/(next|react|react-dom|scheduler|@next)\/|\/next\/dist\//],
  ['JWT (jose)', /node_modules\/jose\//],
  ['logging (pino)', /node_modules\/(pino|sonic-boom|thread-stream|fast-redact)/],
  ['metrics (prom-client)', /node_modules\/(prom-client|tdigest|bintrees)\//],
  ['zod', /node_modules\/zod\//],
  ['other packages', /node_modules\//],
  ['the app (server chunks)', /\.next\/server\//],
  ['Node.js (http, net, streams, crypto…)', /^node:/],
];

function partOf(frame: ProfileNode['callFrame']): string {
  if (frame.functionName === '(idle)') return 'idle';
  if (frame.functionName === '(garbage collector)') return 'garbage collection';
  if (!frame.url) return 'V8 and native (program)';
  return PARTS.find(([, pattern]) => pattern.test(frame.url))?.[0] ?? 'other';
}

/**
 * `window` limits it to the samples taken between two moments of the machine's monotonic clock
 * (µs; V8 stamps samples on it too), e.g. one load run, leaving out start-up and sign-ins.
 */
export function summarizeCpuProfile(file: string, window?: { startMicros: number; endMicros: number }, top = 12): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfMs = new Map<number, number>();
  let at = profile.startTime;
  profile.samples.forEach((id, index) => {
    const delta = profile.timeDeltas[index] ?? 0;
    at += delta;
    if (window && (at < window.startMicros || at > window.endMicros)) return;
    selfMs.set(id, (selfMs.get(id) ?? 0) + delta / 1000);
  });
  const totalMs = [...selfMs.values()].reduce((sum, value) => sum + value, 0);

  const parts = new Map<string, number>();
  const functions = new Map<string, number>();
  let idleMs = 0;
  for (const [id, ms] of selfMs) {
    const frame = byId.get(id)!.callFrame;
    const part = partOf(frame);
    parts.set(part, (parts.get(part) ?? 0) + ms);
    if (part === 'idle') {
      idleMs += ms;
      continue;
    }
    const where = frame.url
      ? `${frame.url.replace(/^.*node_modules\//, '').replace(/^.*\.next\//, '.next/')}:${frame.lineNumber + 1}`
      : 'native';
    const name = `${frame.functionName || '(anonymous)'} (${where})`;
    functions.set(name, (functions.get(name) ?? 0) + ms);
  }
  const busyMs = totalMs - idleMs;
  return {
    totalMs,
    parts: [...parts].map(([part, ms]) => ({ part, share: ms / totalMs })).sort((a, b) => b.share - a.share),
    functions: [...functions]
      .map(([name, ms]) => ({ name, share: ms / busyMs }))
      .sort((a, b) => b.share - a.share)
      .slice(0, top),
  };
}
