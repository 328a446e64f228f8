import type { SampleAnalysis } from '@/lib/import/analyze';
import { IMPORT_FIELDS, type ColumnMapping, type FieldKey } from '@/lib/import/fields';
import { UnmappedColumns } from './UnmappedColumns';

const DATE_ORDERS = [
  ['mdy', 'Month first (US): 03/04/2026 is March 4'],
  ['dmy', 'Day first: 03/04/2026 is 3 April'],
] as const;

/**
 * The step between choosing a file and uploading it: which column feeds each field (matched by
 * name and alias, the user fixes the rest), which columns are left out, how dates are written,
 * and a masked preview of the first rows.
 */
export function MappingStep(props: {
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
            <div key={field.key} className="flex min-w-0 flex-col gap-1 text-sm">
              {/* Not wrapping the select: its options would become part of the label's text. */}
              <label htmlFor={`import-field-${field.key}`} className="font-medium">
                {field.label}
                {field.required ? <span className="text-red-700"> (required)</span> : null}
              </label>
              <select
                id={`import-field-${field.key}`}
                className={`min-h-11 w-full min-w-0 rounded-lg border p-2 ${field.required && !mapping[field.key] ? 'border-amber-500 bg-amber-50' : 'border-slate-300'}`}
                value={mapping[field.key] ?? ''}
                onChange={(event) => props.onMapping({ ...mapping, [field.key]: event.target.value || null })}
              >
                <option value="">— not in this file —</option>
                {analysis.headers.filter(Boolean).map((header, index) => (
                  <option key={index} value={header}>
                    {header}
                  </option>
                ))}
              </select>
            </div>
          ))}
        </div>
      </fieldset>
      <UnmappedColumns unmatched={analysis.unmatched} headers={analysis.headers} mapping={mapping} onMapping={props.onMapping} />
      {(analysis.dateOrder.ambiguous || analysis.dateOrder.conflicting) && (
        <fieldset className="space-y-2 rounded-lg border border-amber-200 bg-amber-50 p-3">
          <legend className="px-1 font-semibold">How are dates like 03/04/2026 written?</legend>
          {analysis.dateOrder.conflicting && (
            <p className="text-sm text-amber-900">
              Some dates only make sense as month/day and others as day/month; rows that do not fit your choice will be reported.
            </p>
          )}
          {DATE_ORDERS.map(([order, label]) => (
            <label key={order} className="flex min-h-11 items-center gap-2">
              <input
                type="radio"
                name="date-order"
                checked={props.dateOrder === order}
                onChange={() => props.onDateOrder(order)}
                className="size-5"
              />
              {label}
            </label>
          ))}
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
