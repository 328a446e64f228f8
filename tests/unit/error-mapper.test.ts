import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { toApiError } from '@/lib/api/error-mapper';
import { parseInput } from '@/lib/parse-input';
import { ApiError, problemResponse } from '@/lib/api/problem';
import { classifyDatabaseError, DatabaseUnavailableError } from '@/lib/db/errors';

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

  it('answers input a schema refuses as a 400 naming each field by request part', async () => {
    const refusal = await parseInput(z.object({ limit: z.number() }), { limit: 'x' }, 'query').catch((error: unknown) => error);
    expect(toApiError(refusal, context)).toMatchObject({
      status: 400,
      code: 'validation',
      title: 'Invalid request',
      detail: 'Some fields are missing or invalid.',
      extra: { errors: [{ field: 'query.limit', message: expect.any(String) }] },
    });
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

  it('answers 503 with Retry-After only when the database cannot be reached', () => {
    const pgError = (code: string, message = code) => Object.assign(new Error(message), { code });
    for (const unreachable of [
      new DatabaseUnavailableError(new Error('connect ECONNREFUSED 127.0.0.1:5432')),
      classifyDatabaseError(Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' })),
      classifyDatabaseError(new Error('Connection terminated unexpectedly')),
      classifyDatabaseError(new Error('timeout exceeded when trying to connect')),
      pgError('57P01', 'terminating connection due to administrator command'),
      pgError('57P03', 'the database system is starting up'),
      pgError('53300', 'sorry, too many clients already'),
      pgError('08006'),
    ]) {
      const mapped = toApiError(unreachable, context);
      expect(mapped.status, String((unreachable as Error).message)).toBe(503);
      expect(mapped.extra.headers?.['Retry-After']).toBe('5');
    }
    // A bug or a bad statement is not an outage: it must stay visible as what it is.
    for (const [error, status] of [
      [pgError('08P01', 'bind message supplies 1 parameters, but prepared statement "" requires 2'), 500],
      [pgError('42601', 'syntax error at or near "selec"'), 500],
      [pgError('57014', 'canceling statement due to statement timeout'), 500],
      [pgError('23505', 'duplicate key value'), 409],
      // A client that hangs up mid-upload is not the database (no adapter classified it).
      [Object.assign(new Error('aborted'), { code: 'ECONNRESET' }), 500],
    ] as const) {
      expect(toApiError(error, context).status, error.message).toBe(status);
    }
  });
});
