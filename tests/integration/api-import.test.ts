import { Readable } from 'node:stream';
import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { todayIso } from '@/lib/segmentation/dates';
import { refreshAgency } from '@/lib/segmentation/refresh';
import { GET as segmentationSummary } from '@/app/api/analytics/segmentation/route';
import { POST as commitRoute } from '@/app/api/customers/import/[jobId]/commit/route';
import { DELETE as cancelRoute, GET as jobRoute } from '@/app/api/customers/import/[jobId]/route';
import { POST as analyzeRoute } from '@/app/api/customers/import/analyze/route';
import { GET as historyRoute, POST as uploadRoute } from '@/app/api/customers/import/route';
import { createSeededDatabase, testBackend, type TestDatabase } from '../helpers/database';
import { DEMO_AGENCY_ID, resetRateLimits, USERS } from '../helpers/fixtures';
import { call, problemOf, signIn } from '../helpers/http';
import { chunked, csv } from '../helpers/import';

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;

/** The upload page's conversation with the API: analyze → upload (streamed) → report → commit → dashboard. */
describe(`import API on ${testBackend()}`, () => {
  let test: TestDatabase;
  let admin: string;

  const file = csv([
    ['Account Number', 'Insured Name', 'Email', 'Ref #', 'LOB', 'Premium', 'Eff Date'],
    ['API-1', 'Grace Hopper', 'grace@example.com', 'API-P1', 'Personal Auto', '$6,000.00', '1/2/2026'],
    ['API-1', 'Grace Hopper', 'grace@example.com', 'API-P2', 'HO3', '$4,500.00', '1/2/2026'],
    ['API-2', 'Alan Turing', 'not-an-email', 'API-P3', 'Renters', 'twelve', '2026-01-02'],
  ]);

  /** The required fields mapped to the file's columns (the others left out). */
  const requiredMapping = {
    customer_id: 'Account Number',
    policy_id: 'Ref #',
    line_of_business: 'LOB',
    annual_premium: 'Premium',
    effective_date: 'Eff Date',
  };

  /** The upload page's first look at a file (its first 256 KB; these files are smaller). */
  const analyze = (body: string) =>
    call(analyzeRoute as Handler, {
      method: 'POST',
      path: `/api/customers/import/analyze?size=${body.length}`,
      cookie: admin,
      rawBody: body,
      headers: { 'content-type': 'text/csv' },
    });

  /** A request whose body streams in chunks, as a browser upload arrives. */
  const streamingUpload = (query: string, body: Uint8Array, headers: Record<string, string> = {}) =>
    uploadRoute(
      new Request(`http://localhost/api/customers/import?${query}`, {
        method: 'POST',
        headers: { cookie: admin, 'content-type': 'text/csv', ...headers },
        body: Readable.toWeb(Readable.from(chunked(body, 64))),
        duplex: 'half',
      } as RequestInit),
    );

  /** Uploads `file` with every required column mapped; the validated job's id. */
  const validatedJob = async (rows: string[][]) => {
    const uploaded = await streamingUpload(
      `mapping=${encodeURIComponent(JSON.stringify(requiredMapping))}`,
      Buffer.from(csv([['Account Number', 'Ref #', 'LOB', 'Premium', 'Eff Date'], ...rows])),
    );
    expect(uploaded.status).toBe(201);
    return ((await uploaded.json()) as { job: { id: string } }).job.id;
  };

  /** The commit, answered as JSON or as the progress stream (its lines parsed). */
  const commit = (jobId: string, stream: boolean) =>
    call(commitRoute as Handler, {
      method: 'POST',
      path: `/api/customers/import/${jobId}/commit`,
      params: { jobId },
      cookie: admin,
      headers: stream ? { accept: 'application/x-ndjson' } : {},
    });
  const lines = async (response: Response) =>
    (await response.text())
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);

  beforeAll(async () => {
    test = await createSeededDatabase({ customers: 10 });
    admin = await signIn(USERS.admin);
  });
  beforeEach(() => resetRateLimits(test.db));
  afterAll(() => test.drop());

  it('analyzes a sample: matched columns, what still needs mapping, dates, a masked preview', async () => {
    const response = await analyze(file);
    expect(response.status).toBe(200);
    const analysis = await response.json();
    expect(analysis).toMatchObject({
      encoding: 'utf-8',
      delimiter: ',',
      mapping: {
        customer_id: 'Account Number',
        customer_name: 'Insured Name',
        email: 'Email',
        line_of_business: 'LOB',
        annual_premium: 'Premium',
        effective_date: 'Eff Date',
      },
      missingRequired: ['policy_id'],
      unmatched: ['Ref #'],
      dateOrder: { order: 'mdy', ambiguous: true },
      sampleRows: 3,
    });
    expect(analysis.preview[0]).toMatchObject({
      customer_id: 'API-1',
      customer_name: 'G. H.',
      email: 'g***@example.com',
      annual_premium: '$6,000.00',
    });
  });

  it('answers a whole-file problem with problem+json naming the failed job', async () => {
    const mapping = encodeURIComponent(JSON.stringify({ customer_id: 'Account Number' }));
    const response = await streamingUpload(`fileName=book.csv&mapping=${mapping}`, Buffer.from(file));
    expect(response.status).toBe(422);
    const problem = (await problemOf(response)) as Awaited<ReturnType<typeof problemOf>> & { jobId: string };
    expect(problem.type).toBe('/problems/missing-columns');
    expect(problem.detail).toMatch(/^Required columns not found: Policy ID, Line of business, Annual premium, Effective date\./);
    const job = await (
      await call(jobRoute as Handler, { path: `/api/customers/import/${problem.jobId}`, params: { jobId: problem.jobId }, cookie: admin })
    ).json();
    expect(job.job).toMatchObject({ status: 'failed', error: problem.detail });
  });

  it('refuses a declared size over 200 MB before reading it', async () => {
    const mapping = encodeURIComponent(JSON.stringify({ customer_id: 'Account Number' }));
    const response = await streamingUpload(`mapping=${mapping}`, Buffer.from(file), { 'content-length': String(201 * 1024 * 1024) });
    expect(response.status).toBe(413);
    expect((await problemOf(response)).detail).toBe('The file is larger than 200 MB. Split it into smaller files.');
  });

  it('validates a streamed upload, commits with progress, and the dashboard changes', async () => {
    // The seed computed tiers as of its own date; the import's refresh uses today's. Start from today's.
    await refreshAgency(DEMO_AGENCY_ID, { mode: 'agency' }, test.db);
    const before = await (await call(segmentationSummary as Handler, { path: '/api/analytics/segmentation', cookie: admin })).json();
    const mapping = {
      customer_id: 'Account Number',
      customer_name: 'Insured Name',
      email: 'Email',
      policy_id: 'Ref #',
      line_of_business: 'LOB',
      annual_premium: 'Premium',
      effective_date: 'Eff Date',
    };
    const uploaded = await streamingUpload(
      `fileName=spring-book.csv&mode=merge&dateOrder=mdy&mapping=${encodeURIComponent(JSON.stringify(mapping))}`,
      Buffer.from(file),
    );
    expect(uploaded.status).toBe(201);
    const report = await uploaded.json();
    expect(report.job).toMatchObject({
      status: 'validated',
      fileName: 'spring-book.csv',
      rowsTotal: 3,
      rowsValid: 2,
      rowsInvalid: 1,
      warnings: 1,
    });
    expect(report.issues).toEqual([
      {
        rowNumber: 4,
        column: 'Premium',
        severity: 'error',
        code: 'invalid-premium',
        message: 'Premium is not a number (examples that work: 1234.50, $1,234.50).',
        value: 'twelve',
      },
      {
        rowNumber: 4,
        column: 'Email',
        severity: 'warning',
        code: 'email-format',
        message: 'Does not look like an email address; kept as given.',
        value: '***',
      },
    ]);

    const committed = await call(commitRoute as Handler, {
      method: 'POST',
      path: `/api/customers/import/${report.job.id}/commit`,
      params: { jobId: report.job.id },
      cookie: admin,
      headers: { accept: 'application/x-ndjson' },
    });
    expect(committed.headers.get('content-type')).toBe('application/x-ndjson');
    const lines = (await committed.text())
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines.slice(0, -1).map((line) => line.step)).toEqual([
      'started',
      'customers',
      'contacts',
      'policies',
      'expire',
      'record',
      'refresh',
    ]);
    expect(lines.at(-1).job.result).toMatchObject({
      customers: { created: 1 },
      policies: { created: 2 },
      rowsSkipped: 1,
      refresh: { status: 'ok' },
    });

    const after = await (await call(segmentationSummary as Handler, { path: '/api/analytics/segmentation', cookie: admin })).json();
    const elite = (summary: { segments: { tier: string; count: number }[] }) => summary.segments.find((s) => s.tier === 'elite')!.count;
    // Grace Hopper: 10,500.00 active premium → Elite.
    expect(elite(after)).toBe(elite(before) + 1);
    expect(after.totals.customers).toBe(before.totals.customers + 1);

    const history = await (await call(historyRoute as Handler, { path: '/api/customers/import', cookie: admin })).json();
    expect(history.imports[0]).toMatchObject({
      fileName: 'spring-book.csv',
      mode: 'merge',
      status: 'committed',
      createdByEmail: USERS.admin,
      source: 'upload',
    });
  });

  it('reads a cancellation date column, refuses one before the effective date by row and column, and dates what arrives expired', async () => {
    const book = csv([
      ['Account Number', 'Ref #', 'LOB', 'Premium', 'Eff Date', 'Status', 'Cancel Date'],
      ['CX-1', 'CX-P1', 'Personal Auto', '1000', '1/15/2026', 'Cancelled', '3/15/2026'],
      ['CX-1', 'CX-P2', 'HO3', '800', '2026-02-01', 'Expired', ''],
      ['CX-2', 'CX-P3', 'Renters', '200', '2026-03-01', 'Cancelled', '2/28/2026'],
    ]);
    const analysis = await (await analyze(book)).json();
    expect(analysis.mapping).toMatchObject({ status: 'Status', cancellation_date: 'Cancel Date' });
    expect(analysis.fields.map((field: { key: string }) => field.key)).toContain('cancellation_date');
    const mapping = { ...analysis.mapping, policy_id: 'Ref #' };
    const uploaded = await streamingUpload(`mapping=${encodeURIComponent(JSON.stringify(mapping))}`, Buffer.from(book));
    expect(uploaded.status).toBe(201);
    const report = await uploaded.json();
    expect(report.job).toMatchObject({ rowsValid: 2, rowsInvalid: 1 });
    expect(report.issues).toEqual([
      {
        rowNumber: 4,
        column: 'Cancel Date',
        severity: 'error',
        code: 'cancellation-before-effective',
        message: 'Cancellation date 2026-02-28 is before the effective date 2026-03-01.',
        value: '2/28/2026',
      },
    ]);

    const importDay = todayIso();
    expect((await commit(report.job.id, false)).status).toBe(200);
    expect(
      await test.db.query(
        `select external_id, status::text, cancellation_date, expired_on from policies where agency_id = $1 and external_id like 'CX-%' order by 1`,
        [DEMO_AGENCY_ID],
      ),
    ).toEqual([
      { external_id: 'CX-P1', status: 'cancelled', cancellation_date: '2026-03-15', expired_on: null },
      { external_id: 'CX-P2', status: 'expired', cancellation_date: null, expired_on: importDay },
    ]);
  });

  it('cancels a validated import, once', async () => {
    const report = await (
      await streamingUpload(`mapping=${encodeURIComponent(JSON.stringify(requiredMapping))}`, Buffer.from(file))
    ).json();
    const cancel = () =>
      call(cancelRoute as Handler, {
        method: 'DELETE',
        path: `/api/customers/import/${report.job.id}`,
        params: { jobId: report.job.id },
        cookie: admin,
      });
    expect((await cancel()).status).toBe(204);
    const again = await cancel();
    expect(again.status).toBe(409);
    expect((await problemOf(again)).detail).toBe('This import is cancelled; only a validated import can be cancelled.');
    const [staged] = await test.db.query<{ n: number }>('select count(*)::int as n from private.import_staged_rows where job_id = $1', [
      report.job.id,
    ]);
    expect(staged!.n).toBe(0);
  });

  it('reports a commit that fails while streaming as the same problem+json object the JSON answer is', async () => {
    const jobId = await validatedJob([['NV-1', 'NV-P1', 'auto', 'twelve', '2026-01-02']]);
    const streamed = await commit(jobId, true);
    expect(streamed.status).toBe(200);
    const [started, last, ...rest] = await lines(streamed);
    expect(rest).toEqual([]);
    expect(started).toEqual({ step: 'started', steps: ['customers', 'contacts', 'policies', 'expire', 'record', 'refresh'] });
    const problem = last!.problem as Record<string, unknown>;
    expect(problem).toEqual({
      type: '/problems/conflict',
      title: 'Conflict',
      status: 409,
      detail: 'This import has no valid rows; there is nothing to import.',
      instance: `/api/customers/import/${jobId}/commit`,
      requestId: streamed.headers.get('x-request-id'),
    });

    const answered = await commit(jobId, false);
    expect(answered.status).toBe(409);
    expect({ ...(await problemOf(answered)), requestId: problem.requestId }).toEqual(problem);
  });

  if (testBackend() === 'postgres') {
    it('refuses a commit while another import holds the agency, saying since when, in the JSON answer and in the stream', async () => {
      const jobId = await validatedJob([['IP-1', 'IP-P1', 'auto', '100', '2026-01-02']]);
      // Another import's commit, as far as the lock can tell: a transaction holding the agency's import lock.
      const holder = new pg.Client({ connectionString: test.url });
      await holder.connect();
      try {
        await holder.query('begin');
        await holder.query('select pg_advisory_xact_lock(private.import_lock_key($1))', [DEMO_AGENCY_ID]);
        const [{ since }] = (
          await holder.query<{ since: Date }>('select xact_start as since from pg_stat_activity where pid = pg_backend_pid()')
        ).rows as [{ since: Date }];
        const expected = {
          type: '/problems/import-in-progress',
          title: 'Another import is running',
          status: 409,
          since: since.toISOString(),
          instance: `/api/customers/import/${jobId}/commit`,
        };

        const answered = await commit(jobId, false);
        expect(answered.status).toBe(409);
        const problem = await problemOf(answered);
        expect(problem).toMatchObject(expected);
        expect(problem.detail).toMatch(/^Another import into this agency is running since .* UTC \(\d+ s ago\); nothing was imported\./);

        const streamed = await lines(await commit(jobId, true));
        expect(streamed.at(-1)!.problem).toMatchObject({
          ...expected,
          detail: expect.stringMatching(/^Another import into this agency is running since/),
        });
      } finally {
        await holder.query('rollback');
        await holder.end();
      }
      // Once the other import is done, the refused one goes through.
      expect((await commit(jobId, false)).status).toBe(200);
    });
  }
});
