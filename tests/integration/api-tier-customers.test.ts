import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { GET as tierCustomers } from '@/app/api/analytics/segmentation/customers/route';
import { GET as segmentationSummary } from '@/app/api/analytics/segmentation/route';
import { GET as exportRoute } from '@/app/api/analytics/segmentation/export/route';
import { ID_ONLY_SEARCH_MESSAGE } from '@/lib/customers/tier-customers';
import { storedPii } from '@/lib/pii/cipher';
import { refreshAgency } from '@/lib/segmentation/refresh';
import { openPii } from '@/lib/pii/cipher';
import { createSeededDatabase, testBackend, type TestDatabase } from '../helpers/database';
import { DEMO_AGENCY_ID, resetRateLimits, SECOND_AGENCY_ID, USERS, userIdOf } from '../helpers/fixtures';
import { call, problemOf, signIn } from '../helpers/http';

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;
interface Row {
  id: string;
  externalId: string;
  tier: string;
  annualPremium: string;
  distinctLines: number;
  tenureYears: string | null;
  nextRenewalDate: string | null;
  name: string | null;
  email: string | null;
}
interface Page {
  customers: Row[];
  nextCursor: string | null;
}

/** The drill-down list: every sort, stable pages, filters, search, and PII per role. */
describe(`tier drill-down on ${testBackend()}`, () => {
  let test: TestDatabase;
  const cookies: Record<string, string> = {};

  const get = async (query: string, cookie = cookies.agent!) => {
    const response = await call(tierCustomers as Handler, { path: `/api/analytics/segmentation/customers?${query}`, cookie });
    expect(response.status, await response.clone().text()).toBe(200);
    return (await response.json()) as Page;
  };
  const all = async (query: string, limit = 7) => {
    const rows: Row[] = [];
    let cursor: string | null = null;
    do {
      const page: Page = await get(`${query}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`);
      rows.push(...page.customers);
      cursor = page.nextCursor;
    } while (cursor);
    return rows;
  };
  /**
   * The expected order, computed here from the insights table, not by the code under test. Tenure
   * orders by its start day (longest first); "tenure" here is days of it before a fixed day.
   */
  const expected = async (tier: string, key: (r: Row) => number, direction: 1 | -1) => {
    const rows = await test.db.query<{ id: string; premium: string; lines: number; tenure: string | null; renewal: string | null }>(
      `select customer_id as id, annual_premium as premium, distinct_lines as lines, (date '2100-01-01' - tenure_start)::text as tenure, next_renewal_date as renewal
       from customer_insights where agency_id = $1 and tier = $2`,
      [DEMO_AGENCY_ID, tier],
    );
    const asRows = rows.map(
      (r) => ({ id: r.id, annualPremium: r.premium, distinctLines: r.lines, tenureYears: r.tenure, nextRenewalDate: r.renewal }) as Row,
    );
    return asRows.sort((a, b) => direction * (key(a) - key(b)) || direction * (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)).map((r) => r.id);
  };

  beforeAll(async () => {
    test = await createSeededDatabase({ customers: 120 });
    // An Elite customer on one line (a cross-sell opportunity) whose policy renews within 60 days.
    const [crossSell] = await test.db.query<{ id: string }>(
      `insert into customers (agency_id, external_id) values ($1, 'XS-1') returning id`,
      [DEMO_AGENCY_ID],
    );
    await test.db.query(
      `insert into policies (agency_id, customer_id, external_id, line_of_business, annual_premium, effective_date, expiration_date)
       values ($1, $2, 'XS-P1', 'Commercial Property', 12000, '2026-01-01', '2026-07-15')`,
      [DEMO_AGENCY_ID, crossSell!.id],
    );
    // A customer whose details look like spreadsheet formulas (data that did not come through an import).
    const formula = storedPii(
      { name: '=HYPERLINK("http://evil.test","x")', email: '+evil@example.com', phone: '-1 555 0100' },
      'customer',
      DEMO_AGENCY_ID,
    );
    const [evil] = await test.db.query<{ id: string }>(
      `insert into customers (agency_id, external_id, pii_key_id, pii_ciphertext, email_blind_index, pii_digest)
       values ($1, '@SUM(A1)', $2, $3, $4, $5) returning id`,
      [DEMO_AGENCY_ID, formula.keyId, formula.ciphertext, formula.emailIndex, formula.digest],
    );
    await test.db.query(
      `insert into policies (agency_id, customer_id, external_id, line_of_business, annual_premium, effective_date)
       values ($1, $2, 'EVIL-P1', 'auto', 10, '2026-01-01')`,
      [DEMO_AGENCY_ID, evil!.id],
    );
    await refreshAgency(DEMO_AGENCY_ID, { mode: 'agency', asOf: '2026-06-30' }, test.db);
    for (const role of ['agent', 'viewer'] as const) cookies[role] = await signIn(USERS[role]);
  });
  beforeEach(() => resetRateLimits(test.db));
  afterAll(() => test.drop());

  it.each([
    ['premium', (r: Row) => Number(r.annualPremium), -1],
    ['lines', (r: Row) => r.distinctLines, -1],
    ['tenure', (r: Row) => (r.tenureYears === null ? -1 : Number(r.tenureYears)), -1],
    ['renewal', (r: Row) => (r.nextRenewalDate === null ? Infinity : Date.parse(r.nextRenewalDate)), 1],
  ] as const)('pages through a tier sorted by %s, every customer once, in order', async (sort, key, direction) => {
    for (const tier of ['standard', 'entry']) {
      const rows = await all(`tier=${tier}&sort=${sort}`);
      expect(rows.every((r) => r.tier === tier)).toBe(true);
      expect(rows.map((r) => r.id)).toEqual(await expected(tier, key, direction));
      expect(rows.length).toBeGreaterThan(7);
    }
  });

  it('pages through a tier sorted by name (names are sealed: sorted in the app), every customer once', async () => {
    const rows = await all('tier=standard&sort=name');
    const [{ n } = { n: 0 }] = await test.db.query<{ n: number }>(
      `select count(*)::int as n from customer_insights where agency_id = $1 and tier = 'standard'`,
      [DEMO_AGENCY_ID],
    );
    expect(rows).toHaveLength(n);
    expect(new Set(rows.map((r) => r.id)).size).toBe(n);
    const collator = new Intl.Collator('en', { sensitivity: 'base', numeric: true });
    for (let i = 1; i < rows.length; i += 1) expect(collator.compare(rows[i - 1]!.name ?? '', rows[i]!.name ?? '')).toBeLessThanOrEqual(0);
    // A list too long to open and sort on each request is refused, saying what to do.
    await test.db.query(
      `with added as (insert into customers (agency_id, external_id) select $1, 'BIG-' || g from generate_series(1, 5001) g returning id)
       insert into customer_insights (customer_id, agency_id, annual_premium, active_policy_count, distinct_lines, tier)
       select id, $1, 10, 1, 1, 'entry' from added`,
      [SECOND_AGENCY_ID],
    );
    const outsider = await signIn(USERS.outsider);
    const tooLong = await call(tierCustomers as Handler, {
      path: '/api/analytics/segmentation/customers?tier=entry&sort=name',
      cookie: outsider,
    });
    expect(tooLong.status).toBe(400);
    expect((await problemOf(tooLong)).errors).toEqual([
      {
        field: 'query.sort',
        message: 'Sorting by name works for lists of up to 5,000 customers; narrow this one with a search or a filter.',
      },
    ]);
    await test.db.query(`delete from customers where agency_id = $1`, [SECOND_AGENCY_ID]);

    const viewer = await call(tierCustomers as Handler, {
      path: '/api/analytics/segmentation/customers?tier=standard&sort=name',
      cookie: cookies.viewer,
    });
    expect(viewer.status).toBe(400);
    expect((await problemOf(viewer)).errors).toEqual([{ field: 'query.sort', message: 'Sorting by name needs access to names.' }]);
  });

  it('keeps its pages stable while customers are added', async () => {
    const first = await get('tier=entry&sort=premium&limit=5');
    // Customers that sort before and after the cursor arrive between two page requests.
    await test.db.query(
      `with added as (
         insert into customers (agency_id, external_id) select $1, 'NEW-' || g from generate_series(1, 6) g returning id, external_id
       )
       insert into customer_insights (customer_id, agency_id, annual_premium, active_policy_count, distinct_lines, tier)
       select id, $1, case when external_id in ('NEW-1', 'NEW-2', 'NEW-3') then 999999 else 0.01 end, 1, 1, 'entry' from added`,
      [DEMO_AGENCY_ID],
    );
    const rest: Row[] = [];
    let cursor = first.nextCursor;
    while (cursor) {
      const page = await get(`tier=entry&sort=premium&limit=5&cursor=${cursor}`);
      rest.push(...page.customers);
      cursor = page.nextCursor;
    }
    const seen = [...first.customers, ...rest].map((r) => r.externalId);
    expect(new Set(seen).size).toBe(seen.length);
    // Rows that sort before the cursor are not replayed into later pages; those after it appear once.
    expect(seen.filter((id) => id.startsWith('NEW-')).sort()).toEqual(['NEW-4', 'NEW-5', 'NEW-6']);
    await test.db.query(`delete from customers where external_id like 'NEW-%'`);
  });

  it('filters cross-sell opportunities and upcoming renewals', async () => {
    const crossSell = await all('crossSell=true&sort=premium');
    expect(crossSell.length).toBeGreaterThan(0);
    expect(crossSell.every((r) => ['elite', 'premium'].includes(r.tier) && r.distinctLines === 1)).toBe(true);
    const [counts] = await test.db.query<{ cross_sell: number; renewing: number }>(
      `select count(*) filter (where tier in ('elite', 'premium') and distinct_lines = 1)::int as cross_sell,
              count(*) filter (where tier is not null and next_renewal_date <= date '2026-06-30' + 60)::int as renewing
       from customer_insights where agency_id = $1`,
      [DEMO_AGENCY_ID],
    );
    expect(crossSell.length).toBe(counts!.cross_sell);
    expect(crossSell.map((r) => r.externalId)).toContain('XS-1');
    const renewing = await all('renewalWithinDays=60&sort=renewal');
    expect(renewing.length).toBe(counts!.renewing);
    expect(renewing.every((r) => r.nextRenewalDate !== null && r.nextRenewalDate <= '2026-08-29')).toBe(true);
    expect(renewing.find((r) => r.externalId === 'XS-1')).toMatchObject({ tier: 'elite', nextRenewalDate: '2026-07-15' });
  });

  it('lists the cross-sell opportunities and the renewal watch that the dashboard counts', async () => {
    const summary = await (
      await call(segmentationSummary as Handler, { path: '/api/analytics/segmentation', cookie: cookies.agent })
    ).json();
    const crossSell = await all('list=cross-sell&sort=premium');
    // The renewal watch is worked soonest renewal first: its default order, no sort named.
    const renewalWatch = await all('list=renewal-watch');
    expect(crossSell.length).toBe(summary.totals.crossSellOpportunities);
    expect(renewalWatch.length).toBe(summary.totals.renewalWatch);
    expect(renewalWatch.length).toBeGreaterThan(0);
    expect(renewalWatch.every((r) => ['elite', 'premium'].includes(r.tier) && r.nextRenewalDate! <= '2026-08-29')).toBe(true);
    // Soonest renewal first.
    expect(renewalWatch.map((r) => r.nextRenewalDate)).toEqual([...renewalWatch.map((r) => r.nextRenewalDate)].sort());
  });

  it('finds a customer by id prefix, by exact email and by name, in any case', async () => {
    const [one] = await test.db.query<{ external_id: string; pii_key_id: string; pii_ciphertext: Buffer }>(
      `select c.external_id, c.pii_key_id, c.pii_ciphertext from customers c join customer_insights i on i.customer_id = c.id
       where c.agency_id = $1 and i.tier is not null and c.pii_key_id is not null and c.external_id not like '@%' order by c.external_id limit 1`,
      [DEMO_AGENCY_ID],
    );
    const { email } = openPii({ keyId: one!.pii_key_id, ciphertext: one!.pii_ciphertext }, 'customer', DEMO_AGENCY_ID);
    const byEmail = await get(`search=${encodeURIComponent(email!.toUpperCase())}`);
    expect(byEmail.customers.map((r) => r.externalId)).toEqual([one!.external_id]);
    const prefix = one!.external_id.slice(0, -1);
    const byPrefix = await all(`search=${encodeURIComponent(prefix)}&sort=premium`);
    expect(byPrefix.length).toBeGreaterThan(0);
    expect(byPrefix.every((r) => r.externalId.startsWith(prefix))).toBe(true);
    expect((await get('search=nobody%40example.com')).customers).toEqual([]);
    // Names are sealed: found by opening them, every word, any case or accent, parts of words too.
    const { name } = openPii({ keyId: one!.pii_key_id, ciphertext: one!.pii_ciphertext }, 'customer', DEMO_AGENCY_ID);
    const words = name!.split(/\s+/);
    const query = [...words]
      .reverse()
      .map((word) => word.slice(0, 4).toUpperCase())
      .join(' ');
    const byName = await all(`search=${encodeURIComponent(query)}&sort=premium`, 3);
    expect(byName.map((r) => r.externalId)).toContain(one!.external_id);
    expect(
      byName.every(
        (r) => r.externalId.startsWith(query) || words.every((w) => r.name!.toLowerCase().includes(w.slice(0, 4).toLowerCase())),
      ),
    ).toBe(true);
  });

  it('lets a viewer search by customer id only: an email or name search is refused, saying why', async () => {
    const [one] = await test.db.query<{ id: string; external_id: string; pii_key_id: string; pii_ciphertext: Buffer }>(
      `select c.id, c.external_id, c.pii_key_id, c.pii_ciphertext from customers c join customer_insights i on i.customer_id = c.id
       where c.agency_id = $1 and i.tier is not null and c.pii_key_id is not null and c.external_id like 'C-%' order by c.external_id limit 1`,
      [DEMO_AGENCY_ID],
    );
    const { email, name } = openPii({ keyId: one!.pii_key_id, ciphertext: one!.pii_ciphertext }, 'customer', DEMO_AGENCY_ID);
    const refusal = [{ field: 'query.search', message: ID_ONLY_SEARCH_MESSAGE }];
    for (const search of [email!, email!.toUpperCase(), name!]) {
      for (const path of [`search=${encodeURIComponent(search)}`, `tier=entry&search=${encodeURIComponent(search)}&sort=renewal`]) {
        const response = await call(tierCustomers as Handler, {
          path: `/api/analytics/segmentation/customers?${path}`,
          cookie: cookies.viewer,
        });
        expect(response.status).toBe(400);
        const problem = await problemOf(response);
        expect(problem.errors).toEqual(refusal);
        // The refusal does not depend on whether the address belongs to a customer.
        expect(JSON.stringify(problem)).not.toContain(one!.external_id);
      }
    }
    const stranger = await call(tierCustomers as Handler, {
      path: '/api/analytics/segmentation/customers?search=nobody%40example.com',
      cookie: cookies.viewer,
    });
    expect((await problemOf(stranger)).errors).toEqual(refusal);
    // One word of a name cannot be told from an id prefix: it is searched as one, and never matches by name.
    const surname = name!.split(/\s+/).pop()!;
    const bySurname = await get(`search=${encodeURIComponent(surname)}`, cookies.viewer);
    expect(bySurname.customers.filter((r) => !r.externalId.toLowerCase().startsWith(surname.toLowerCase()))).toEqual([]);
    expect((await all(`search=${encodeURIComponent(surname)}&sort=premium`)).map((r) => r.id)).toContain(one!.id);
    // By customer id a viewer finds the customer (masked); an agent finds it by email and by name.
    expect((await get(`search=${encodeURIComponent(one!.external_id)}`, cookies.viewer)).customers.map((r) => r.id)).toEqual([one!.id]);
    expect((await get(`search=${encodeURIComponent(email!)}`)).customers.map((r) => r.id)).toEqual([one!.id]);
    expect((await all(`search=${encodeURIComponent(name!)}&sort=premium`)).map((r) => r.id)).toContain(one!.id);
  });

  it('shows PII to an agent and masks it for a viewer', async () => {
    const agentView = (await get('tier=entry&sort=premium&limit=3')).customers;
    const viewerView = (await get('tier=entry&sort=premium&limit=3', cookies.viewer)).customers;
    expect(viewerView.map((r) => r.id)).toEqual(agentView.map((r) => r.id));
    for (const [index, row] of viewerView.entries()) {
      const agentRow = agentView[index]!;
      expect(agentRow.name).toMatch(/\w+ \w+/);
      expect(row.name).toMatch(/^[A-Z]\. [A-Z]\.$/);
      expect(row.email).toMatch(/^[a-z0-9]\*\*\*@example\.com$/);
      expect(JSON.stringify(row)).not.toContain(agentRow.name!);
    }
  });

  it('refuses a cursor it did not issue', async () => {
    const forged = Buffer.from(JSON.stringify(["1' or 1=1", 'x'])).toString('base64url');
    const response = await call(tierCustomers as Handler, {
      path: `/api/analytics/segmentation/customers?cursor=${forged}`,
      cookie: cookies.agent,
    });
    expect(response.status).toBe(400);
    expect((await problemOf(response)).errors).toEqual([{ field: 'query.cursor', message: 'Not a cursor returned by this API.' }]);
  });

  describe('CSV export', () => {
    const download = (query: string, cookie = cookies.agent!) =>
      call(exportRoute as Handler, { path: `/api/analytics/segmentation/export?${query}`, cookie });

    it('streams the drill-down view as CSV, in the same order, and records the export', async () => {
      const response = await download('tier=entry&sort=premium');
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="customers-entry-\d{4}-\d{2}-\d{2}\.csv"$/);
      const lines = (await response.text()).trimEnd().split('\r\n');
      expect(lines[0]).toBe(
        'customer_id,customer_name,email,phone,customer_type,tier,annual_premium,distinct_lines,tenure_years,next_renewal_date',
      );
      const listed = await all('tier=entry&sort=premium', 25);
      expect(lines.slice(1).map((line) => line.split(',')[0]!.replace(/^'/, ''))).toEqual(listed.map((r) => r.externalId));
      // PII in full for an agent.
      expect(lines.slice(1).join('\n')).toContain(listed.find((r) => r.name && !r.name.startsWith('='))!.name!);
      const [audit] = await test.db.query<{ actor_id: string; details: { rows: number; completed: boolean; filters: { tier: string } } }>(
        `select actor_id, details from audit_events where action = 'export' order by id desc limit 1`,
      );
      expect(audit).toMatchObject({
        actor_id: userIdOf(USERS.agent),
        details: { rows: listed.length, completed: true, filters: { tier: 'entry' } },
      });
      expect(JSON.stringify(audit)).not.toMatch(/@example\.com/);
    });

    it('neutralizes cells that a spreadsheet would run as formulas', async () => {
      const text = await (await download('search=%40SUM')).text();
      const row = text.trimEnd().split('\r\n')[1]!;
      expect(row).toBe(
        `'@SUM(A1),"'=HYPERLINK(""http://evil.test"",""x"")",'+evil@example.com,'-1 555 0100,individual,entry,10.00,1,0.49,`,
      );
    });

    it('is refused to a viewer', async () => {
      const response = await download('tier=entry', cookies.viewer);
      expect(response.status).toBe(403);
    });
  });
});
