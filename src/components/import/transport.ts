import type { SampleAnalysis } from '@/lib/import/analyze';
import type { CommitStep } from '@/lib/import/commit-steps';
import type { ColumnMapping } from '@/lib/import/fields';
import type { Wire } from '@/lib/http/wire';
import type { ImportIssue, ImportJob as StoredImportJob } from '@/lib/import/jobs';

/** An import job as a page holds it: rendered on the server (instants as Dates) or answered by the API (ISO strings). */
export type ImportJob = StoredImportJob | Wire<StoredImportJob>;
import { problemDetail, problemText } from '@/lib/http/problem-text';

/**
 * The import page's conversation with the API, apart from the components that show it: analyze a
 * sample, upload the file with progress (XMLHttpRequest: fetch reports no upload progress), commit
 * with progress (the NDJSON stream). Each call resolves to what it asked for or throws an
 * ImportRefusal whose message is written for the user (read from the problem with the shared helper).
 */
export class ImportRefusal extends Error {}

/** What a failed call says to the user: a refusal's own words, else the fallback. */
export const refusalMessage = (error: unknown, fallback: string) => (error instanceof ImportRefusal ? error.message : fallback);

const SAMPLE_BYTES = 256 * 1024;

export async function analyzeFile(file: File): Promise<SampleAnalysis> {
  const response = await fetch(`/api/customers/import/analyze?size=${file.size}`, {
    method: 'POST',
    headers: { 'content-type': 'text/csv' },
    body: file.slice(0, SAMPLE_BYTES),
  });
  if (!response.ok) throw new ImportRefusal(await problemText(response));
  return (await response.json()) as SampleAnalysis;
}

export interface UploadChoices {
  mode: 'merge' | 'replace';
  dateOrder: 'mdy' | 'dmy';
  mapping: ColumnMapping;
}

/** Uploads the whole file; the server validates as the bytes arrive, so upload progress is validation progress. */
export function uploadFile(file: File, choices: UploadChoices, onPercent: (percent: number) => void) {
  return new Promise<{ job: ImportJob; issues: ImportIssue[] }>((resolve, reject) => {
    const params = new URLSearchParams({ ...choices, fileName: file.name, mapping: JSON.stringify(choices.mapping) });
    const request = new XMLHttpRequest();
    request.open('POST', `/api/customers/import?${params}`);
    request.setRequestHeader('content-type', 'text/csv');
    request.upload.onprogress = (event) => {
      if (event.lengthComputable) onPercent((event.loaded / event.total) * 100);
    };
    request.onload = async () => {
      const answer = new Response(request.responseText || null, { status: request.status });
      if (request.status !== 201) return reject(new ImportRefusal(await problemText(answer)));
      resolve((await answer.json()) as { job: ImportJob; issues: ImportIssue[] });
    };
    request.onerror = () =>
      reject(new ImportRefusal('The upload was interrupted. Check your connection and try again; nothing was imported.'));
    request.send(file);
  });
}

/** Cancels a validated job; false when the server refused (the page then says to reload and see its status). */
export async function cancelJob(jobId: string): Promise<boolean> {
  return (await fetch(`/api/customers/import/${jobId}`, { method: 'DELETE' })).ok;
}

/** What the progress bar says while each step runs. */
const STEP_LABELS: Record<CommitStep, string> = {
  customers: 'Writing customers…',
  contacts: 'Writing contacts…',
  policies: 'Writing policies…',
  expire: 'Applying replace mode…',
  record: 'Recording the import…',
  refresh: 'Recomputing tiers…',
};

type CommitLine = { step: 'started'; steps: CommitStep[] } | { step: CommitStep } | { job: ImportJob } | { problem: object };

/**
 * Commits a validated job, reporting each step the server streams (application/x-ndjson): the
 * first line lists the steps, so the bar's share of each comes from the server, not from here.
 */
export async function commitWithProgress(jobId: string, onStep: (label: string, percent: number) => void): Promise<ImportJob> {
  onStep(STEP_LABELS.customers, 0);
  const response = await fetch(`/api/customers/import/${jobId}/commit`, { method: 'POST', headers: { accept: 'application/x-ndjson' } });
  if (!response.ok || !response.body) throw new ImportRefusal(await problemText(response));
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  let steps: CommitStep[] = [];
  for (;;) {
    const { value, done: finished } = await reader.read();
    if (finished) break;
    buffer += value;
    const lines = buffer.split('\n');
    buffer = lines.pop() ?? '';
    for (const line of lines.filter(Boolean)) {
      const message = JSON.parse(line) as CommitLine;
      if ('steps' in message) steps = message.steps;
      else if ('step' in message) {
        const done = steps.indexOf(message.step) + 1;
        const next = steps[done];
        onStep(next ? STEP_LABELS[next] : 'Done', (done / Math.max(steps.length, 1)) * 100);
      }
      if ('job' in message) return message.job;
      if ('problem' in message)
        throw new ImportRefusal(`${problemDetail(message.problem, 'The import failed.')} Nothing was written; you can try again.`);
    }
  }
  throw new ImportRefusal('The connection closed before the import finished. Reload this page to see whether it was imported.');
}
