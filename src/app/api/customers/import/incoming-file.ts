/**
 * The import's HTTP side, part 1: an upload's request body as the IncomingFile the import use cases
 * read (src/lib/import/incoming-file.ts). Why the upload and analyze routes adapt their use case per
 * request instead of letting withAgencyAuth parse a body: the body is a file of up to 200 MB that
 * must stream through validation as it arrives (never held, never parsed as JSON), so the route
 * hands the use case the stream itself. The stream is only opened when the use case reads it: a
 * request refused before that (401, 403, 429, a declared size over the limit) leaves the body
 * unread, and the wrapper drains it or closes the connection (finishReadingBody), so keep-alive
 * connections stay usable. This path also skips the proxy (see src/proxy.ts), which would buffer it.
 */
import { ImportFileError } from '@/lib/import/file-format';
import type { IncomingFile } from '@/lib/import/incoming-file';

/** Chunks of a request body, read as they are asked for. */
async function* requestChunks(request: Request): AsyncGenerator<Uint8Array> {
  const reader = request.body?.getReader();
  if (!reader) return;
  try {
    for (;;) {
      let chunk: ReadableStreamReadResult<Uint8Array>;
      try {
        chunk = await reader.read();
      } catch {
        // The client went away mid-upload: its mistake or its network, not a server error.
        throw new ImportFileError(
          'upload-interrupted',
          'The upload was interrupted before the whole file arrived; nothing was imported.',
          'invalid',
        );
      }
      if (chunk.done) return;
      yield chunk.value;
    }
  } finally {
    // Stopped early (a file problem): the route wrapper reads or cuts off what is left of the
    // body (finishReadingBody), so the connection is not left half-read.
    reader.releaseLock();
  }
}

export function incomingFile(request: Request): IncomingFile {
  return { declaredBytes: Number(request.headers.get('content-length') ?? '0'), chunks: requestChunks(request) };
}
