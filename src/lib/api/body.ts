import { ApiError } from './problem';

export const DEFAULT_MAX_BODY_BYTES = 64 * 1024;

const tooLarge = (limit: number) =>
  new ApiError(413, 'payload-too-large', 'Request body too large', `The body must be at most ${limit} bytes.`);

/**
 * Reads a JSON body without ever holding more than `limit` bytes: the declared length is
 * checked first, then the stream is cut off if it runs past the limit anyway.
 */
export async function readJsonBody(request: Request, limit: number): Promise<unknown> {
  const contentType = request.headers.get('content-type') ?? '';
  if (!/^application\/([a-z.+-]*\+)?json\b/i.test(contentType)) {
    throw new ApiError(415, 'unsupported-media-type', 'Unsupported content type', 'Send the body as JSON with Content-Type: application/json.');
  }
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
  const text = Buffer.concat(chunks).toString('utf8');
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
