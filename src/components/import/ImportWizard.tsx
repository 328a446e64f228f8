'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import type { SampleAnalysis } from '@/lib/import/analyze';
import { IMPORT_FIELDS, type ColumnMapping, type FieldKey } from '@/lib/import/fields';
import type { ImportIssue, ImportJob } from '@/lib/import/jobs';

/**
 * The upload flow: choose a file → its columns matched (the user maps what could not be) and
 * its dates read → preview → upload with validation (progress) → report → commit (progress) →
 * summary and the dashboard. Nothing is written to the book before the user confirms the report.
 */
type Stage =
  | { name: 'choose' }
  | { name: 'mapping'; file: File; analysis: SampleAnalysis }
  | { name: 'uploading'; file: File; percent: number }
  | { name: 'report'; job: ImportJob; issues: ImportIssue[] }
  | { name: 'committing'; job: ImportJob; step: string; percent: number }
  | { name: 'done'; job: ImportJob };

const SAMPLE_BYTES = 256 * 1024;
const COMMIT_STEP_LABELS: Record<string, string> = {
  started: 'Writing customers…',
  customers: 'Writing contacts…',
  contacts: 'Writing policies…',
  policies: 'Applying replace mode…',
  expire: 'Recording the import…',
  record: 'Recomputing tiers…',
  refresh: 'Done',
};
const n = (value: number) => value.toLocaleString('en-US');

async function problemText(response: Response): Promise<string> {
  const body = (await response.json().catch(() => null)) as { detail?: string; title?: string; errors?: { message: string }[] } | null;
  return body?.detail ?? body?.title ?? `The server answered ${response.status}.`;
}

function ProgressBar({ label, percent }: { label: string; percent: number }) {
  return (
    <div className="space-y-1">
      <div className="flex justify-between text-sm text-slate-700">
        <span>{label}</span>
        <span className="tabular-nums">{Math.round(percent)}%</span>
      </div>
      <div
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(percent)}
        className="h-3 w-full overflow-hidden rounded-full bg-slate-200"
      >
        <div className="h-full rounded-full bg-brand-600 transition-[width]" style={{ width: `${percent}%` }} />
      </div>
    </div>
  );
}

