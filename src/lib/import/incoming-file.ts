import { DomainError } from '@/lib/domain-error';

/**
 * A file as it arrives, whatever carries it (an upload's request body, a file on disk): the size
 * its sender declared and its bytes, read once, as they come. The import reads it as a stream and
 * never holds it whole; what carries it is the adapter's business (the upload route's is in
 * src/app/api/customers/import/incoming-file.ts).
 */
export interface IncomingFile {
  /** What the sender said the size is (0 when it did not say): refused early when too large. */
  declaredBytes: number;
  chunks: AsyncIterable<Uint8Array>;
}

const tooLarge = (limit: number) =>
  new DomainError('too-large', `The body must be at most ${limit} bytes.`, { kind: 'payload-too-large', title: 'Request body too large' });

/** The whole of a small file (a sample), refused as too large past `limit` bytes without reading further. */
export async function readAtMost(file: IncomingFile, limit: number): Promise<Buffer> {
  if (file.declaredBytes > limit) throw tooLarge(limit);
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of file.chunks) {
    size += chunk.byteLength;
    if (size > limit) throw tooLarge(limit);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}
