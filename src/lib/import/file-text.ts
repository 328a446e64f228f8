import { ImportFileError, LIMITS, type FileEncoding } from './file-format';

/**
 * The guards between an upload's bytes and the CSV parser: the size limit, binary content, an
 * encoding that changes after the first bytes, and a quote never closed (which would make the
 * parser hold the rest of the file as one field). They run on every chunk, before a row is
 * parsed, and each refuses the whole file with its own ImportFileError.
 */
export interface ByteCounter {
  bytes: number;
  maxBytes: number;
  /** Characters handed to the parser, and how many had been when it last gave back a row. */
  charactersIn: number;
  charactersAtLastRow: number;
}

export function byteCounter(maxBytes: number): ByteCounter {
  return { bytes: 0, maxBytes, charactersIn: 0, charactersAtLastRow: 0 };
}

/**
 * A quote that is never closed makes the parser hold everything after it as one field, up to the
 * whole file. The text fed ahead of the last row that came back is bounded by the stream buffers
 * (one chunk of text, a few rows), so more than this means one runaway row.
 */
const MAX_CHARACTERS_IN_PARSER = 3 * LIMITS.maxRowCharacters;

function countCharacters(counter: ByteCounter, text: string): string {
  counter.charactersIn += text.length;
  if (counter.charactersIn - counter.charactersAtLastRow > MAX_CHARACTERS_IN_PARSER) {
    throw new ImportFileError(
      'row-too-long',
      `A row is longer than ${LIMITS.maxRowCharacters.toLocaleString('en-US')} characters: a quoted field is probably never closed.`,
    );
  }
  return text;
}

function countBytes(counter: ByteCounter, chunk: Uint8Array) {
  counter.bytes += chunk.length;
  if (counter.bytes > counter.maxBytes) {
    throw new ImportFileError(
      'file-too-large',
      `The file is larger than ${Math.round(counter.maxBytes / 1024 / 1024)} MB. Split it into smaller files.`,
      'too-large',
    );
  }
}

/** Reads the first bytes (the sample the encoding and delimiter are decided from). */
export async function readHead(source: AsyncIterator<Uint8Array>, counter: ByteCounter): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  let length = 0;
  while (length < LIMITS.sampleBytes) {
    const next = await source.next();
    if (next.done) break;
    countBytes(counter, next.value);
    chunks.push(next.value);
    length += next.value.length;
  }
  return Buffer.concat(chunks);
}

/** The whole file as text (the head, then the rest), checked on the way for size and binary content. */
export async function* decodedText(head: Buffer, rest: AsyncIterator<Uint8Array>, encoding: FileEncoding, counter: ByteCounter) {
  // Fatal: a file that turns out not to be UTF-8 after its first bytes (a Windows-1252 "é" deep in
  // an otherwise ASCII file) is refused, not read with replacement characters in its names.
  const decoder = new TextDecoder(encoding, { fatal: true });
  const decode = (bytes?: Uint8Array) => {
    try {
      return bytes ? decoder.decode(bytes, { stream: true }) : decoder.decode();
    } catch {
      throw new ImportFileError(
        'encoding',
        `The file is not valid UTF-8 after its first ${(counter.bytes / 1024 / 1024).toFixed(1)} MB (it mixes encodings). Save it as "CSV UTF-8" and upload it again.`,
      );
    }
  };
  yield countCharacters(counter, decode(head));
  for (let next = await rest.next(); !next.done; next = await rest.next()) {
    countBytes(counter, next.value);
    if (next.value.includes(0))
      throw new ImportFileError('binary', 'The file contains binary data (NUL bytes), so it is not a CSV text file.');
    yield countCharacters(counter, decode(next.value));
  }
  yield countCharacters(counter, decode());
}