export function ImportWizard() {
  const router = useRouter();
  const [stage, setStage] = useState<Stage>({ name: 'choose' });
  const [error, setError] = useState<string | null>(null);
  const [mode, setMode] = useState<'merge' | 'replace'>('merge');
  const [mapping, setMapping] = useState<ColumnMapping>({});
  const [dateOrder, setDateOrder] = useState<'mdy' | 'dmy'>('mdy');

  async function analyze(file: File) {
    setError(null);
    const sample = file.slice(0, SAMPLE_BYTES);
    const response = await fetch(`/api/customers/import/analyze?size=${file.size}`, {
      method: 'POST',
      headers: { 'content-type': 'text/csv' },
      body: sample,
    });
    if (!response.ok) {
      setError(await problemText(response));
      return;
    }
    const analysis = (await response.json()) as SampleAnalysis;
    setMapping(analysis.mapping);
    setDateOrder(analysis.dateOrder.order);
    setStage({ name: 'mapping', file, analysis });
  }

  function upload(file: File) {
    setError(null);
    setStage({ name: 'uploading', file, percent: 0 });
    const params = new URLSearchParams({ fileName: file.name, mode, dateOrder, mapping: JSON.stringify(mapping) });
    const request = new XMLHttpRequest();
    request.open('POST', `/api/customers/import?${params}`);
    request.setRequestHeader('content-type', 'text/csv');
    // The server validates as the bytes arrive, so upload progress is validation progress.
    request.upload.onprogress = (event) => {
      if (event.lengthComputable) setStage({ name: 'uploading', file, percent: (event.loaded / event.total) * 100 });
    };
    request.onload = () => {
      const body = JSON.parse(request.responseText || '{}') as { job?: ImportJob; issues?: ImportIssue[]; detail?: string; title?: string };
      if (request.status === 201 && body.job) {
        setStage({ name: 'report', job: body.job, issues: body.issues ?? [] });
      } else {
        setError(body.detail ?? body.title ?? `The server answered ${request.status}.`);
        setStage({ name: 'choose' });
      }
      router.refresh();
    };
    request.onerror = () => {
      setError('The upload was interrupted. Check your connection and try again; nothing was imported.');
      setStage({ name: 'choose' });
    };
    request.send(file);
  }

  async function commit(job: ImportJob) {
    setError(null);
    setStage({ name: 'committing', job, step: 'started', percent: 0 });
    const response = await fetch(`/api/customers/import/${job.id}/commit`, { method: 'POST', headers: { accept: 'application/x-ndjson' } });
    if (!response.ok || !response.body) {
      setError(await problemText(response));
      setStage({ name: 'report', job, issues: [] });
      return;
    }
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
        const message = JSON.parse(line) as { step?: string; steps?: string[]; job?: ImportJob; problem?: { detail?: string } };
        if (message.step) {
          done += message.step === 'started' ? 0 : 1;
          setStage({ name: 'committing', job, step: message.step, percent: (done / 6) * 100 });
        }
        if (message.job) setStage({ name: 'done', job: message.job });
        if (message.problem) {
          setError(`${message.problem.detail ?? 'The import failed.'} Nothing was written; you can try again.`);
          setStage({ name: 'report', job, issues: [] });
        }
      }
    }
    router.refresh();
  }

  async function cancel(job: ImportJob) {
    await fetch(`/api/customers/import/${job.id}`, { method: 'DELETE' });
    setStage({ name: 'choose' });
    router.refresh();
  }

  return (
    <section aria-labelledby="import-heading" className="space-y-4 rounded-2xl border border-slate-200 bg-white p-4 sm:p-6">
      <h2 id="import-heading" className="text-lg font-bold">
        New import
      </h2>
      {error && (
        <p role="alert" className="rounded-lg border border-red-200 bg-red-50 p-3 text-red-800">
          {error}
        </p>
      )}
      {stage.name === 'choose' && <ChooseFile mode={mode} onMode={setMode} onFile={(file) => void analyze(file)} />}
      {stage.name === 'mapping' && (
        <MappingStep
          analysis={stage.analysis}
          mapping={mapping}
          onMapping={setMapping}
          dateOrder={dateOrder}
          onDateOrder={setDateOrder}
          onBack={() => setStage({ name: 'choose' })}
          onContinue={() => upload(stage.file)}
        />
      )}
      {stage.name === 'uploading' && <ProgressBar label={`Uploading and validating ${stage.file.name}`} percent={stage.percent * 0.99} />}
      {stage.name === 'report' && (
        <Report job={stage.job} issues={stage.issues} onCommit={() => void commit(stage.job)} onCancel={() => void cancel(stage.job)} />
      )}
      {stage.name === 'committing' && <ProgressBar label={COMMIT_STEP_LABELS[stage.step] ?? 'Importing…'} percent={stage.percent} />}
      {stage.name === 'done' && <Summary job={stage.job} onAnother={() => setStage({ name: 'choose' })} />}
    </section>
  );
}

function ChooseFile({
  mode,
  onMode,
  onFile,
}: {
  mode: 'merge' | 'replace';
  onMode: (mode: 'merge' | 'replace') => void;
  onFile: (file: File) => void;
}) {
  return (
    <div className="space-y-4">
      <fieldset className="space-y-2">
        <legend className="font-semibold">How should the file be applied?</legend>
        <label className="flex min-h-11 items-start gap-2">
          <input
            type="radio"
            name="mode"
            value="merge"
            checked={mode === 'merge'}
            onChange={() => onMode('merge')}
            className="mt-1 size-5"
          />
          <span>
            <strong>Merge</strong> — add new customers and policies, update the ones in the file, leave the rest as they are.
          </span>
        </label>
        <label className="flex min-h-11 items-start gap-2">
          <input
            type="radio"
            name="mode"
            value="replace"
            checked={mode === 'replace'}
            onChange={() => onMode('replace')}
            className="mt-1 size-5"
          />
          <span>
            <strong>Replace</strong> — the file is your whole book: policies not in it are marked expired (never deleted).
          </span>
        </label>
      </fieldset>
      <label className="block">
        <span className="font-semibold">CSV file</span>
        <span className="block text-sm text-slate-600">Comma, semicolon or tab separated; UTF-8 or Windows-1252; up to 200 MB.</span>
        <input
          type="file"
          accept=".csv,.txt,.tsv,text/csv"
          className="mt-2 block min-h-11 w-full rounded-lg border border-slate-300 p-2"
          onChange={(event) => {
            const file = event.target.files?.[0];
            if (file) onFile(file);
          }}
        />
      </label>
    </div>
  );
}

