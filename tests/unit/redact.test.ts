import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '@/lib/observability/logger';
import { redact, redactDeep } from '@/lib/observability/redact';

describe('redaction', () => {
  it.each([
    ['duplicate key value (email)=(jane.doe+work@agency.example.co.uk)', 'duplicate key value (email)=([email])'],
    ['call (555) 010-1234 or +1 555.010.9999', 'call [phone] or [phone]'],
    ['ssn 123-45-6789 on file', 'ssn [ssn] on file'],
    ['Authorization: Bearer abc.def-ghi', 'Authorization: Bearer [token]'],
    ['token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl', 'token [token]'],
    ['key sb_publishable_0123456789abcdef', 'key [token]'],
    ['secret 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08', 'secret [token]'],
    ['account 1234567890123', 'account [number]'],
  ])('%s', (input, expected) => {
    expect(redact(input)).toBe(expected);
  });

  it('keeps the ids and figures we log on purpose', () => {
    const text =
      'request 2bd8aef9-9bb3-4a2d-8a22-48f3382b9b8c for agency 72e0f458-f0fd-5d2d-8096-81805b89e36d: 2,500 customers in 134 ms on 2026-06-30';
    expect(redact(text)).toBe(text);
  });

  it('reaches into objects and arrays without changing them', () => {
    const value = { err: { message: 'bad email a@b.co' }, list: ['555-010-1234'], when: new Date(0), count: 3 };
    expect(redactDeep(value)).toEqual({ err: { message: 'bad email [email]' }, list: ['[phone]'], when: new Date(0), count: 3 });
    expect(value.err.message).toBe('bad email a@b.co');
  });

  it('applies to every log line: messages, nested values and named secret fields', () => {
    let output = '';
    const sink = new Writable({
      write(chunk, _encoding, done) {
        output += chunk.toString();
        done();
      },
    });
    process.env.LOG_LEVEL = 'info';
    const logger = createLogger(sink);
    delete process.env.LOG_LEVEL;
    logger.error(
      { err: { message: 'insert failed for jane@agency.example' }, password: 'hunter2', requestId: 'req-1' },
      'import of (555) 010-1234 failed',
    );
    const line = JSON.parse(output) as Record<string, unknown>;
    expect(line).toMatchObject({
      err: { message: 'insert failed for [email]' },
      password: '[redacted]',
      requestId: 'req-1',
      msg: 'import of [phone] failed',
    });
    expect(output).not.toMatch(/jane@|hunter2|010-1234/);
  });
});
