import Papa from 'papaparse';
import { DomainError, type DomainErrorCode } from '@/lib/domain-error';

/**
 * What kind of text a file is: encoding, delimiter, whether it is a CSV at all. Decided from the
 * first bytes (the sample the upload page sends before the whole file).
 */
export const LIMITS = {
  maxBytes: 200 * 1024 * 1024,
  maxRows: 2_000_000,
  maxColumns: 100,
  /** Characters in one row; a runaway quoted field stops here instead of eating the file. */
  maxRowCharacters: 1_000_000,
  sampleBytes: 256 * 1024,
} as const;

export type FileEncoding = 'utf-8' | 'windows-1252';
export type Delimiter = ',' | ';' | '\t';
export const DELIMITERS: readonly Delimiter[] = [',', ';', '\t'];

/** How a whole-file problem is refused: unreadable content, a file too large, an upload cut off. */
type FileProblemCode = Extract<DomainErrorCode, 'unprocessable' | 'too-large' | 'invalid'>;

/**
 * A problem with the whole file: nothing is imported, and the message says what to do. Its kind
 * ('missing-columns', 'binary', …) tells clients which problem it is; once a job exists for the
 * file, the problem names it (`facts.jobId`): the failed job stays in the history.
 */
export class ImportFileError extends DomainError {
  constructor(
    readonly kind: string,
    message: string,
    code: FileProblemCode = 'unprocessable',
    facts?: { jobId: string },
  ) {
    super(code, message, { kind, title: 'File cannot be imported', ...(facts ? { facts } : {}) });
    this.name = 'ImportFileError';
  }

  /** The same problem, naming the job it failed. */
  ofJob(jobId: string): ImportFileError {
    return new ImportFileError(this.kind, this.message, this.code as FileProblemCode, { jobId });
  }
}

/** By name, not instanceof, for the same reason as isImportInProgress (commit-lock.ts). */
export function isImportFileError(error: unknown): error is ImportFileError {
  return error instanceof Error && error.name === 'ImportFileError';
}

const hasUtf8Bom = (bytes: Uint8Array) => bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;

/** Throws for files that are not CSV text at all; otherwise the encoding to read them with. */
export function detectEncoding(sample: Uint8Array): FileEncoding {
  if ((sample[0] === 0xff && sample[1] === 0xfe) || (sample[0] === 0xfe && sample[1] === 0xff)) {
    throw new ImportFileError('utf16', 'The file is UTF-16 text. Save it as "CSV UTF-8" and upload it again.');
  }
  if (sample.includes(0)) {
    throw new ImportFileError(
      'binary',
      'The file contains binary data, so it is not a CSV text file. Export the book as CSV and upload that.',
    );
  }
  const body = hasUtf8Bom(sample) ? sample.subarray(3) : sample;
  try {
    // stream: true tolerates a character cut in two at the end of the sample.
    new TextDecoder('utf-8', { fatal: true }).decode(body, { stream: true });
    return 'utf-8';
  } catch {
    // Not UTF-8: what Excel on Windows writes for "CSV (Comma delimited)". Every byte is a character there.
    return 'windows-1252';
  }
}

/** The delimiter used most on the header line, outside quotes (comma when the line has none). */
export function detectDelimiter(text: string): Delimiter {
  const counts = new Map<Delimiter, number>(DELIMITERS.map((d) => [d, 0]));
  let quoted = false;
  for (const char of text) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && (char === '\n' || char === '\r')) break;
    else if (!quoted && counts.has(char as Delimiter)) counts.set(char as Delimiter, counts.get(char as Delimiter)! + 1);
  }
  let best: Delimiter = ',';
  for (const [delimiter, count] of counts) if (count > counts.get(best)!) best = delimiter;
  return best;
}

/**
 * How both the sample analysis and the streamed validation read CSV (papaparse), so they never
 * disagree: the detected delimiter, quotes doubled inside quoted fields, a quote in the middle of
 * an unquoted field kept as text, rows of any length (the validator checks them against the header).
 */
export function csvConfig(delimiter: Delimiter) {
  return { delimiter, quoteChar: '"', escapeChar: '"', header: false, dynamicTyping: false } as const;
}

/** The rows of a sample that are certainly complete (a sample ends anywhere, perhaps inside a quoted field). */
export function parseSampleRows(text: string, delimiter: Delimiter, wholeFile: boolean): string[][] {
  let body = text;
  if (!wholeFile) {
    const lastNewline = body.lastIndexOf('\n');
    body = lastNewline === -1 ? '' : body.slice(0, lastNewline + 1);
  }
  const parsed = Papa.parse<string[]>(body, { ...csvConfig(delimiter), skipEmptyLines: true });
  // A quoted field cut by the sample's end runs on to the end: that last row is incomplete.
  if (!wholeFile && parsed.errors.some((error) => error.code === 'MissingQuotes')) parsed.data.pop();
  return parsed.data;
}

export function decodeSample(sample: Uint8Array, encoding: FileEncoding): string {
  const text = new TextDecoder(encoding).decode(sample, { stream: true });
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
