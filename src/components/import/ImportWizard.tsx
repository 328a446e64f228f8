'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import type { SampleAnalysis } from '@/lib/import/analyze';
import type { ColumnMapping } from '@/lib/import/fields';
import type { ImportIssue } from '@/lib/import/jobs';
import type { ImportJob } from './transport';
import { ChooseFile } from './ChooseFile';
import { JobReview } from './JobReview';
import { MappingStep } from './MappingStep';
import { ProgressBar } from './ProgressBar';
import { analyzeFile, refusalMessage, uploadFile } from './transport';

/**
 * The upload flow, as a state machine: choose a file → its columns matched (the user maps what
 * could not be) and its dates read → preview → upload with validation (progress) → report →
 * commit (progress) → summary and the dashboard. Nothing is written to the book before the user
 * confirms the report. The steps are their own components; the calls to the API are in transport.ts.
 */
type Stage =
  | { name: 'choose' }
  | { name: 'mapping'; file: File; analysis: SampleAnalysis }
  | { name: 'uploading'; file: File; percent: number }
  | { name: 'review'; job: ImportJob; issues: ImportIssue[] };

export function ImportWizard() {
  const router = useRouter();
  const [stage, setStage] = useState<Stage>({ name: 'choose' });
  const [error, setError] = useState<string | null>(null);
  const [mode, setMode] = useState<'merge' | 'replace'>('merge');
  const [mapping, setMapping] = useState<ColumnMapping>({});
  const [dateOrder, setDateOrder] = useState<'mdy' | 'dmy'>('mdy');

  async function analyze(file: File) {
    setError(null);
    try {
      const analysis = await analyzeFile(file);
      setMapping(analysis.mapping);
      setDateOrder(analysis.dateOrder.order);
      setStage({ name: 'mapping', file, analysis });
    } catch (failure) {
      setError(refusalMessage(failure, 'The file could not be read. Try again.'));
    }
  }

  async function upload(file: File) {
    setError(null);
    setStage({ name: 'uploading', file, percent: 0 });
    try {
      const report = await uploadFile(file, { mode, dateOrder, mapping }, (percent) => setStage({ name: 'uploading', file, percent }));
      setStage({ name: 'review', ...report });
    } catch (failure) {
      setError(refusalMessage(failure, 'The upload failed. Try again; nothing was imported.'));
      setStage({ name: 'choose' });
    }
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
          onContinue={() => void upload(stage.file)}
        />
      )}
      {stage.name === 'uploading' && <ProgressBar label={`Uploading and validating ${stage.file.name}`} percent={stage.percent * 0.99} />}
      {stage.name === 'review' && (
        <JobReview key={stage.job.id} job={stage.job} issues={stage.issues} onAnother={() => setStage({ name: 'choose' })} />
      )}
    </section>
  );
}
