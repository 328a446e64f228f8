import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { fieldErrors, toApiError } from '@/lib/api/error-mapper';
import { ApiError, problemResponse } from '@/lib/api/problem';

const context = { requestId: 'req-12345678', route: '/api/test' };

describe('error mapper', () => {
  it('renders problem+json with the request id', async () => {
    const response = problemResponse(
      new ApiError(404, 'not-found', 'Customer not found', 'No customer with that id.'),
      'req-12345678',
      '/api/x',
    );
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(response.headers.get('x-request-id')).toBe('req-12345678');
    expect(await response.json()).toEqual({
      type: '/problems/not-found',
      title: 'Customer not found',
      status: 404,
      detail: 'No customer with that id.',
      instance: '/api/x',
      requestId: 'req-12345678',
    });
  });

  it('turns zod issues into field errors named by request part', () => {
    const result = z.object({ limit: z.number() }).safeParse({ limit: 'x' });
    expect(fieldErrors(result.error!, 'query')).toEqual([{ field: 'query.limit', message: expect.any(String) }]);
  });

  it('maps database outcomes a user can cause to client errors', () => {
    expect(toApiError(Object.assign(new Error('dup'), { code: '23505' }), context).status).toBe(409);
    expect(toApiError(Object.assign(new Error('rls'), { code: '42501' }), context).status).toBe(403);
    expect(toApiError(Object.assign(new Error('An agency must keep at least one owner.'), { code: 'SEG01' }), context)).toMatchObject({
      status: 409,
      detail: 'An agency must keep at least one owner.',
    });
  });

  it('hides everything else behind a generic 500', () => {
    const error = toApiError(new Error('relation "secret_table" does not exist at /srv/app/db.ts:12'), context);
    expect(error.status).toBe(500);
    expect(`${error.title} ${error.detail}`).not.toMatch(/secret_table|srv|\.ts/);
  });
});
