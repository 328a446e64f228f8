/**
 * A file a use case hands to its caller (a CSV export, the import template, an import's skipped
 * rows): its name and its text, either whole or as lines produced while the caller reads them.
 * How it travels (HTTP headers, streaming) is the API presenter's business (src/lib/api/presenters.ts).
 */
export interface CsvDownload {
  filename: string;
  lines: AsyncIterable<string> | Iterable<string>;
}