function MappingStep(props: {
  analysis: SampleAnalysis;
  mapping: ColumnMapping;
  onMapping: (mapping: ColumnMapping) => void;
  dateOrder: 'mdy' | 'dmy';
  onDateOrder: (order: 'mdy' | 'dmy') => void;
  onBack: () => void;
  onContinue: () => void;
}) {
  const { analysis, mapping } = props;
  const missing = IMPORT_FIELDS.filter((field) => field.required && !mapping[field.key]);
  const mapped = IMPORT_FIELDS.filter((field) => mapping[field.key]);
  const delimiterName = analysis.delimiter === '\t' ? 'tab' : analysis.delimiter === ';' ? 'semicolon' : 'comma';
  return (
    <div className="space-y-5">
      <p className="text-sm text-slate-700">
        Read as {analysis.encoding === 'utf-8' ? 'UTF-8' : 'Windows-1252 (converted)'}, {delimiterName}-separated, {analysis.headers.length}{' '}
        columns.
      </p>
      <fieldset>
        <legend className="font-semibold">Columns</legend>
        {missing.length > 0 && (
          <p className="mt-1 text-sm text-amber-800" data-testid="mapping-needed">
            Choose the column for: {missing.map((field) => field.label).join(', ')}.
          </p>
        )}
        <div className="mt-2 grid gap-2 sm:grid-cols-2">
          {IMPORT_FIELDS.map((field) => (
            <label key={field.key} className="flex flex-col gap-1 text-sm">
              <span className="font-medium">
                {field.label}
                {field.required ? <span className="text-red-700"> (required)</span> : null}
              </span>
              <select
                className={`min-h-11 rounded-lg border p-2 ${field.required && !mapping[field.key] ? 'border-amber-500 bg-amber-50' : 'border-slate-300'}`}
                value={mapping[field.key] ?? ''}
                onChange={(event) => props.onMapping({ ...mapping, [field.key]: event.target.value || null })}
              >
                <option value="">— not in this file —</option>
                {analysis.headers.map((header) => (
                  <option key={header} value={header}>
                    {header}
                  </option>
                ))}
              </select>
            </label>
          ))}
        </div>
      </fieldset>
      {(analysis.dateOrder.ambiguous || analysis.dateOrder.conflicting) && (
        <fieldset className="space-y-2 rounded-lg border border-amber-200 bg-amber-50 p-3">
          <legend className="px-1 font-semibold">How are dates like 03/04/2026 written?</legend>
          {analysis.dateOrder.conflicting && (
            <p className="text-sm text-amber-900">
              Some dates only make sense as month/day and others as day/month; rows that do not fit your choice will be reported.
            </p>
          )}
          <label className="flex min-h-11 items-center gap-2">
            <input
              type="radio"
              name="date-order"
              checked={props.dateOrder === 'mdy'}
              onChange={() => props.onDateOrder('mdy')}
              className="size-5"
            />
            Month first (US): 03/04/2026 is March 4
          </label>
          <label className="flex min-h-11 items-center gap-2">
            <input
              type="radio"
              name="date-order"
              checked={props.dateOrder === 'dmy'}
              onChange={() => props.onDateOrder('dmy')}
              className="size-5"
            />
            Day first: 03/04/2026 is 3 April
          </label>
        </fieldset>
      )}
      {analysis.preview.length > 0 && (
        <div>
          <h3 className="font-semibold">Preview (first rows; personal details masked)</h3>
          {/* Scrolls sideways on a phone: focusable and named, so a keyboard can scroll it too. */}
          <div className="mt-2 overflow-x-auto" tabIndex={0} role="region" aria-label="Preview of the first rows">
            <table className="min-w-full text-left text-sm" data-testid="import-preview">
              <thead className="text-slate-600">
                <tr>
                  {mapped.map((field) => (
                    <th key={field.key} className="py-1 pr-3 font-semibold whitespace-nowrap">
                      {field.label}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {analysis.preview.map((row, index) => (
                  <tr key={index} className="border-t border-slate-100">
                    {mapped.map((field) => (
                      <td key={field.key} className="py-1 pr-3 whitespace-nowrap">
                        {previewCell(analysis, mapping, field.key, index) ?? ''}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      )}
      <div className="flex flex-wrap gap-3">
        <button type="button" onClick={props.onBack} className="min-h-11 rounded-lg border border-slate-300 px-4 font-semibold">
          Choose another file
        </button>
        <button
          type="button"
          onClick={props.onContinue}
          disabled={missing.length > 0}
          className="min-h-11 rounded-lg bg-brand-600 px-4 font-semibold text-white disabled:opacity-50"
        >
          Upload and validate
        </button>
      </div>
    </div>
  );
}

/** The preview cell for a field: by the analysis's own mapping, or from the raw column the user picked. */
function previewCell(analysis: SampleAnalysis, mapping: ColumnMapping, field: FieldKey, row: number): string | null | undefined {
  if (analysis.mapping[field] === mapping[field]) return analysis.preview[row]?.[field];
  return mapping[field] ? '(shown after upload)' : null;
}

function Report({
  job,
  issues,
  onCommit,
  onCancel,
}: {
  job: ImportJob;
  issues: ImportIssue[];
  onCommit: () => void;
  onCancel: () => void;
}) {
  const errors = job.rowsInvalid;
  return (
    <div className="space-y-4" data-testid="import-report">
      <h3 className="font-semibold">Validation report for {job.fileName}</h3>
      <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4">
        {[
          ['Rows', job.rowsTotal],
          ['Valid', job.rowsValid],
          ['With errors (skipped)', job.rowsInvalid],
          ['Warnings', job.warnings],
        ].map(([label, value]) => (
          <div key={label} className="rounded-xl border border-slate-200 p-3">
            <dt className="text-sm text-slate-600">{label}</dt>
            <dd className="text-xl font-bold tabular-nums">{n(value as number)}</dd>
          </div>
        ))}
      </dl>
      {issues.length > 0 && (
        <div className="max-h-96 overflow-auto" tabIndex={0} role="region" aria-label="Problems found">
          <table className="min-w-full text-left text-sm" data-testid="import-issues">
            <thead className="sticky top-0 bg-white text-slate-600">
              <tr>
                <th className="py-1 pr-3">Row</th>
                <th className="py-1 pr-3">Column</th>
                <th className="py-1 pr-3">Problem</th>
                <th className="py-1">Value</th>
              </tr>
            </thead>
            <tbody>
              {issues.map((issue, index) => (
                <tr key={index} className="border-t border-slate-100 align-top">
                  <td className="py-1 pr-3 tabular-nums">{issue.rowNumber ?? '—'}</td>
                  <td className="py-1 pr-3">{issue.column ?? '—'}</td>
                  <td className={`py-1 pr-3 ${issue.severity === 'error' ? 'text-red-800' : 'text-amber-800'}`}>
                    {issue.severity === 'error' ? 'Error: ' : 'Warning: '}
                    {issue.message}
                  </td>
                  <td className="py-1 break-all">{issue.value ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {job.rowsInvalid + job.warnings > issues.length && (
            <p className="mt-2 text-sm text-slate-600">Showing the first {n(issues.length)} problems.</p>
          )}
        </div>
      )}
      <div className="flex flex-wrap gap-3">
        <button type="button" onClick={onCancel} className="min-h-11 rounded-lg border border-slate-300 px-4 font-semibold">
          Cancel import
        </button>
        <button
          type="button"
          onClick={onCommit}
          disabled={job.rowsValid === 0}
          className="min-h-11 rounded-lg bg-brand-600 px-4 font-semibold text-white disabled:opacity-50"
        >
          {errors > 0 ? `Import ${n(job.rowsValid)} valid rows, skip ${n(errors)}` : `Import ${n(job.rowsValid)} rows`}
        </button>
      </div>
    </div>
  );
}

function Summary({ job, onAnother }: { job: ImportJob; onAnother: () => void }) {
  const result = job.result!;
  const line = (label: string, counts: { created: number; updated: number; unchanged: number }) =>
    `${label}: ${n(counts.created)} created, ${n(counts.updated)} updated, ${n(counts.unchanged)} unchanged`;
  return (
    <div className="space-y-3" data-testid="import-summary">
      <h3 className="font-semibold text-green-800">Imported {job.fileName}</h3>
      <ul className="list-disc space-y-1 pl-5">
        <li>{line('Customers', result.customers)}</li>
        <li>
          {line('Policies', result.policies)}
          {result.policies.expired ? `, ${n(result.policies.expired)} marked expired` : ''}
        </li>
        {result.contacts.created + result.contacts.updated > 0 && <li>{line('Contacts', result.contacts)}</li>}
        <li>{n(result.rowsSkipped)} rows skipped</li>
        <li>
          {result.refresh.status === 'ok' ? 'Tiers recomputed.' : 'The tiers could not be recomputed yet; use Refresh on the dashboard.'}
        </li>
      </ul>
      <div className="flex flex-wrap gap-3">
        <Link href="/analytics/segmentation" className="flex min-h-11 items-center rounded-lg bg-brand-600 px-4 font-semibold text-white">
          See the dashboard
        </Link>
        <button type="button" onClick={onAnother} className="min-h-11 rounded-lg border border-slate-300 px-4 font-semibold">
          Import another file
        </button>
      </div>
    </div>
  );
}
