import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSeededDatabase, type TestDatabase } from '../helpers/database';
import { csv, importFile } from '../helpers/import';

describe('import smoke', () => {
  let test: TestDatabase;
  beforeAll(async () => {
    test = await createSeededDatabase({ customers: 5 });
  });
  afterAll(() => test.drop());

  it('imports', async () => {
    const file = csv([
      ['Client ID', 'Insured Name', 'Email', 'Policy #', 'LOB', 'Premium', 'Eff Date', 'Exp Date', 'Status'],
      ['X1', 'Jane Doe', 'jane@example.com', 'P1', 'Personal Auto', '$1,234.50', '1/15/2026', '2027-01-15', 'In Force'],
      ['X1', 'Jane Doe', 'jane@example.com', 'P2', 'HO3', '800', '2026-02-01', '', 'active'],
    ]);
    const result = await importFile(file, { db: test.db });
    console.log(JSON.stringify(result, null, 1));
    const again = await importFile(file, { db: test.db });
    console.log(JSON.stringify(again.summary));
  });
});
