import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { GET as moversRoute } from '@/app/api/analytics/segmentation/movers/route';
import { GET as exportRoute } from '@/app/api/analytics/segmentation/movers/export/route';
import { listMovers, MOVER_SORTS, type MoverDirection } from '@/lib/customers/movers';
import { prepareDefaultMovers } from '@/lib/customers/use-cases/movers';
import { asUser, type SqlParam } from '@/lib/db';
import { listSnapshotDays, resolvePeriod } from '@/lib/segmentation/snapshot-days';
import { storedPii } from '@/lib/pii/cipher';
import { refreshAgency } from '@/lib/segmentation/refresh';
import { VALUED_TIERS } from '@/lib/segmentation/policy';
import { TIERS } from '@/lib/segmentation/tiers';
import { createSeededDatabase, testBackend, type TestDatabase } from '../helpers/database';
import { DEMO_AGENCY_ID, resetRateLimits, SECOND_AGENCY_ID, USERS, userIdOf } from '../helpers/fixtures';
import { call, problemOf, signIn } from '../helpers/http';
import { EXPECTED, loadTimeBook, TODAY, YEAR_AGO } from '../helpers/time-book';

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;
interface Row {
  id: string;
  externalId: string;
  name: string | null;
  email: string | null;
  from: string;
  to: string;
  premiumFrom: string;
  premiumTo: string;
  premiumMoved: string;
}
interface Page {
  from: string | null;
  to: string | null;
  fromPeriod: string | null;
  days: string[];
  movers: Row[];
  nextCursor: string | null;
  total: { customers: number; premiumMoved: string };
}

const PEOPLE = {
  'T-B': { name: 'Beatrix Bramble', email: 'beatrix@example.com', phone: '555 0102' },
  'T-E': { name: 'Elmer Eastwood', email: 'elmer@example.com', phone: '555 0105' },
};
const figures = ({ externalId, from, to, premiumFrom, premiumTo }: Row) => ({ externalId, from, to, premiumFrom, premiumTo });

/**
 * Movers (SPEC §11) on the hand-computed book (tests/helpers/time-book.ts) in Second Agency, and
 * on a history written here for Demo Agency to page through.
 */
