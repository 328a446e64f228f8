import { describe, expect, it } from 'vitest';
import { finishReadingBody, readBodyBytes } from '@/lib/api/body';

/** A POST whose body arrives as a stream of `megabytes`, declared in Content-Length. */
function upload(megabytes: number) {
  const bytes = Buffer.alloc(megabytes * 1024 * 1024, 'a');
  return new Request('http://localhost/api/customers/import', {
    method: 'POST',
    body: bytes,
    headers: { 'content-length': String(bytes.length), 'content-type': 'text/csv' },
  });
}

describe('a request body is never left half-read', () => {
  it('reads and drops what an early refusal left, so the connection stays open', async () => {
    const request = upload(4);
    await readBodyBytes(request, 1024).catch(() => {});
    const response = await finishReadingBody(request, new Response(null, { status: 413 }));
    expect(response.headers.get('connection')).toBeNull();
  });

  it('closes the connection rather than read a body beyond the bound', async () => {
    const response = await finishReadingBody(upload(20), new Response(null, { status: 422 }));
    expect(response.headers.get('connection')).toBe('close');
  });

  it('keeps the connection of a large body that was read to the end', async () => {
    const request = upload(20);
    await readBodyBytes(request, 64 * 1024 * 1024);
    const response = await finishReadingBody(request, new Response(null, { status: 201 }));
    expect(response.headers.get('connection')).toBeNull();
  });
});
