import { DATE_FIELDS, FIELD_KEYS, matchHeaders, type ColumnMapping, type FieldKey } from './fields';
import {
  decodeSample,
  detectDelimiter,
  detectEncoding,
  ImportFileError,
  LIMITS,
  parseSampleRows,
  type Delimiter,
  type FileEncoding,
} from './file-format';
import { reportValue } from './row';
import { detectDateOrder, type DateOrderGuess } from './values';

/**
 * The first look at a file, before anything is uploaded in full: its encoding and delimiter,
 * its headers matched to fields, how its dates are written, and its first rows. The upload page
 * builds its mapping step from this; the CLI uses it the same way.
 */
export interface SampleAnalysis {
  encoding: FileEncoding;
  delimiter: Delimiter;
  headers: string[];
  mapping: ColumnMapping;
  missingRequired: FieldKey[];
  unmatched: string[];
  dateOrder: DateOrderGuess;
  /** Up to 5 rows as the mapped fields read them (PII masked). */
  preview: Partial<Record<FieldKey, string | null>>[];
  /** Rows seen in the sample (all of them when the sample is the whole file). */
  sampleRows: number;
}

const PREVIEW_ROWS = 5;

export function analyzeSample(sample: Uint8Array, options: { wholeFile: boolean }): SampleAnalysis {
  if (
    sample.length === 0 ||
    (options.wholeFile && sample.every((byte) => byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09))
  ) {
    throw new ImportFileError('empty-file', 'The file is empty.');
  }
  const encoding = detectEncoding(sample);
  const text = decodeSample(sample, encoding);
  const delimiter = detectDelimiter(text);
  const rows = parseSampleRows(text, delimiter, options.wholeFile);
  const headers = (rows[0] ?? []).map((header) => header.trim());
  if (headers.length === 0 || headers.every((header) => header === ''))
    throw new ImportFileError('no-header', 'The first line has no column names.');
  if (headers.length > LIMITS.maxColumns) {
    throw new ImportFileError(
      'too-many-columns',
      `The header has ${headers.length.toLocaleString('en-US')} columns; a book-of-business file has at most ${LIMITS.maxColumns}.`,
    );
  }
  const dataRows = rows.slice(1);
  if (options.wholeFile && dataRows.length === 0) throw new ImportFileError('no-rows', 'The file has a header but no data rows.');

  const { mapping, missingRequired, unmatched } = matchHeaders(headers);
  const column = (field: FieldKey) => (mapping[field] ? headers.indexOf(mapping[field]) : -1);
  const dateCells = DATE_FIELDS.flatMap((field) => {
    const index = column(field);
    return index === -1 ? [] : dataRows.map((row) => row[index] ?? '');
  });
  const preview = dataRows
    .slice(0, PREVIEW_ROWS)
    .map((row) =>
      Object.fromEntries(
        FIELD_KEYS.filter((field) => column(field) !== -1).map((field) => [field, reportValue(field, (row[column(field)] ?? '').trim())]),
      ),
    );
  return {
    encoding,
    delimiter,
    headers,
    mapping,
    missingRequired,
    unmatched,
    dateOrder: detectDateOrder(dateCells),
    preview,
    sampleRows: dataRows.length,
  };
}
