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
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > limit) {
        await reader.cancel();
        throw tooLarge(limit);
      }
      chunks.push(value);
    }
  }
  return Buffer.concat(chunks);
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
