import { FIELD_KEYS, IMPORT_FIELDS, ignoredColumns, type ColumnMapping, type FieldKey } from '@/lib/import/fields';

/**
 * The file's columns that matched no field by name ("Email Addr" before it had an alias, "Ref"):
 * each gets a select to feed a field, or stay ignored, and the step says which columns will not be
 * imported. Nothing in the file is dropped without the user having seen it.
 */
export function UnmappedColumns({
  unmatched,
  headers,
  mapping,
  onMapping,
}: {
  /** Headers the automatic matching left out (stable while the user edits, so no select vanishes under the pointer). */
  unmatched: string[];
  headers: string[];
  mapping: ColumnMapping;
  onMapping: (mapping: ColumnMapping) => void;
}) {
  const ignored = ignoredColumns(headers, mapping);
  // An unnamed column cannot be named in a mapping; it is only listed as ignored.
  const named = [...new Set(unmatched.filter(Boolean))];
  const fieldOf = (header: string) => FIELD_KEYS.find((key) => mapping[key] === header) ?? '';

  function assign(header: string, field: FieldKey | '') {
    // One field per column here; a field taken from another column leaves that column ignored.
    const next: ColumnMapping = Object.fromEntries(Object.entries(mapping).map(([key, value]) => [key, value === header ? null : value]));
    if (field) next[field] = header;
    onMapping(next);
  }

  return (
    <fieldset data-testid="unmapped-columns">
      <legend className="font-semibold">Other columns in the file</legend>
      {named.length > 0 && (
        <>
          <p className="mt-1 text-sm text-slate-700">
            These columns match no field by name. Choose the field a column holds to import it, or leave it ignored.
          </p>
          <div className="mt-2 grid gap-2 sm:grid-cols-2">
            {named.map((header, index) => (
              <div key={header} className="flex min-w-0 flex-col gap-1 text-sm">
                <label htmlFor={`import-column-${index}`} className="font-medium break-all">
                  Column “{header}”
                </label>
                <select
                  id={`import-column-${index}`}
                  className="min-h-11 w-full min-w-0 rounded-lg border border-slate-300 p-2"
                  value={fieldOf(header)}
                  onChange={(event) => assign(header, event.target.value as FieldKey | '')}
                >
                  <option value="">Ignore this column</option>
                  {IMPORT_FIELDS.map((field) => {
                    const current = mapping[field.key];
                    return (
                      <option key={field.key} value={field.key}>
                        {field.label}
                        {current && current !== header ? ` (instead of “${current}”)` : ''}
                      </option>
                    );
                  })}
                </select>
              </div>
            ))}
          </div>
        </>
      )}
      <p className="mt-2 text-sm text-slate-700" data-testid="ignored-columns">
        {ignored.length === 0 ? 'Every column of the file will be imported.' : `Will not be imported: ${ignored.join(', ')}.`}
      </p>
    </fieldset>
  );
}
