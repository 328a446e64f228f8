import { describe, expect, it, onTestFinished } from 'vitest';
import { matchHeaders, normalizeHeader } from '@/lib/import/fields';
import { detectDelimiter, detectEncoding } from '@/lib/import/file-format';
import {
  detectDateOrder,
  looksLikeFormula,
  looksLikePhone,
  parseCustomerType,
  parseDate,
  parsePremium,
  parseStatus,
  parseYesNo,
} from '@/lib/import/values';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readConfig } from '@/lib/config';
import { loadKeyring, parseEncryptionKeys } from '@/lib/pii/keyring';

const value = <T>(parsed: { ok: true; value: T } | { ok: false; code: string }) => (parsed.ok ? parsed.value : `error:${parsed.code}`);

describe('premiums are read exactly, never through a float', () => {
  it.each([
    ['1234.5', '1234.50'],
    ['$1,234.50', '1234.50'],
    [' $ 1,234 ', '1234.00'],
    ['0', '0.00'],
    ['0.1', '0.10'],
    ['007.10', '7.10'],
    ['12.500', '12.50'],
    ['USD 99.99', '99.99'],
    ['9999999999.99', '9999999999.99'],
    ['0.29', '0.29'],
  ])('%s → %s', (raw, expected) => expect(value(parsePremium(raw))).toBe(expected));

  it.each([
    ['-5', 'negative-premium'],
    ['-$5.00', 'negative-premium'],
    ['(5.00)', 'negative-premium'],
    ['abc', 'invalid-premium'],
    ['1,23,4', 'invalid-premium'],
    ['1.234,50', 'invalid-premium'],
    ['', 'invalid-premium'],
    ['12.345', 'premium-precision'],
    ['10000000000', 'premium-too-large'],
  ])('%s is refused (%s)', (raw, code) => expect(value(parsePremium(raw))).toBe(`error:${code}`));
});

describe('dates', () => {
  it.each([
    ['2026-01-15', 'mdy', '2026-01-15'],
    ['2026-1-5', 'mdy', '2026-01-05'],
    ['2026-01-15 00:00:00', 'mdy', '2026-01-15'],
    ['1/15/2026', 'mdy', '2026-01-15'],
    ['15/1/2026', 'dmy', '2026-01-15'],
    ['2/29/2028', 'mdy', '2028-02-29'],
  ] as const)('%s (%s) → %s', (raw, order, expected) => expect(value(parseDate(raw, order))).toBe(expected));

  it.each([
    ['2/29/2026', 'impossible-date'],
    ['13/1/2026', 'impossible-date'],
    ['2026-04-31', 'impossible-date'],
    ['1/15/26', 'invalid-date'],
    ['Jan 15 2026', 'invalid-date'],
    ['1800-01-01', 'impossible-date'],
  ])('%s is refused (%s)', (raw, code) => expect(value(parseDate(raw, 'mdy'))).toBe(`error:${code}`));

  it('detects the order of slashed dates, and says when it cannot tell', () => {
    expect(detectDateOrder(['1/15/2026', '2026-02-01'])).toMatchObject({ order: 'mdy', ambiguous: false, conflicting: false });
    expect(detectDateOrder(['15/1/2026', '3/4/2026'])).toMatchObject({ order: 'dmy', ambiguous: false });
    expect(detectDateOrder(['3/4/2026', '12/11/2026'])).toMatchObject({ ambiguous: true, slashedDates: 2 });
    expect(detectDateOrder(['15/1/2026', '1/15/2026'])).toMatchObject({ conflicting: true });
    expect(detectDateOrder(['2026-01-01'])).toMatchObject({ order: 'mdy', ambiguous: false, slashedDates: 0 });
  });
});

describe('enumerations match case-insensitively', () => {
  it('status', () => {
    expect(['Active', 'IN FORCE', 'in_force', 'Canceled', 'lapsed', 'Expired', ''].map((s) => value(parseStatus(s)))).toEqual([
      'active',
      'active',
      'active',
      'cancelled',
      'cancelled',
      'expired',
      'active',
    ]);
    expect(value(parseStatus('pending'))).toBe('error:invalid-status');
  });
  it('customer type', () => {
    expect(['Personal', 'household', 'Commercial', 'BUSINESS', 'company', ''].map((s) => value(parseCustomerType(s)))).toEqual([
      'individual',
      'individual',
      'organization',
      'organization',
      'organization',
      null,
    ]);
    expect(value(parseCustomerType('trust'))).toBe('error:invalid-customer-type');
  });
  it('yes / no', () => {
    expect(['Y', 'yes', 'TRUE', '1', 'x', 'no', '', 'false'].map((s) => value(parseYesNo(s)))).toEqual([
      true,
      true,
      true,
      true,
      true,
      false,
      false,
      false,
    ]);
  });
});

describe('formula-looking cells', () => {
  it.each(["=cmd|' /C calc'!A0", '@SUM(A1)', '+HYPERLINK("x")', '-2+3+cmd|x', '\t=1', '\rfoo'])('%j is a formula', (cell) =>
    expect(looksLikeFormula(cell)).toBe(true),
  );
  it.each(['-5', '+1 (555) 010-1234', '-', 'Smith = Jones', 'plain'])('%j is not', (cell) => expect(looksLikeFormula(cell)).toBe(false));
  it('phones are checked loosely', () => {
    expect(['(555) 010-1234', '+44 20 7946 0958', '555-0100 x12'].every(looksLikePhone)).toBe(true);
    expect(['call me', '12', '555-CALL-NOW'].some(looksLikePhone)).toBe(false);
  });
});

