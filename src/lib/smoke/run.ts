/**
 * `npm run smoke`: the deployment checklist against a running deployment, in order. A failed
 * check does not stop the run: each later check runs when what it needs still holds (the server
 * answers; a session, for everything after sign-in), and is reported as not run otherwise. The
 * report names every check that failed or could not run; it never contains the password or a
 * cookie (the checks only say what they saw). The session is signed out at the end.
 */
import {
  CheckFailed,
  checkDashboard,
  checkHealth,
  checkRefresh,
  checkSignIn,
  checkSummaryP95,
  checkTierList,
  type Credentials,
  type SmokeState,
} from './checks';
import { SmokeClient, UnreachableError } from './client';

export type CheckStatus = 'passed' | 'failed' | 'not run';

export interface CheckResult {
  name: string;
  status: CheckStatus;
  ms: number;
  detail: string;
}

interface Check {
  name: string;
  needsSession: boolean;
  run(state: SmokeState): Promise<string>;
}

/** The checklist, in the order a person would go through it after a deploy. */
const CHECKS: Check[] = [
  { name: 'health', needsSession: false, run: checkHealth },
  { name: 'sign-in', needsSession: false, run: checkSignIn },
  { name: 'dashboard', needsSession: true, run: checkDashboard },
  { name: 'refresh', needsSession: true, run: checkRefresh },
  { name: 'tier list', needsSession: true, run: checkTierList },
  { name: 'api p95', needsSession: true, run: checkSummaryP95 },
];

export const CHECK_NAMES = CHECKS.map((check) => check.name);

export interface SmokeOptions {
  base: URL;
  credentials: Credentials;
  /** Called as each check ends, so a person watching sees progress. */
  onResult?: (result: CheckResult) => void;
}

export async function runSmoke({ base, credentials, onResult }: SmokeOptions): Promise<CheckResult[]> {
  const state: SmokeState = { client: new SmokeClient(base), credentials, signedIn: false };
  let unreachable: string | null = null;
  const results: CheckResult[] = [];
  for (const check of CHECKS) {
    let result: CheckResult;
    if (unreachable) {
      result = { name: check.name, status: 'not run', ms: 0, detail: 'the server did not answer' };
    } else if (check.needsSession && !state.signedIn) {
      result = { name: check.name, status: 'not run', ms: 0, detail: 'needs a signed-in session (sign-in failed)' };
    } else {
      const startedAt = performance.now();
      const outcome = await check.run(state).then(
        (detail) => ({ status: 'passed' as const, detail }),
        (error: unknown) => {
          if (error instanceof UnreachableError) unreachable = error.message;
          // Anything else is a defect of the check or an answer it did not expect: still one line.
          const detail = error instanceof CheckFailed || error instanceof UnreachableError ? error.message : `unexpected: ${String(error)}`;
          return { status: 'failed' as const, detail };
        },
      );
      result = { name: check.name, ms: performance.now() - startedAt, ...outcome };
    }
    results.push(result);
    onResult?.(result);
  }
  // Not a check: the session ends on the server rather than lingering there until it expires.
  if (state.signedIn && !unreachable) await state.client.request('/api/auth/sign-out', { method: 'POST' }).catch(() => {});
  return results;
}

const MARKS: Record<CheckStatus, string> = { passed: '✓', failed: '✗', 'not run': '-' };
const NAME_WIDTH = Math.max(...CHECK_NAMES.map((name) => name.length));

export function formatResult({ name, status, ms, detail }: CheckResult): string {
  const time = status === 'not run' ? 'not run' : `${Math.round(ms)} ms`;
  return `${MARKS[status]} ${name.padEnd(NAME_WIDTH)}  ${time.padStart(8)}  ${detail}`;
}

/** The last line: passed, or every check that failed and every one that could not run. */
export function formatVerdict(results: CheckResult[], totalMs: number): { ok: boolean; line: string } {
  const named = (status: CheckStatus) => results.filter((result) => result.status === status).map((result) => result.name);
  const failed = named('failed');
  const notRun = named('not run');
  if (!failed.length && !notRun.length) {
    return { ok: true, line: `smoke passed: ${results.length} checks in ${(totalMs / 1000).toFixed(1)} s` };
  }
  const parts = [failed.length ? `failed: ${failed.join(', ')}` : '', notRun.length ? `not run: ${notRun.join(', ')}` : ''];
  return { ok: false, line: `smoke failed — ${parts.filter(Boolean).join('; ')}` };
}
