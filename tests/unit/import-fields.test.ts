import { describe, expect, it } from 'vitest';
import { analyzeSample } from '@/lib/import/analyze';
import { ignoredColumns, IMPORT_FIELDS, matchHeaders, normalizeHeader } from '@/lib/import/fields';
import { importTemplateCsv } from '@/lib/import/template';

describe('header matching', () => {
  it('knows the ways agencies head the optional columns, each meaning one field, and leaves the rest to the user', () => {
    const variants: [string, string][] = [
      ['Email Addr', 'email'],
      ['E-mail address', 'email'],
      ['Client E-Mail', 'email'],
      ['Insured Email Address', 'email'],
      ['Primary Email', 'email'],
      ['Phone Number', 'phone'],
      ['Phone No.', 'phone'],
      ['Cell', 'phone'],
      ['Cell Phone', 'phone'],
      ['Mobile', 'phone'],
      ['Mobile #', 'phone'],
      ['Tel', 'phone'],
      ['Insured Phone #', 'phone'],
      ['Client Name', 'customer_name'],
      ['Insured Name', 'customer_name'],
      ['Policyholder', 'customer_name'],
      ['Policy Holder Name', 'customer_name'],
      ['Full Name', 'customer_name'],
      ['Company Name', 'customer_name'],
      ['Client Type', 'customer_type'],
      ['Personal/Commercial', 'customer_type'],
      ['X-Date', 'expiration_date'],
      ['Expires', 'expiration_date'],
      ['Current Status', 'status'],
      ['Cancellation Date', 'cancellation_date'],
      ['cancel_date', 'cancellation_date'],
      ['Cancel Date', 'cancellation_date'],
      ['Cancelled On', 'cancellation_date'],
      ['Canceled On', 'cancellation_date'],
      ['Date Cancelled', 'cancellation_date'],
      ['Cancel Eff. Date', 'cancellation_date'],
      ['Lapse Date', 'cancellation_date'],
      ['Contact Email', 'contact_email'],
      ['Contact E-mail Addr', 'contact_email'],
      ['Primary Contact Email', 'contact_email'],
      ['Contact Cell', 'contact_phone'],
      ['Contact Mobile Number', 'contact_phone'],
      ['Main Contact', 'contact_name'],
      ['Contact Person', 'contact_name'],
      ['Primary Contact Name', 'contact_name'],
      ['Job Title', 'contact_role'],
      ['Primary Contact', 'is_primary_contact'],
      ['Primary Contact (Y/N)', 'is_primary_contact'],
    ];
    const fieldOf = (header: string) => Object.keys(matchHeaders([header]).mapping)[0] ?? 'unmatched';
    expect(Object.fromEntries(variants.map(([header]) => [header, fieldOf(header)]))).toEqual(Object.fromEntries(variants));

    // "Policy Type" is the line of business, not the customer's type; "Policy State" is where it was written, not its status.
    expect(fieldOf('Policy Type')).toBe('line_of_business');
    // "Cancellation Reason" is why, not when; a bare "Cancelled" is often a yes/no flag.
    expect(matchHeaders(['Policy State', 'Agent Code', 'Mail', 'Contact Number', 'Cancellation Reason', 'Cancelled']).unmatched).toEqual([
      'Policy State',
      'Agent Code',
      'Mail',
      'Contact Number',
      'Cancellation Reason',
      'Cancelled',
    ]);

    // The index keeps one field per name: an alias given to two fields would silently go to the later one.
    const owners = new Map<string, string[]>();
    for (const field of IMPORT_FIELDS) {
      for (const name of new Set([field.key, field.label, ...field.aliases].map(normalizeHeader))) {
        owners.set(name, [...(owners.get(name) ?? []), field.key]);
      }
    }
    expect([...owners].filter(([, fields]) => fields.length > 1)).toEqual([]);
  });
});

describe('the CSV template', () => {
  it('has every field under its canonical name, in order, and example rows the import reads as they are', () => {
    const template = importTemplateCsv();
    const [header, ...rows] = template.trimEnd().split('\r\n');
    expect(header).toBe(IMPORT_FIELDS.map((field) => field.key).join(','));
    expect(rows.length).toBeGreaterThanOrEqual(2);
    const analysis = analyzeSample(Buffer.from(template), { wholeFile: true });
    expect(analysis.unmatched).toEqual([]);
    expect(analysis.missingRequired).toEqual([]);
    expect(Object.keys(analysis.mapping)).toEqual(IMPORT_FIELDS.map((field) => field.key));
    // ISO dates: nothing for the user to decide.
    expect(analysis.dateOrder).toMatchObject({ ambiguous: false, conflicting: false });
  });
});

describe('the date order of a sample', () => {
  it('is read from every date column, the cancellation date included', () => {
    const sample = (cancelled: string) =>
      Buffer.from(
        `customer_id,policy_id,line_of_business,annual_premium,effective_date,cancel date\r\nC1,P1,auto,100,2026-01-05,${cancelled}\r\n`,
      );
    // Only the cancellation date is slashed: 15/3 can only be day 15 of March.
    expect(analyzeSample(sample('15/3/2026'), { wholeFile: true }).dateOrder).toMatchObject({ order: 'dmy', slashedDates: 1 });
    expect(analyzeSample(sample('3/15/2026'), { wholeFile: true }).dateOrder).toMatchObject({ order: 'mdy', slashedDates: 1 });
  });
});

describe('the columns an import leaves out', () => {
  it('names every column no field reads, including a second column of the same name and one without a name', () => {
    const headers = ['Customer ID', 'Phone', 'Policy #', 'Phone', '', 'Notes'];
    const mapping = { customer_id: 'Customer ID', phone: 'Phone', policy_id: 'Policy #' };
    expect(ignoredColumns(headers, mapping)).toEqual(['Phone (column 4, a second column of that name)', 'column 5 (no name)', 'Notes']);
    expect(ignoredColumns(['Customer ID', 'Phone'], { customer_id: 'Customer ID', phone: 'Phone' })).toEqual([]);
  });
});
