import { DomainError } from '@/lib/domain-error';
import { recordImportPhase, type ImportOutcome } from '@/lib/observability/metrics';

type Rows = Parameters<typeof recordImportPhase>[3];

/** A refusal the file or the job's state earned (422, 409, 413) is the caller's; anything else, a database down included, is ours. */
function outcomeOf(error: unknown): ImportOutcome {
  return error instanceof DomainError && error.code !== 'unavailable' ? 'rejected' : 'error';
}

/** Runs one phase of an import (validate, commit) and records its duration, outcome and rows for /api/metrics. */
export async function measureImportPhase<T>(phase: 'validate' | 'commit', work: () => Promise<T>, rowsOf: (result: T) => Rows): Promise<T> {
  const startedAt = performance.now();
  try {
    const result = await work();
    recordImportPhase(phase, 'ok', performance.now() - startedAt, rowsOf(result));
    return result;
  } catch (error) {
    recordImportPhase(phase, outcomeOf(error), performance.now() - startedAt);
    throw error;
  }
}