describe('headers', () => {
  it('match case-, space-, underscore- and punctuation-insensitively, with aliases', () => {
    expect(normalizeHeader('Policy #')).toBe('policynumber');
    const { mapping, missingRequired, unmatched } = matchHeaders([
      'CLIENT_ID',
      'Named Insured',
      'Policy No.',
      'L.O.B.',
      'Written Premium',
      'Eff. Date',
      'Notes',
    ]);
    expect(mapping).toEqual({
      customer_id: 'CLIENT_ID',
      customer_name: 'Named Insured',
      policy_id: 'Policy No.',
      line_of_business: 'L.O.B.',
      annual_premium: 'Written Premium',
      effective_date: 'Eff. Date',
    });
    expect(missingRequired).toEqual([]);
    expect(unmatched).toEqual(['Notes']);
  });
  it('leave unknown required columns to the mapping step, the first of two synonyms winning', () => {
    const { mapping, missingRequired, unmatched } = matchHeaders(['Ref', 'Premium', 'Written Premium']);
    expect(mapping).toEqual({ annual_premium: 'Premium' });
    expect(missingRequired).toEqual(['customer_id', 'policy_id', 'line_of_business', 'effective_date']);
    expect(unmatched).toEqual(['Ref', 'Written Premium']);
  });
});

describe('file format', () => {
  it('detects the delimiter from the header line, ignoring quoted ones', () => {
    expect(detectDelimiter('a;b;c\n1,5;2;3')).toBe(';');
    expect(detectDelimiter('a\tb\tc\n')).toBe('\t');
    expect(detectDelimiter('"a;b",c,d\n')).toBe(',');
    expect(detectDelimiter('single\n')).toBe(',');
  });
  it('reads UTF-8 (with or without BOM) as UTF-8 and anything else as Windows-1252', () => {
    expect(detectEncoding(Buffer.from('\ufeffname\nJürgen'))).toBe('utf-8');
    expect(detectEncoding(Buffer.from('name\nJürgen', 'latin1'))).toBe('windows-1252');
    // A multi-byte character cut by the end of the sample is still UTF-8.
    expect(detectEncoding(Buffer.from('name\nJür', 'utf8').subarray(0, -1))).toBe('utf-8');
  });
});

describe('PII_ENCRYPTION_KEY', () => {
  const key = (byte: number) => Buffer.alloc(32, byte).toString('base64');
  it('is a keyring, newest first; a bare key is k1', () => {
    const ring = parseEncryptionKeys(`k2:${key(2)}, k1:${key(1)}`);
    expect(ring.activeKeyId).toBe('k2');
    expect([...ring.keys.keys()]).toEqual(['k2', 'k1']);
    expect(parseEncryptionKeys(key(5)).activeKeyId).toBe('k1');
  });
  it('refuses keys of the wrong size, bad ids and duplicates, saying which', () => {
    expect(() => parseEncryptionKeys(`k1:${Buffer.alloc(16).toString('base64')}`)).toThrow('key "k1" must be 32 bytes');
    expect(() => parseEncryptionKeys(`bad id:${key(1)}`)).toThrow('key id "bad id"');
    expect(() => parseEncryptionKeys(`a:${key(1)},a:${key(2)}`)).toThrow('appears twice');
    expect(() => parseEncryptionKeys(' , ')).toThrow('empty');
  });

  it('is required in production with a real database, and generated once into the data folder otherwise', () => {
    const production = readConfig({ NODE_ENV: 'production', DATABASE_URL: 'postgres://db.example/app' });
    expect(() => loadKeyring(production)).toThrow('PII_ENCRYPTION_KEY is required in production');
    const withKey = readConfig({ NODE_ENV: 'production', DATABASE_URL: 'postgres://db.example/app', PII_ENCRYPTION_KEY: `k9:${key(9)}` });
    expect(() => loadKeyring(withKey)).toThrow('PII_BLIND_INDEX_KEY is required in production');

    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'pii-keys-'));
    onTestFinished(() => rmSync(dataDir, { recursive: true, force: true }));
    const embedded = readConfig({ NODE_ENV: 'development', DATA_DIR: dataDir });
    const first = loadKeyring(embedded);
    const again = loadKeyring(embedded);
    expect(first.activeKeyId).toBe('k1');
    expect(again.keys.get('k1')!.equals(first.keys.get('k1')!)).toBe(true);
    expect(again.indexKey.equals(first.indexKey)).toBe(true);
    expect(statSync(path.join(dataDir, 'pii-encryption-key')).mode & 0o777).toBe(0o600);
  });

  it('identifies a contact by name and email, or by phone when it has neither', async () => {
    const { contactKey } = await import('@/lib/pii/cipher');
    const byName = contactKey({ name: 'Wile Coyote', email: 'WILE@acme.test', phone: '555-0100' });
    expect(byName!.equals(contactKey({ name: ' wile coyote', email: 'wile@acme.test', phone: null })!)).toBe(true);
    expect(contactKey({ name: null, email: null, phone: '555-0100' })).not.toBeNull();
    expect(contactKey({ name: null, email: null, phone: null })).toBeNull();
  });
});
