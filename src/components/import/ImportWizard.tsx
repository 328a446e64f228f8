'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import type { SampleAnalysis } from '@/lib/import/analyze';
import type { ColumnMapping } from '@/lib/import/fields';
import type { ImportIssue, ImportJob } from '@/lib/import/jobs';
import { problemText } from '@/lib/http/problem-text';
import { JobReview } from './JobReview';
import { MappingStep } from './MappingStep';
import { ProgressBar } from './ProgressBar';

/**
 * The upload flow: choose a file → its columns matched (the user maps what could not be) and
 * its dates read → preview → upload with validation (progress) → report → commit (progress) →
 * summary and the dashboard. Nothing is written to the book before the user confirms the report.
 */
type Stage =
  | { name: 'choose' }
  | { name: 'mapping'; file: File; analysis: SampleAnalysis }
  | { name: 'uploading'; file: File; percent: number }
  | { name: 'review'; job: ImportJob; issues: ImportIssue[] };

const SAMPLE_BYTES = 256 * 1024;

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
        setStage({ name: 'review', job: body.job, issues: body.issues ?? [] });
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
      {stage.name === 'review' && (
        <JobReview key={stage.job.id} job={stage.job} issues={stage.issues} onAnother={() => setStage({ name: 'choose' })} />
      )}
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