describe(`movers on ${testBackend()}`, () => {
  let test: TestDatabase;
  const cookies: Record<string, string> = {};

  const get = async (query: string, cookie = cookies.owner!, agencyId = SECOND_AGENCY_ID) => {
    const response = await call(moversRoute as Handler, { path: `/api/analytics/segmentation/movers?${query}`, cookie, agencyId });
    expect(response.status, await response.clone().text()).toBe(200);
    return (await response.json()) as Page;
  };
  const refused = async (handler: Handler, path: string) => {
    const response = await call(handler, { path, cookie: cookies.owner, agencyId: SECOND_AGENCY_ID });
    expect(response.status).toBe(400);
    return (await problemOf(response)).errors;
  };

  beforeAll(async () => {
    test = await createSeededDatabase({ customers: 40 });
    await loadTimeBook(test.db, SECOND_AGENCY_ID);
    for (const [externalId, person] of Object.entries(PEOPLE)) {
      const sealed = storedPii(person, 'customer', SECOND_AGENCY_ID);
      await test.db.query(
        `update customers set pii_key_id = $3, pii_ciphertext = $4, email_blind_index = $5, pii_digest = $6
         where agency_id = $1 and external_id = $2`,
        [SECOND_AGENCY_ID, externalId, sealed.keyId, sealed.ciphertext, sealed.emailIndex, sealed.digest],
      );
    }
    // Demo Agency's viewer also views Second Agency.
    await test.db.query(`insert into agency_members (agency_id, user_id, role) values ($1, $2, 'viewer')`, [
      SECOND_AGENCY_ID,
      userIdOf(USERS.viewer),
    ]);
    cookies.owner = await signIn(USERS.outsider);
    cookies.viewer = await signIn(USERS.viewer);
    cookies.agent = await signIn(USERS.agent);
  });
  beforeEach(() => resetRateLimits(test.db));
  afterAll(() => test.drop());

  it('lists who left Elite or Premium over the year, and who rose, to the cent', async () => {
    const down = await get(`direction=down&from=${YEAR_AGO}&to=${TODAY}`);
    expect(down).toMatchObject({ from: YEAR_AGO, to: TODAY, fromPeriod: null, nextCursor: null });
    expect(down.movers.map(figures)).toEqual(EXPECTED.movers.down);
    expect(down.movers.map((row) => row.premiumMoved)).toEqual(['-6000.00']);
    expect(down.total).toEqual({ customers: 1, premiumMoved: '-6000.00' });

    const up = await get(`direction=up&from=${YEAR_AGO}&to=${TODAY}`);
    expect(up.movers.map(figures)).toEqual(EXPECTED.movers.up);
    expect(up.movers.map((row) => row.premiumMoved)).toEqual(['1600.00']);
    expect(up.total).toEqual({ customers: 1, premiumMoved: '1600.00' });
    // The same year as a named period.
    expect((await get('direction=down&from=year')).movers.map(figures)).toEqual(EXPECTED.movers.down);
  });

  it('finds who moved in a shorter period: the month T-B left, and the two months T-E rose in', async () => {
    // T-B: home 6,000 cancelled 2026-02-10, so Premium on 2026-01-31 and no policy in force on 2026-02-28.
    const left = await get(`direction=down&from=2026-01-31&to=${EXPECTED.monthBLeft}`);
    expect(left.movers.map(figures)).toEqual([
      { externalId: 'T-B', from: 'premium', to: 'inactive', premiumFrom: '6000.00', premiumTo: '0.00' },
    ]);
    expect((await get(`direction=up&from=2026-01-31&to=${EXPECTED.monthBLeft}`)).movers).toEqual([]);
    // T-E on 2026-02-28: home 5,500 + auto 1,200 (from 2026-01-15) = 6,700 on two lines, Premium; on
    // 2026-04-30 the umbrella (400, from 2026-04-01) makes 7,100 on three lines, Elite (5,000 on three).
    // T-D came back in that time (no policy in force → Standard): a return, not a rise.
    const rose = await get(`direction=up&from=${EXPECTED.monthBLeft}&to=${EXPECTED.monthERose}`);
    expect(rose.movers.map(figures)).toEqual([
      { externalId: 'T-E', from: 'premium', to: 'elite', premiumFrom: '6700.00', premiumTo: '7100.00' },
    ]);
    expect((await get(`direction=down&from=${EXPECTED.monthBLeft}&to=${EXPECTED.monthERose}`)).movers).toEqual([]);
  });

  it('looks at the last 30 days by default, where the refresh wrote rows but nobody moved', async () => {
    const page = await get('direction=down');
    expect(page).toMatchObject({ from: '2026-05-31', to: TODAY, fromPeriod: '30d', movers: [] });
    expect(page.total).toEqual({ customers: 0, premiumMoved: '0.00' });
  });

  it('lists, for every pair of snapshot days, exactly who a comparison of every customer finds', async () => {
    const days = (
      await test.db.query<{ as_of: string }>('select as_of::text from insight_refresh_days where agency_id = $1 order by as_of', [
        SECOND_AGENCY_ID,
      ])
    ).map((row) => row.as_of);
    // Ranks as SPEC §5 orders the tiers; no policy in force below them all.
    const rank = (tier: string | null) => (tier === null ? TIERS.length + 1 : TIERS.indexOf(tier as never) + 1);
    const moved = (direction: MoverDirection, from: string | null, to: string | null) =>
      direction === 'down'
        ? (VALUED_TIERS as readonly string[]).includes(from ?? '') && rank(to) > rank(from)
        : from !== null && to !== null && rank(to) < rank(from);
    let found = 0;
    for (const [i, from] of days.entries()) {
      for (const to of days.slice(i)) {
        const everyone = await test.db.query<{ external_id: string; f: string | null; t: string | null }>(
          `select c.external_id, f.tier::text as f, t.tier::text as t
           from private.history_states_on($1, $2) f join private.history_states_on($1, $3) t using (customer_id)
           join customers c on c.id = f.customer_id`,
          [SECOND_AGENCY_ID, from, to],
        );
        for (const direction of ['down', 'up'] as const) {
          const expected = everyone.filter((row) => moved(direction, row.f, row.t)).map((row) => row.external_id);
          const listed = await listMovers(test.db, SECOND_AGENCY_ID, {
            from,
            to,
            direction,
            sort: 'customer',
            limit: 100,
            canSeePii: false,
          });
          expect(
            listed.movers.map((row) => row.externalId),
            `${direction} ${from} → ${to}`,
          ).toEqual(expected.sort());
          found += expected.length;
        }
      }
    }
    expect(found).toBeGreaterThan(20);
  });

  it('shows names and emails to the owner and masks them for a viewer, as the drill-down does', async () => {
    const [owner] = (await get(`direction=down&from=${YEAR_AGO}&to=${TODAY}`)).movers;
    expect(owner).toMatchObject({ externalId: 'T-B', name: PEOPLE['T-B'].name, email: PEOPLE['T-B'].email });
    const viewer = await get(`direction=down&from=${YEAR_AGO}&to=${TODAY}`, cookies.viewer);
    expect(viewer.movers.map(figures)).toEqual(EXPECTED.movers.down);
    expect(viewer.movers[0]).toMatchObject({ name: 'B. B.', email: 'b***@example.com' });
    expect(JSON.stringify(viewer)).not.toMatch(/Beatrix|Bramble|beatrix@/);
  });

  describe('CSV export', () => {
    const download = (query: string, cookie = cookies.owner!) =>
      call(exportRoute as Handler, { path: `/api/analytics/segmentation/movers/export?${query}`, cookie, agencyId: SECOND_AGENCY_ID });

    it('streams the list as CSV in the same order, and records the export like the drill-down does', async () => {
      const response = await download(`direction=down&from=${YEAR_AGO}&to=${TODAY}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      expect(response.headers.get('content-disposition')).toBe(`attachment; filename="movers-at-risk-${YEAR_AGO}-to-${TODAY}.csv"`);
      expect((await response.text()).split('\r\n')).toEqual([
        'customer_id,customer_name,email,phone,tier_from,tier_to,premium_from,premium_to,premium_moved',
        // A negative amount stays a number (only text that could run as a formula is neutralized).
        'T-B,Beatrix Bramble,beatrix@example.com,555 0102,premium,inactive,6000.00,0.00,-6000.00',
        '',
      ]);
      const [audit] = await test.db.query<{ agency_id: string; actor_id: string; action: string; details: Record<string, unknown> }>(
        `select agency_id, actor_id, action, details from audit_events order by id desc limit 1`,
      );
      expect(audit).toMatchObject({
        agency_id: SECOND_AGENCY_ID,
        actor_id: userIdOf(USERS.outsider),
        action: 'export',
        details: { filters: { list: 'movers', direction: 'down', from: YEAR_AGO, to: TODAY, sort: 'moved' }, rows: 1, completed: true },
      });
      expect(JSON.stringify(audit)).not.toMatch(/Beatrix|beatrix@/);

      const rising = await (await download(`direction=up&from=${YEAR_AGO}&to=${TODAY}&sort=customer`)).text();
      expect(rising.split('\r\n')[1]).toBe('T-E,Elmer Eastwood,elmer@example.com,555 0105,premium,elite,5500.00,7100.00,1600.00');
    });

    it('is refused to a viewer, like the drill-down export', async () => {
      const response = await download(`direction=down&from=${YEAR_AGO}&to=${TODAY}`, cookies.viewer);
      expect(response.status).toBe(403);
      expect((await problemOf(response)).detail).toBe('Your role (viewer) does not allow this.');
    });

    it('refuses days it cannot read before sending a byte', async () => {
      expect(
        await refused(exportRoute as Handler, `/api/analytics/segmentation/movers/export?direction=down&from=${TODAY}&to=${YEAR_AGO}`),
      ).toEqual([{ field: 'query.from', message: 'Must be on or before "to".' }]);
    });
  });

  it('answers bad input with a 400 naming each field', async () => {
    const path = (query: string) => `/api/analytics/segmentation/movers?${query}`;
    const direction = {
      field: 'query.direction',
      message: 'Use down (customers who left Elite or Premium) or up (customers who rose a tier).',
    };
    expect(await refused(moversRoute as Handler, path(''))).toEqual([direction]);
    expect(await refused(moversRoute as Handler, path('direction=sideways'))).toEqual([direction]);
    expect(await refused(moversRoute as Handler, path('direction=down&from=2026-13-45'))).toEqual([
      { field: 'query.from', message: 'Use a date (YYYY-MM-DD) or one of 30d, month-end, year.' },
    ]);
    expect(await refused(moversRoute as Handler, path('direction=down&from=2026-06-15'))).toEqual([
      { field: 'query.from', message: 'No snapshot was taken on 2026-06-15. The history holds snapshots from 2025-04-30 to 2026-06-30.' },
    ]);
    expect(await refused(moversRoute as Handler, path(`direction=up&from=${TODAY}&to=${YEAR_AGO}`))).toEqual([
      { field: 'query.from', message: 'Must be on or before "to".' },
    ]);
    expect(await refused(moversRoute as Handler, path('direction=up&to=2031-01-31'))).toEqual([
      { field: 'query.to', message: 'No snapshot was taken on 2031-01-31. The history holds snapshots from 2025-04-30 to 2026-06-30.' },
    ]);
    expect(await refused(moversRoute as Handler, path('direction=up&sort=shoe-size'))).toEqual([
      { field: 'query.sort', message: 'Sort by one of: moved, premiumFrom, premiumTo, customer.' },
    ]);
    expect(await refused(moversRoute as Handler, path('direction=up&limit=0'))).toEqual([
      { field: 'query.limit', message: expect.any(String) },
    ]);
    const forged = Buffer.from(JSON.stringify(["1' or 1=1", 'x'])).toString('base64url');
    expect(await refused(moversRoute as Handler, path(`direction=up&cursor=${forged}`))).toEqual([
      { field: 'query.cursor', message: 'Not a cursor returned by this API.' },
    ]);
  });

  it('lists the movers anew when the history is written again for the same days', async () => {
    const before = await get(`direction=down&from=${YEAR_AGO}&to=${TODAY}`);
    expect(before.movers.map((row) => row.externalId)).toEqual(['T-B']);
    // T-A's home policy (2,000) is cancelled on 2026-06-15 and the day is refreshed again: on TODAY
    // T-A holds auto 1,100 alone, Entry, down from Premium (3,000).
    await test.db.query(
      `update policies set status = 'cancelled', cancellation_date = '2026-06-15' where agency_id = $1 and external_id = 'TA-3'`,
      [SECOND_AGENCY_ID],
    );
    await refreshAgency(SECOND_AGENCY_ID, { mode: 'recent', asOf: TODAY }, test.db);
    const after = await get(`direction=down&from=${YEAR_AGO}&to=${TODAY}`);
    expect(after.movers.map(figures)).toEqual([
      ...EXPECTED.movers.down,
      { externalId: 'T-A', from: 'premium', to: 'entry', premiumFrom: '3000.00', premiumTo: '1100.00' },
    ]);
    expect(after.total).toEqual({ customers: 2, premiumMoved: '-7900.00' });
    await test.db.query(`update policies set status = 'active', cancellation_date = null where agency_id = $1 and external_id = 'TA-3'`, [
      SECOND_AGENCY_ID,
    ]);
    await refreshAgency(SECOND_AGENCY_ID, { mode: 'recent', asOf: TODAY }, test.db);
    expect((await get(`direction=down&from=${YEAR_AGO}&to=${TODAY}`)).movers.map(figures)).toEqual(EXPECTED.movers.down);
  });

  it("has the default period's movers ready after a refresh, so the first visit does not compute them", async () => {
    // Whether reading the default period's first page (at risk, then rising) had to compute the list from the history.
    const firstPageComputes = () =>
      // As the agency's owner, as the list route reads it.
      asUser({ sub: userIdOf(USERS.outsider), email: USERS.outsider, role: 'authenticated' }, async (tx) => {
        const statements: string[] = [];
        const recorded = new Proxy(tx, {
          get: (target, key) =>
            key === 'query'
              ? (sql: string, params?: SqlParam[]) => (statements.push(sql), target.query(sql, params))
              : Reflect.get(target, key),
        });
        const { from, to } = resolvePeriod(await listSnapshotDays(tx, SECOND_AGENCY_ID), {});
        for (const direction of ['down', 'up'] as const)
          await listMovers(recorded, SECOND_AGENCY_ID, { from: from!, to: to!, direction, sort: 'moved', limit: 10, canSeePii: false });
        return statements.some((sql) => sql.includes('from public.customer_tier_history h'));
      });
    // A refresh writes the history again: what was kept is for the version before.
    await refreshAgency(SECOND_AGENCY_ID, { mode: 'recent', asOf: TODAY }, test.db);
    expect(await firstPageComputes()).toBe(true);
    expect(await firstPageComputes()).toBe(false);
    await refreshAgency(SECOND_AGENCY_ID, { mode: 'recent', asOf: TODAY }, test.db);
    await prepareDefaultMovers(SECOND_AGENCY_ID, test.db);
    expect(await firstPageComputes()).toBe(false);
  });

  describe('paging and sorting', () => {
    const D1 = '2026-07-31';
    const D2 = '2026-08-31';
    interface Planned {
      id: string;
      externalId: string;
      from: string;
      to: string;
      premiumFrom: number;
      premiumTo: number;
      direction: MoverDirection;
    }
    const planned: Planned[] = [];

    /**
     * Demo Agency's 40 customers on two more snapshot days, written here: on D1 even ones Elite,
     * odd ones Premium; on D2 the first 24 fall (to Standard, Entry or no policy in force), odd ones
     * of the next 8 rise to Elite while even ones stay Elite with another premium, the rest have
     * no row (unchanged). Premiums repeat, so the order needs its tie-break.
     */
    beforeAll(async () => {
      // Demo Agency as an agency refreshed once, without history: these tests write its history.
      await test.db.query('delete from insight_refresh_days where agency_id = $1 and as_of <> $2', [DEMO_AGENCY_ID, '2026-06-30']);
      await test.db.query('delete from customer_tier_history where agency_id = $1', [DEMO_AGENCY_ID]);
      const customers = await test.db.query<{ id: string; external_id: string }>(
        'select id, external_id from customers where agency_id = $1 order by external_id',
        [DEMO_AGENCY_ID],
      );
      expect(customers.length).toBe(40);
      const rows: [string, string, string | null, number][] = [];
      for (const [i, customer] of customers.entries()) {
        const from = i % 2 === 0 ? 'elite' : 'premium';
        const premiumFrom = 5000 + (i % 6) * 1000;
        rows.push([customer.id, D1, from, premiumFrom]);
        if (i >= 32) continue;
        const to = i < 24 ? (['standard', 'entry', null] as const)[i % 3]! : 'elite';
        const premiumTo = to === null ? 0 : 1000 + (i % 4) * 500;
        rows.push([customer.id, D2, to, premiumTo]);
        if (i < 24 || from === 'premium') {
          const direction = i < 24 ? 'down' : 'up';
          planned.push({
            id: customer.id,
            externalId: customer.external_id,
            from,
            to: to ?? 'inactive',
            premiumFrom,
            premiumTo,
            direction,
          });
        }
      }
      await test.db.query(
        `insert into customer_tier_history (agency_id, customer_id, valid_from, tier, annual_premium)
         select $1, r.customer_id, r.day, r.tier::customer_tier, r.premium
         from jsonb_to_recordset($2::jsonb) as r(customer_id uuid, day date, tier text, premium numeric)`,
        [DEMO_AGENCY_ID, JSON.stringify(rows.map(([customer_id, day, tier, premium]) => ({ customer_id, day, tier, premium })))],
      );
    });

    const pageThrough = async (query: string, limit: number) => {
      const rows: Row[] = [];
      let cursor: string | null = null;
      do {
        const page: Page = await get(`${query}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`, cookies.agent, DEMO_AGENCY_ID);
        expect(page.movers.length).toBeLessThanOrEqual(limit);
        rows.push(...page.movers);
        cursor = page.nextCursor;
      } while (cursor);
      return rows;
    };

    it('says there is no history to compare before the agency has two snapshot days', async () => {
      const page = await get('direction=down', cookies.agent, DEMO_AGENCY_ID);
      expect(page).toMatchObject({ days: ['2026-06-30'], from: '2026-06-30', to: '2026-06-30', movers: [] });
      await test.db.query(`insert into insight_refresh_days (agency_id, as_of) values ($1, $2), ($1, $3)`, [DEMO_AGENCY_ID, D1, D2]);
    });

    it.each(MOVER_SORTS)('pages through every mover once, in %s order', async (sort) => {
      const keys: Record<string, { key: (row: Planned) => number | string; down: 1 | -1; up: 1 | -1 }> = {
        moved: { key: (row) => row.premiumTo - row.premiumFrom, down: 1, up: -1 },
        premiumFrom: { key: (row) => row.premiumFrom, down: -1, up: -1 },
        premiumTo: { key: (row) => row.premiumTo, down: -1, up: -1 },
        customer: { key: (row) => row.externalId, down: 1, up: 1 },
      };
      const compare = (a: number | string, b: number | string) => (a < b ? -1 : a > b ? 1 : 0);
      for (const direction of ['down', 'up'] as const) {
        const { key, [direction]: order } = keys[sort]!;
        const expected = planned
          .filter((row) => row.direction === direction)
          .sort((a, b) => order * (compare(key(a), key(b)) || compare(a.id, b.id)))
          .map((row) => row.externalId);
        expect(expected.length).toBe(direction === 'down' ? 24 : 4);
        const rows = await pageThrough(`direction=${direction}&from=${D1}&to=${D2}&sort=${sort}`, 5);
        expect(rows.map((row) => row.externalId)).toEqual(expected);
      }
    });

    it('refuses a cursor of another sort rather than reading it as an amount', async () => {
      const first = await get(`direction=down&from=${D1}&to=${D2}&sort=customer&limit=3`, cookies.agent, DEMO_AGENCY_ID);
      const response = await call(moversRoute as Handler, {
        path: `/api/analytics/segmentation/movers?direction=down&from=${D1}&to=${D2}&sort=moved&cursor=${first.nextCursor}`,
        cookie: cookies.agent,
        agencyId: DEMO_AGENCY_ID,
      });
      expect(response.status).toBe(400);
      expect((await problemOf(response)).errors).toEqual([{ field: 'query.cursor', message: 'Not a cursor returned by this API.' }]);
    });
  });
});
