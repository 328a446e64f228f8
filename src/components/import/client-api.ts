import type { ImportJob } from '@/lib/import/jobs';
import { problemText } from '@/lib/http/problem-text';

/** The import page's calls that more than one component makes: a commit with progress. */

const COMMIT_STEP_LABELS: Record<string, string> = {
  started: 'Writing customers…',
  customers: 'Writing contacts…',
  contacts: 'Writing policies…',
  policies: 'Applying replace mode…',
  expire: 'Recording the import…',
  record: 'Recomputing tiers…',
  refresh: 'Done',
};
const COMMIT_STEPS = 6;

export type CommitOutcome = { ok: true; job: ImportJob } | { ok: false; message: string };

/** Commits a validated job, reporting each step the server streams (application/x-ndjson). */
export async function commitWithProgress(jobId: string, onStep: (label: string, percent: number) => void): Promise<CommitOutcome> {
  onStep(COMMIT_STEP_LABELS.started!, 0);
  const response = await fetch(`/api/customers/import/${jobId}/commit`, { method: 'POST', headers: { accept: 'application/x-ndjson' } });
  if (!response.ok || !response.body) return { ok: false, message: await problemText(response) };
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  let done = 0;
  for (;;) {
    const { value, done: finished } = await reader.read();
    if (finished) break;
    buffer += value;
    const lines = buffer.split('\n');
    buffer = lines.pop() ?? '';
    for (const line of lines.filter(Boolean)) {
      const message = JSON.parse(line) as { step?: string; job?: ImportJob; problem?: { detail?: string } };
      if (message.step) {
        done += message.step === 'started' ? 0 : 1;
        onStep(COMMIT_STEP_LABELS[message.step] ?? 'Importing…', (done / COMMIT_STEPS) * 100);
      }
      if (message.job) return { ok: true, job: message.job };
      if (message.problem)
        return { ok: false, message: `${message.problem.detail ?? 'The import failed.'} Nothing was written; you can try again.` };
    }
  }
  return { ok: false, message: 'The connection closed before the import finished. Reload this page to see whether it was imported.' };
}
