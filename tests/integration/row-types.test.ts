import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Columns, FunctionResult } from '@/lib/db/rows';
import { DRIVER_VALUES, SAME_AS_JSON } from '../../scripts/database-types';
import { createEmptyDatabase, createSeededDatabase, testBackend, type TestDatabase } from '../helpers/database';
import { DEMO_AGENCY_ID } from '../helpers/fixtures';

/**
 * src/lib/db/rows.ts types rows by what npm run db:types wrote: each PostgreSQL type as the
 * generator says the driver returns it. These are the values the drivers really return, on both
 * backends; a parser changed in src/lib/db (say, bigint as string) makes the row types lie, and fails here.
 */
const SAMPLES: Record<string, string> = {
  numeric: '1234.50',
  timestamptz: '2026-06-30T12:00:00Z',
  timestamp: '2026-06-30 12:00:00',
  bytea: '\\x0102',
  bool: 'true',
  int2: '7',
  int4: '7',
  int8: '9007199254740991',
  float4: '1.5',
  float8: '1.5',
  text: 'a',
  varchar: 'a',
  bpchar: 'a',
  uuid: '00000000-0000-4000-8000-000000000000',
  date: '2026-06-30',
};

const kindOf = (value: unknown) => (value instanceof Date ? 'Date' : value instanceof Uint8Array ? 'Uint8Array' : typeof value);

describe(`rows typed from the schema, on ${testBackend()}`, () => {
  let test: TestDatabase;
  beforeAll(async () => {
    test = await createEmptyDatabase();
  });
  afterAll(() => test.drop());

  it.each(Object.entries({ ...SAME_AS_JSON, ...DRIVER_VALUES }))(
    '%s comes back as the generated types say (%s)',
    async (type, expected) => {
      const [row] = await test.db.query<{ value: unknown; list: unknown[] }>(
        `select $1::text::${type} as value, array[$1::text::${type}, $1::text::${type}] as list`,
        [SAMPLES[type]!],
      );
      expect(kindOf(row!.value)).toBe(expected);
      expect(row!.list.map(kindOf)).toEqual([expected, expected]);
      if (type === 'date') expect(row!.value).toBe('2026-06-30');
      if (type === 'numeric') expect(row!.value).toBe('1234.50');
    },
  );
});

describe(`typed rows of the seeded book, on ${testBackend()}`, () => {
  let test: TestDatabase;
  beforeAll(async () => {
    test = await createSeededDatabase({ customers: 5 });
  });
  afterAll(() => test.drop());

  it('a policy, a customer and a function result hold the values their row types promise', async () => {
    const [policy] = await test.db.query<Columns<'policies', 'annual_premium' | 'effective_date' | 'created_at'>>(
      'select annual_premium, effective_date, created_at from public.policies where agency_id = $1 limit 1',
      [DEMO_AGENCY_ID],
    );
    expect(policy!.annual_premium).toMatch(/^\d+\.\d{2}$/);
    expect(policy!.effective_date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(policy!.created_at).toBeInstanceOf(Date);
    const [customer] = await test.db.query<Columns<'customers', 'pii_ciphertext' | 'kind'>>(
      'select pii_ciphertext, kind from public.customers where agency_id = $1 and pii_ciphertext is not null limit 1',
      [DEMO_AGENCY_ID],
    );
    expect(customer!.pii_ciphertext).toBeInstanceOf(Uint8Array);
    expect(['individual', 'organization']).toContain(customer!.kind);
    const [lock] = await test.db.query<{ key: FunctionResult<'private.import_lock_key'> }>('select private.import_lock_key($1) as key', [
      DEMO_AGENCY_ID,
    ]);
    expect(typeof lock!.key).toBe('number');
  });
});
