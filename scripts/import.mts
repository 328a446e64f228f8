/**
 * npm run import -- <file.csv> --agency <slug> [--mode merge|replace] [--date-order mdy|dmy]
 *                   [--map field=Header ...] [--skip-invalid] [--dry-run]
 *
 * The upload page's import from the command line: the same header matching, streamed
 * validation, report, one-transaction commit and insights refresh. Rows with errors stop the
 * import unless --skip-invalid is given (the page's "import the valid rows"); --dry-run validates
 * and reports only. Exit codes: 0 imported (or dry run clean), 1 invalid rows or failure, 2 usage.
 */
import { createReadStream, openSync, readSync, closeSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { asService } from '@/lib/db';
import { analyzeSample } from '@/lib/import/analyze';
import { commitImport } from '@/lib/import/commit';
import { isImportInProgress } from '@/lib/import/commit-lock';
import { FIELD_KEYS, fieldByKey, type ColumnMapping, type FieldKey } from '@/lib/import/fields';
import { isImportFileError, LIMITS } from '@/lib/import/file-format';
import { cancelImport, listImportIssues } from '@/lib/import/jobs';
import { validateImport } from '@/lib/import/validate';
import { runScript } from './script-database';

/** A mistake in the command line: explained, exit code 2. */
class UsageError extends Error {}

function usage(message: string): never {
  throw new UsageError(message);
}

function printUsage(message: string) {
  console.error(
    `${message}\nUsage: npm run import -- <file.csv> --agency <slug> [--mode merge|replace] [--date-order mdy|dmy] [--map field=Header] [--skip-invalid] [--dry-run]`,
  );
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    agency: { type: 'string' },
    mode: { type: 'string', default: 'merge' },
    'date-order': { type: 'string' },
    map: { type: 'string', multiple: true, default: [] },
    'skip-invalid': { type: 'boolean', default: false },
    'dry-run': { type: 'boolean', default: false },
  },
});
const file = positionals[0];
try {
  if (!file) usage('Which file?');
  if (!values.agency) usage('Which agency? Pass --agency <slug>.');
  if (values.mode !== 'merge' && values.mode !== 'replace') usage('--mode must be merge or replace.');
  if (values['date-order'] && values['date-order'] !== 'mdy' && values['date-order'] !== 'dmy') usage('--date-order must be mdy or dmy.');
} catch (error) {
  printUsage((error as Error).message);
  process.exit(2);
}

let size = 0;
try {
  size = statSync(file!).size;
} catch {
  printUsage(`Cannot read ${file}.`);
  process.exit(2);
}

function readHead(): Buffer {
  const buffer = Buffer.alloc(Math.min(size, LIMITS.sampleBytes));
  const fd = openSync(file!, 'r');
  try {
    readSync(fd, buffer, 0, buffer.length, 0);
  } finally {
    closeSync(fd);
  }
  return buffer;
}

await runScript(async (db) => {
  try {
    const [agency] = await db.query<{ id: string; name: string }>('select id, name from public.agencies where slug = $1 or id::text = $1', [
      values.agency!,
    ]);
    if (!agency) usage(`No agency with slug "${values.agency}".`);

    const analysis = analyzeSample(readHead(), { wholeFile: size <= LIMITS.sampleBytes });
    const mapping: ColumnMapping = { ...analysis.mapping };
    for (const entry of values.map) {
      const [field, ...header] = entry.split('=');
      if (!FIELD_KEYS.includes(field as FieldKey)) usage(`--map ${entry}: "${field}" is not a field (${FIELD_KEYS.join(', ')}).`);
      mapping[field as FieldKey] = header.join('=') || null;
    }
    const missing = FIELD_KEYS.filter((field) => fieldByKey(field).required && !mapping[field]);
    if (missing.length) {
      usage(
        `Cannot match required column(s) ${missing.join(', ')}. The file's columns are: ${analysis.headers.join(', ')}.\nMap them, e.g. --map ${missing[0]}="${analysis.unmatched[0] ?? 'Header'}"`,
      );
    }
    if (analysis.dateOrder.ambiguous && !values['date-order']) {
      console.log('Slashed dates read both ways (all parts ≤ 12); reading them as M/D/YYYY. Pass --date-order dmy for D/M/YYYY.');
    }
    const dateOrder = (values['date-order'] as 'mdy' | 'dmy' | undefined) ?? analysis.dateOrder.order;
    console.log(`Importing ${path.basename(file!)} (${(size / 2 ** 20).toFixed(1)} MB) into ${agency.name}, ${values.mode} mode.`);

    const started = performance.now();
    let lastReport = 0;
    const job = await validateImport(
      {
        agencyId: agency.id,
        userId: null,
        source: 'cli',
        fileName: path.basename(file!),
        mode: values.mode as 'merge' | 'replace',
        mapping,
        dateOrder,
      },
      createReadStream(file!, { highWaterMark: 256 * 1024 }),
      {
        onProgress: ({ bytes, rows }) => {
          if (performance.now() - lastReport < 2000) return;
          lastReport = performance.now();
          console.log(`  validated ${rows.toLocaleString('en-US')} rows (${Math.round((bytes / size) * 100)}%)`);
        },
      },
    );
    console.log(
      `Validated ${job.rowsTotal.toLocaleString('en-US')} rows: ${job.rowsValid.toLocaleString('en-US')} valid, ${job.rowsInvalid.toLocaleString('en-US')} with errors, ${job.warnings.toLocaleString('en-US')} warnings.`,
    );
    const issues = await asService((tx) => listImportIssues(tx, job.id, 20));
    for (const issue of issues) {
      console.log(
        `  row ${issue.rowNumber ?? '-'} ${issue.column ? `[${issue.column}] ` : ''}${issue.severity}: ${issue.message}${issue.value ? ` (${issue.value})` : ''}`,
      );
    }
    if (job.rowsInvalid + job.warnings > issues.length) console.log(`  … and more; counts by problem: ${JSON.stringify(job.issueCounts)}`);

    if (values['dry-run'] || (job.rowsInvalid > 0 && !values['skip-invalid'])) {
      await cancelImport(job);
      if (values['dry-run']) console.log('Dry run: nothing was imported.');
      else console.error('Nothing was imported: fix the rows above, or pass --skip-invalid to import the valid rows only.');
      process.exitCode = job.rowsInvalid > 0 ? 1 : 0;
    } else {
      const committed = await commitImport(job, { actorId: null });
      const result = committed.result!;
      console.log(
        `Imported in ${((performance.now() - started) / 1000).toFixed(1)} s: customers ${result.customers.created} created, ${result.customers.updated} updated, ${result.customers.unchanged} unchanged; ` +
          `policies ${result.policies.created} created, ${result.policies.updated} updated, ${result.policies.unchanged} unchanged, ${result.policies.expired} expired; ${result.rowsSkipped} rows skipped.`,
      );
      if (result.refresh.status !== 'ok') {
        console.error(`Insights refresh failed (${result.refresh.error}); run npm run insights:refresh -- agency ${values.agency}`);
        process.exitCode = 1;
      }
    }
  } catch (error) {
    if (error instanceof UsageError) {
      printUsage(error.message);
      process.exitCode = 2;
    } else if (isImportFileError(error)) {
      console.error(`The file cannot be imported: ${error.message}`);
      process.exitCode = 1;
    } else if (isImportInProgress(error)) {
      console.error(error.message);
      process.exitCode = 1;
    } else throw error;
  }
});
