import { ApiError } from './problem';

export const DEFAULT_MAX_BODY_BYTES = 64 * 1024;

const tooLarge = (limit: number) =>
  new ApiError(413, 'payload-too-large', 'Request body too large', `The body must be at most ${limit} bytes.`);

/**
 * Reads a body without ever holding more than `limit` bytes: the declared length is
 * checked first, then the stream is cut off if it runs past the limit anyway.
 */
export async function readBodyBytes(request: Request, limit: number): Promise<Buffer> {
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > limit) throw tooLarge(limit);
  const reader = request.body?.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (reader) {
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        size += value.byteLength;
        if (size > limit) throw tooLarge(limit);
        chunks.push(value);
      }
    } finally {
      // Released, not cancelled: the route wrapper reads what is left (finishReadingBody).
      reader.releaseLock();
    }
  }
  return Buffer.concat(chunks);
}

/** What is read of a body nobody finished reading, so its keep-alive connection stays usable. */
const DRAIN_LIMIT_BYTES = 16 * 1024 * 1024;
const DRAIN_LIMIT_MS = 2000;

/**
 * After an early refusal (a 413, a 422 for a file with a missing column) the rest of the body
 * is still on the wire. Left unread, the connection stalls: the next request on it is never
 * parsed, and the client waits until the server's keep-alive timeout resets it. So the rest is
 * read and dropped, up to a bound; beyond it (a 200 MB file refused at its first line) the
 * connection is closed after this response instead, which clients handle by opening a new one.
 * Returns the response, marked `Connection: close` when the body could not be finished.
 */
export async function finishReadingBody(request: Request, response: Response): Promise<Response> {
  const body = request.body;
  if (!body) return response;
  if (!body.locked) {
    const reader = body.getReader();
    // A body declared larger than the bound is not drained, only checked for having been read
    // to the end already (a whole upload that was accepted keeps its connection).
    const declared = Number(request.headers.get('content-length') ?? '0');
    const finished = await drain(reader, declared > DRAIN_LIMIT_BYTES ? 0 : DRAIN_LIMIT_BYTES);
    // Released, not cancelled: the connection closes after this response anyway, and cancelling
    // a stream that is still being fed can make its producer write into a closed stream.
    try {
      reader.releaseLock();
    } catch {
      // Already released; nothing to give back.
    }
    if (finished) return response;
  }
  response.headers.set('connection', 'close');
  return response;
}

/** Reads to the end within the time bound and at most `budget` bytes; true when the end was reached. */
async function drain(reader: ReadableStreamDefaultReader<Uint8Array>, budget: number): Promise<boolean> {
  const deadline = Date.now() + DRAIN_LIMIT_MS;
  let timer: NodeJS.Timeout | undefined;
  let read = 0;
  try {
    while (read <= budget) {
      const timeout = new Promise<'timeout'>((resolve) => {
        timer = setTimeout(() => resolve('timeout'), Math.max(0, deadline - Date.now()));
      });
      const next = reader.read();
      // A read still pending when time runs out is rejected when the lock is released: expected.
      next.catch(() => {});
      const chunk = await Promise.race([next, timeout]);
      clearTimeout(timer);
      if (chunk === 'timeout') return false;
      if (chunk.done) return true;
      read += chunk.value.byteLength;
    }
    return false;
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

export async function readBodyText(request: Request, limit: number): Promise<string> {
  return (await readBodyBytes(request, limit)).toString('utf8');
}

export function isJsonContentType(request: Request): boolean {
  return /^application\/([a-z.+-]*\+)?json\b/i.test(request.headers.get('content-type') ?? '');
}

/** A size-limited JSON body; 415 for another content type, 400 for empty or malformed JSON. */
export async function readJsonBody(request: Request, limit: number): Promise<unknown> {
  if (!isJsonContentType(request)) {
    throw new ApiError(
      415,
      'unsupported-media-type',
      'Unsupported content type',
      'Send the body as JSON with Content-Type: application/json.',
    );
  }
  const text = await readBodyText(request, limit);
  if (text.trim() === '') {
    throw new ApiError(400, 'validation', 'Invalid request', 'The request body is empty; send a JSON object.', {
      errors: [{ field: 'body', message: 'Required' }],
    });
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new ApiError(400, 'validation', 'Invalid request', 'The request body is not valid JSON.', {
      errors: [{ field: 'body', message: 'Malformed JSON' }],
    });
  }
}
