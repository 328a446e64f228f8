import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { POST as commitRoute } from '@/app/api/customers/import/[jobId]/commit/route';
import { GET as skippedRowsRoute } from '@/app/api/customers/import/[jobId]/skipped-rows/route';
import { POST as analyzeRoute } from '@/app/api/customers/import/analyze/route';
import { POST as uploadRoute } from '@/app/api/customers/import/route';
import { GET as templateRoute } from '@/app/api/customers/import/template/route';
import { createSeededDatabase, testBackend, type TestDatabase } from '../helpers/database';
import { resetRateLimits, USERS } from '../helpers/fixtures';
import { call, problemOf, signIn } from '../helpers/http';
import { csv } from '../helpers/import';

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;

/** What the import page offers around an upload: the template to start from, and the skipped rows to fix. */
describe(`import template and skipped rows on ${testBackend()}`, () => {
  let test: TestDatabase;
  let admin: string;

  beforeAll(async () => {
    test = await createSeededDatabase({ customers: 10 });
    admin = await signIn(USERS.admin);
  });
  beforeEach(() => resetRateLimits(test.db));
  afterAll(() => test.drop());

  /** The upload page's conversation: analyze the file, keep the matched mapping, upload it whole. */
  async function upload(file: string, fileName: string) {
    const analysis = await (
      await call(analyzeRoute as Handler, {
        method: 'POST',
        path: `/api/customers/import/analyze?size=${Buffer.byteLength(file)}`,
        cookie: admin,
        rawBody: file,
        headers: { 'content-type': 'text/csv' },
      })
    ).json();
    const query = new URLSearchParams({ fileName, mapping: JSON.stringify(analysis.mapping), dateOrder: analysis.dateOrder.order });
    const response = await call(uploadRoute as Handler, {
      method: 'POST',
      path: `/api/customers/import?${query}`,
      cookie: admin,
      rawBody: file,
      headers: { 'content-type': 'text/csv' },
    });
    return { analysis, response, body: await response.json() };
  }

  const skippedRows = (jobId: string) =>
    call(skippedRowsRoute as Handler, { path: `/api/customers/import/${jobId}/skipped-rows`, params: { jobId }, cookie: admin });

  it('serves a template with every column that imports as it is, without a single problem', async () => {
    const response = await call(templateRoute as Handler, { path: '/api/customers/import/template', cookie: admin });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="book-of-business-template.csv"');
    const template = await response.text();
    expect(template.split('\r\n')[0]).toBe(
      'customer_id,customer_name,customer_type,email,phone,policy_id,line_of_business,annual_premium,effective_date,' +
        'expiration_date,status,cancellation_date,contact_name,contact_email,contact_phone,contact_role,is_primary_contact',
    );

    const { analysis, response: uploaded, body } = await upload(template, 'template.csv');
    expect(analysis.unmatched).toEqual([]);
    expect(uploaded.status).toBe(201);
    expect(body.job).toMatchObject({ status: 'validated', rowsInvalid: 0, warnings: 0 });
    expect(body.job.rowsValid).toBe(template.trimEnd().split('\r\n').length - 1);
    expect(body.issues).toEqual([]);
  });

  it('lists the skipped rows of a report as CSV, PII masked, before and after the commit', async () => {
    const file = csv([
      ['Account Number', 'Insured Name', 'Email Addr', 'Policy #', 'LOB', 'Premium', 'Eff Date'],
      ['SK-1', 'Ada Lovelace', 'ada@example.com', 'SK-P1', 'Personal Auto', '$1,000.00', '2026-01-02'],
      ['SK-2', 'Alan Turing', 'alan-at-example', 'SK-P2', 'Renters', 'twelve', '2026-01-02'],
      ['SK-3', 'Grace Hopper', 'grace@example.com', 'SK-P3', 'Home', '=HYPERLINK("http://evil.test")', '2026-13-40'],
      ['SK-4', 'Joan Clarke', 'joan@example.com', 'SK-P4', 'Boat', '300', '2026-01-02'],
    ]);
    const { body } = await upload(file, 'Spring Book (final).csv');
    expect(body.job).toMatchObject({ rowsTotal: 4, rowsValid: 2, rowsInvalid: 2 });

    const response = await skippedRows(body.job.id);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="Spring-Book-final-skipped-rows.csv"');
    const text = await response.text();
    expect(text.split('\r\n')).toEqual([
      'file_row,column,severity,problem,value',
      '3,Premium,error,"Premium is not a number (examples that work: 1234.50, $1,234.50).",twelve',
      // "Email Addr" was matched to email, so its warning is there, masked like the report.
      '3,Email Addr,warning,Does not look like an email address; kept as given.,***',
      // A formula stays a harmless text cell in a spreadsheet.
      `4,Premium,error,"Looks like a spreadsheet formula (starts with =, +, -, @, tab or CR); formulas are not imported.","'=HYPERLINK(""http://evil.test"")"`,
      '',
    ]);
    expect(text).not.toMatch(/Alan|Turing|alan-at-example|Ada|Joan|SK-P1|SK-P4/);

    const committed = await call(commitRoute as Handler, {
      method: 'POST',
      path: `/api/customers/import/${body.job.id}/commit`,
      params: { jobId: body.job.id },
      cookie: admin,
    });
    expect((await committed.json()).job.result.rowsSkipped).toBe(2);
    // The staged rows are gone after the commit; the report, and so the download, remain.
    expect(await (await skippedRows(body.job.id)).text()).toBe(text);
  });

  it('answers 409 problem+json for an import whose rows were never checked', async () => {
    const mapping = encodeURIComponent(JSON.stringify({ customer_id: 'Account Number' }));
    const failed = await call(uploadRoute as Handler, {
      method: 'POST',
      path: `/api/customers/import?mapping=${mapping}`,
      cookie: admin,
      rawBody: csv([['Account Number'], ['F-1']]),
      headers: { 'content-type': 'text/csv' },
    });
    const { jobId } = (await failed.json()) as { jobId: string };
    const response = await skippedRows(jobId);
    expect(response.status).toBe(409);
    expect((await problemOf(response)).detail).toMatch(
      /^This import failed before its rows were checked, so no row was skipped: Required columns/,
    );
  });
});
