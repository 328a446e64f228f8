import { describe, expect, it } from 'vitest';
import { PiiSealer } from '@/lib/import/pii-sealer';
import type { ImportRow } from '@/lib/import/row';
import { STAGED_COLUMNS, stagedRowsCopyText } from '@/lib/import/staged-rows';

/**
 * Staged rows are written with COPY, by column list: a line with one value too many or too few
 * shifts every value after it into the wrong column (a premium in the date column, PII in the
 * wrong place). The column list and the lines come from one layout; this checks each line gives
 * exactly one value per column, under the column's name, for a valid and an invalid row.
 */
const JOB = '0193a6f0-0000-7000-8000-000000000001';
const AGENCY = '0193a6f0-0000-7000-8000-0000000000aa';
const ROW: ImportRow = {
  customerExternalId: 'C-1',
  customerKind: 'organization',
  customer: { name: 'Acme Ltd', email: 'office@acme.test', phone: null },
  contact: { name: 'Sam Acme', email: null, phone: '555 0100' },
  contactRole: 'Owner',
  contactIsPrimary: true,
  policyExternalId: 'P-1',
  lineOfBusiness: 'General Liability',
  annualPremium: '4200.00',
  effectiveDate: '2026-02-01',
  expirationDate: null,
  cancellationDate: '2026-09-30',
  status: 'active',
};

const cells = (text: string) => {
  const [line, ...rest] = text.split('\n');
  expect(rest).toEqual(['']);
  const values = line!.split('\t');
  expect(values).toHaveLength(STAGED_COLUMNS.length);
  return Object.fromEntries(STAGED_COLUMNS.map((column, index) => [column, values[index]]));
};

describe('staged rows as COPY text', () => {
  it('names 23 distinct columns', () => {
    expect(STAGED_COLUMNS).toHaveLength(23);
    expect(new Set(STAGED_COLUMNS).size).toBe(23);
  });

  it('gives a valid row one value per column, each under its own name, PII sealed', () => {
    const row = cells(
      stagedRowsCopyText(JOB, [{ rowNumber: 7, row: ROW, customerExternalId: null, policyExternalId: null }], new PiiSealer(AGENCY)),
    );
    expect(row).toMatchObject({
      job_id: JOB,
      row_number: '7',
      valid: 't',
      customer_external_id: 'C-1',
      customer_kind: 'organization',
      contact_role: 'Owner',
      contact_is_primary: 't',
      policy_external_id: 'P-1',
      line_of_business: 'General Liability',
      annual_premium: '4200.00',
      effective_date: '2026-02-01',
      expiration_date: '\\N',
      status: 'active',
      cancellation_date: '2026-09-30',
    });
    for (const sealed of ['pii_key_id', 'pii_ciphertext', 'email_blind_index', 'pii_digest', 'contact_pii_key_id', 'contact_pii_digest']) {
      expect(row[sealed], sealed).not.toBe('\\N');
    }
    // A contact without an email has no email index; nothing readable is staged.
    expect(row.contact_email_blind_index).toBe('\\N');
    // Sealed values are random hex (bytea), which can hold "555" by chance: only the rest is read.
    const readable = Object.values(row)
      .filter((value) => !value?.startsWith('\\\\x'))
      .join(' ');
    expect(readable).not.toMatch(/Acme|office@|Sam|555/);
  });

  it('keeps only the ids of an invalid row, every other column null', () => {
    const row = cells(
      stagedRowsCopyText(JOB, [{ rowNumber: 9, row: null, customerExternalId: 'C-9', policyExternalId: 'P-9' }], new PiiSealer(AGENCY)),
    );
    const kept = { job_id: JOB, row_number: '9', valid: 'f', customer_external_id: 'C-9', policy_external_id: 'P-9' };
    expect(row).toEqual({ ...Object.fromEntries(STAGED_COLUMNS.map((column) => [column, '\\N'])), ...kept });
  });
});
