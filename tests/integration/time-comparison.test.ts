import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { GET as summaryRoute } from '@/app/api/analytics/segmentation/route';
import { GET as trendsRoute } from '@/app/api/analytics/segmentation/trends/route';
import { refreshAgency } from '@/lib/segmentation/refresh';
import { createSeededDatabase, testBackend, type TestDatabase } from '../helpers/database';
import { DEMO_AGENCY_ID, resetRateLimits, SECOND_AGENCY_ID, USERS } from '../helpers/fixtures';
import { call, problemOf, signIn } from '../helpers/http';
import { EXPECTED, loadTimeBook, TODAY, YEAR_AGO } from '../helpers/time-book';

/**
 * SPEC §11's comparison (GET /api/analytics/segmentation?compareTo=) and trends (…/trends) on the
 * hand-computed book of tests/helpers/time-book.ts, to the cent; bad input is a 400 naming the
 * field; an agency without history gets an empty state that says how to backfill.
 */
describe(`comparison and trends on ${testBackend()}`, () => {
  let test: TestDatabase;
  let secondOwner: string;
  let demoViewer: string;

  const get = async (route: typeof summaryRoute, path: string, cookie: string) => {
    const response = await call(route, { path, cookie });
    return { status: response.status, body: response.status === 200 ? await response.json() : await problemOf(response) };
  };
  const summary = (query: string, cookie = secondOwner) => get(summaryRoute, `/api/analytics/segmentation${query}`, cookie);
  const trends = (query: string, cookie = secondOwner) => get(trendsRoute, `/api/analytics/segmentation/trends${query}`, cookie);

  beforeAll(async () => {
    test = await createSeededDatabase({ customers: 10 });
    secondOwner = await signIn(USERS.outsider);
    demoViewer = await signIn(USERS.viewer);
  });
  beforeEach(() => resetRateLimits(test.db));
  afterAll(() => test.drop());

  describe('an agency without customers (demo data)', () => {
    it('says the demo figures have no history, for a period and for any date alike, never an error', async () => {
      for (const compareTo of ['30d', 'year', '2020-01-01']) {
        const { status, body } = await summary(`?compareTo=${compareTo}`);
        expect(status, compareTo).toBe(200);
        expect(body.dataMode).toBe('demo');
        expect(body.comparison).toBeNull();
        expect(body.comparisonUnavailable).toEqual({ reason: 'demo-data', message: expect.stringContaining('demo figures') });
      }
      const { status, body } = await trends('?months=36');
      expect(status).toBe(200);
      expect(body).toEqual({ dataMode: 'demo', months: 36, points: [], empty: { reason: 'demo-data', message: expect.any(String) } });
    });

    it('leaves the summary as it was when no comparison is asked for', async () => {
      const { body } = await summary('');
      expect(body).not.toHaveProperty('comparison');
      expect(body).not.toHaveProperty('comparisonUnavailable');
    });
  });

  describe('the hand-computed book', () => {
    beforeAll(() => loadTimeBook(test.db, SECOND_AGENCY_ID));

    /**
     * YEAR_AGO → TODAY, by hand from the book's table (EXPECTED.tiers holds each side):
     *   customers  elite 1 → 2, premium 3 → 1 (T-B left, T-E rose), standard 1 → 1 (T-D came back), entry 1 → 1 (T-C left, T-F came)
     *   premium    elite 15,000 → 19,100; premium 14,500 → 3,100; standard 1,600 → 1,700; entry 800 → 900; all 31,900 → 24,800
     *   shares of customers then ÷ 6, now ÷ 5; of premium then ÷ 31,900, now ÷ 24,800 (each rounded to 4 decimals)
     *   avg premium: premium tier then 14,500 / 3 = 4,833.33, now 3,100; all then 31,900 / 6 = 5,316.67, now 4,960
     */
    const EXPECTED_SEGMENTS = [
      {
        tier: 'elite',
        customers: { then: 1, change: 1, changeRatio: 1 },
        annualPremium: { then: EXPECTED.tiers[YEAR_AGO].elite.premium, change: '4100.00', changeRatio: 0.2733 },
        shareOfCustomers: { then: 0.1667, change: 0.2333 }, // 1/6 → 2/5
        shareOfPremium: { then: 0.4702, change: 0.3 }, // 15,000/31,900 → 19,100/24,800 = 0.7702
        avgPremium: { then: '15000.00', change: '-5450.00', changeRatio: -0.3633 }, // → 19,100 / 2 = 9,550
      },
      {
        tier: 'premium',
        customers: { then: 3, change: -2, changeRatio: -0.6667 },
        annualPremium: { then: EXPECTED.tiers[YEAR_AGO].premium.premium, change: '-11400.00', changeRatio: -0.7862 },
        shareOfCustomers: { then: 0.5, change: -0.3 }, // 3/6 → 1/5
        shareOfPremium: { then: 0.4545, change: -0.3295 }, // 14,500/31,900 → 3,100/24,800 = 0.125
        avgPremium: { then: '4833.33', change: '-1733.33', changeRatio: -0.3586 }, // -1,733.33 / 4,833.33 = -0.35862
      },
      {
        tier: 'standard',
        customers: { then: 1, change: 0, changeRatio: 0 },
        annualPremium: { then: EXPECTED.tiers[YEAR_AGO].standard.premium, change: '100.00', changeRatio: 0.0625 },
        shareOfCustomers: { then: 0.1667, change: 0.0333 }, // 1/6 → 1/5
        shareOfPremium: { then: 0.0502, change: 0.0183 }, // 1,600/31,900 → 1,700/24,800 = 0.0685
        avgPremium: { then: '1600.00', change: '100.00', changeRatio: 0.0625 },
      },
      {
        tier: 'entry',
        customers: { then: 1, change: 0, changeRatio: 0 },
        annualPremium: { then: EXPECTED.tiers[YEAR_AGO].entry.premium, change: '100.00', changeRatio: 0.125 },
        shareOfCustomers: { then: 0.1667, change: 0.0333 },
        shareOfPremium: { then: 0.0251, change: 0.0112 }, // 800/31,900 → 900/24,800 = 0.0363
        avgPremium: { then: '800.00', change: '100.00', changeRatio: 0.125 },
      },
    ];
    /**
     * Totals: policies in force then A 2, B 1, C 1, D 1, E 1, H 2 = 8; now A 2, D 1, E 3, F 1, H 1 = 8.
     * Lines then 8 / 6 = 1.33, now 8 / 5 = 1.6. Cross-sell (Elite or Premium with one line) then
     * B and E, now H. Inactive then none, now B and C. YEAR_AGO was backfilled: no renewal watch.
     */
    const EXPECTED_TOTALS = {
      customers: { then: 6, change: -1, changeRatio: -0.1667 },
      inactiveCustomers: { then: EXPECTED.tiers[YEAR_AGO].inactive, change: 2, changeRatio: null },
      policies: { then: 8, change: 0, changeRatio: 0 },
      annualPremium: { then: '31900.00', change: '-7100.00', changeRatio: -0.2226 },
      avgPremium: { then: '5316.67', change: '-356.67', changeRatio: -0.0671 },
      avgLinesPerCustomer: { then: 1.33, change: 0.27 },
      crossSellOpportunities: { then: 2, change: -1, changeRatio: -0.5 },
      renewalWatch: null,
    };

    it('compares every tier and total with the same day last year, to the cent, by date and by `year` alike', async () => {
      for (const compareTo of [YEAR_AGO, 'year']) {
        const { status, body } = await summary(`?compareTo=${compareTo}`);
        expect(status, compareTo).toBe(200);
        expect(body.asOf).toBe(TODAY);
        expect(body.comparison).toEqual({
          compareTo,
          asOf: YEAR_AGO,
          source: 'backfill',
          totals: EXPECTED_TOTALS,
          segments: EXPECTED_SEGMENTS,
        });
        // The summary's own fields are unchanged by the comparison.
        expect(body.segments.map((s: { count: number }) => s.count)).toEqual([2, 1, 1, 1]);
        expect(body).not.toHaveProperty('comparisonUnavailable');
      }
    });

    it('resolves 30d and month-end to the latest snapshot on or before them', async () => {
      // TODAY − 30 days = 2026-05-31, a backfilled month-end; the month-end before TODAY's month is the same day.
      for (const compareTo of ['30d', 'month-end']) {
        const { body } = await summary(`?compareTo=${compareTo}`);
        expect(body.comparison.asOf, compareTo).toBe('2026-05-31');
        // Nothing changed in June: every change is zero.
        expect(body.comparison.segments.map((s: { customers: { change: number } }) => s.customers.change)).toEqual([0, 0, 0, 0]);
        expect(body.comparison.totals.annualPremium).toEqual({ then: '24800.00', change: '0.00', changeRatio: 0 });
      }
      // T-B left in February: against the January month-end, Premium lost it (6,000) and T-E's rise.
      const { body } = await summary('?compareTo=2026-01-31');
      expect(body.comparison.segments[1]).toMatchObject({
        tier: 'premium',
        customers: { then: 3, change: -2 },
        annualPremium: { then: '15800.00', change: '-12700.00' },
      });
    });

    it('refuses an unknown period, a day without a snapshot and a date outside the history, naming the field', async () => {
      const cases: [string, string][] = [
        ['last-week', 'Use a date (YYYY-MM-DD) or one of 30d, month-end, year.'],
        ['2026-02-30', 'Use a date (YYYY-MM-DD) or one of 30d, month-end, year.'],
        ['2026-06-15', 'No snapshot was taken on 2026-06-15. The history holds snapshots from 2025-04-30 to 2026-06-30.'],
        ['2020-01-31', 'No snapshot was taken on 2020-01-31. The history holds snapshots from 2025-04-30 to 2026-06-30.'],
      ];
      for (const [compareTo, message] of cases) {
        const { status, body } = await summary(`?compareTo=${compareTo}`);
        expect(status, compareTo).toBe(400);
        expect(body.errors, compareTo).toEqual([{ field: 'query.compareTo', message }]);
      }
    });

    /**
     * Month by month, by hand from the book's table (customers / premium per tier at each month-end;
     * the last month is TODAY's refresh):
     *   A premium all along (3,000; 3,100 from the September rewrite); B premium 6,000 until it
     *   left in February; C entry 800 until its expiry in November; D standard 1,600 until its
     *   August cancellation, back in March at 1,700; E premium 5,500, 6,700 from January, elite
     *   7,100 from April; F entry 900 from October; H elite 15,000, 12,000 from December (BOP ended).
     */
    const MONTHS: [string, string, [number, string][]][] = [
      // month, asOf, [elite, premium, standard, entry] as [customers, premium]
      [
        '2025-05',
        '2025-05-31',
        [
          [1, '15000.00'],
          [3, '14500.00'],
          [1, '1600.00'],
          [1, '800.00'],
        ],
      ],
      [
        '2025-06',
        '2025-06-30',
        [
          [1, '15000.00'],
          [3, '14500.00'],
          [1, '1600.00'],
          [1, '800.00'],
        ],
      ],
      [
        '2025-07',
        '2025-07-31',
        [
          [1, '15000.00'],
          [3, '14500.00'],
          [1, '1600.00'],
          [1, '800.00'],
        ],
      ],
      [
        '2025-08',
        '2025-08-31',
        [
          [1, '15000.00'],
          [3, '14500.00'],
          [0, '0.00'],
          [1, '800.00'],
        ],
      ],
      [
        '2025-09',
        '2025-09-30',
        [
          [1, '15000.00'],
          [3, '14600.00'],
          [0, '0.00'],
          [1, '800.00'],
        ],
      ],
      [
        '2025-10',
        '2025-10-31',
        [
          [1, '15000.00'],
          [3, '14600.00'],
          [0, '0.00'],
          [2, '1700.00'],
        ],
      ],
      [
        '2025-11',
        '2025-11-30',
        [
          [1, '15000.00'],
          [3, '14600.00'],
          [0, '0.00'],
          [1, '900.00'],
        ],
      ],
      [
        '2025-12',
        '2025-12-31',
        [
          [1, '12000.00'],
          [3, '14600.00'],
          [0, '0.00'],
          [1, '900.00'],
        ],
      ],
      [
        '2026-01',
        '2026-01-31',
        [
          [1, '12000.00'],
          [3, '15800.00'],
          [0, '0.00'],
          [1, '900.00'],
        ],
      ],
      [
        '2026-02',
        '2026-02-28',
        [
          [1, '12000.00'],
          [2, '9800.00'],
          [0, '0.00'],
          [1, '900.00'],
        ],
      ],
      [
        '2026-03',
        '2026-03-31',
        [
          [1, '12000.00'],
          [2, '9800.00'],
          [1, '1700.00'],
          [1, '900.00'],
        ],
      ],
      [
        '2026-04',
        '2026-04-30',
        [
          [2, '19100.00'],
          [1, '3100.00'],
          [1, '1700.00'],
          [1, '900.00'],
        ],
      ],
      [
        '2026-05',
        '2026-05-31',
        [
          [2, '19100.00'],
          [1, '3100.00'],
          [1, '1700.00'],
          [1, '900.00'],
        ],
      ],
      [
        '2026-06',
        TODAY,
        [
          [2, '19100.00'],
          [1, '3100.00'],
          [1, '1700.00'],
          [1, '900.00'],
        ],
      ],
    ];
    const TIER_NAMES = ['elite', 'premium', 'standard', 'entry'] as const;
    const cents = (amount: string) => Math.round(Number(amount) * 100);
    const expectedPoint = ([month, asOf, figures]: (typeof MONTHS)[number]) => ({
      month,
      asOf,
      customers: figures.reduce((sum, [customers]) => sum + customers, 0),
      annualPremium: (figures.reduce((sum, [, premium]) => sum + cents(premium), 0) / 100).toFixed(2),
      tiers: Object.fromEntries(TIER_NAMES.map((tier, i) => [tier, { customers: figures[i]![0], annualPremium: figures[i]![1] }])),
    });

    it('gives month-end series per tier over 14 months, with T-B leaving Premium in the month it left', async () => {
      const { status, body } = await trends('?months=14');
      expect(status).toBe(200);
      expect(body).toEqual({ dataMode: 'live', months: 14, points: MONTHS.map(expectedPoint), empty: null });
      const premiumCustomers = body.points.map((point: { tiers: { premium: { customers: number } } }) => point.tiers.premium.customers);
      const left = body.points.findIndex((point: { asOf: string }) => point.asOf === EXPECTED.monthBLeft);
      expect(premiumCustomers[left - 1] - premiumCustomers[left]).toBe(1);
      expect(body.points[left].tiers.premium.annualPremium).toBe('9800.00');
      expect(body.points.find((point: { asOf: string }) => point.asOf === YEAR_AGO).tiers).toEqual(
        Object.fromEntries(
          TIER_NAMES.map((tier) => [
            tier,
            { customers: EXPECTED.tiers[YEAR_AGO][tier].customers, annualPremium: EXPECTED.tiers[YEAR_AGO][tier].premium },
          ]),
        ),
      );
    });

    it('counts months back from the latest snapshot: 12 by default, at most the history there is', async () => {
      expect((await trends('')).body.points.map((point: { month: string }) => point.month)).toEqual(MONTHS.slice(2).map(([m]) => m));
      expect((await trends('?months=1')).body.points.map((point: { asOf: string }) => point.asOf)).toEqual([TODAY]);
      const all = (await trends('?months=36')).body;
      expect(all.points).toHaveLength(15);
      expect(all.points[0]).toMatchObject({ month: '2025-04', asOf: '2025-04-30' });
    });

    it('refuses months outside 1–36 or not a whole number, naming the field', async () => {
      for (const months of ['0', '37', '1.5', 'twelve', '-3']) {
        const { status, body } = await trends(`?months=${months}`);
        expect(status, months).toBe(400);
        expect(
          body.errors.map((error: { field: string }) => error.field),
          months,
        ).toEqual(['query.months']);
      }
      expect((await trends('?months=37')).body.errors[0].message).toBe('Must be from 1 to 36 months: the history reaches 36 months back.');
    });

    it('takes the latest snapshot of the month in progress', async () => {
      await refreshAgency(SECOND_AGENCY_ID, { mode: 'recent', asOf: '2026-07-01' }, test.db);
      await refreshAgency(SECOND_AGENCY_ID, { mode: 'recent', asOf: '2026-07-09' }, test.db);
      const { body } = await trends('?months=2');
      expect(body.points.map((point: { asOf: string }) => point.asOf)).toEqual([TODAY, '2026-07-09']);
      // 30 days before 2026-07-09 is 2026-06-09: the latest snapshot on or before it is 2026-05-31.
      expect((await summary('?compareTo=30d')).body.comparison.asOf).toBe('2026-05-31');
    });
  });

  describe('a live agency with one snapshot, then none', () => {
    it('says when a period reaches before the history, with how to backfill, instead of an error', async () => {
      // Demo Agency refreshed once, on 2026-06-30, without the seed's backfilled months: its whole history.
      await test.db.query('delete from insight_refresh_days where agency_id = $1 and as_of <> $2', [DEMO_AGENCY_ID, '2026-06-30']);
      const { status, body } = await summary('?compareTo=year', demoViewer);
      expect(status).toBe(200);
      expect(body.comparison).toBeNull();
      expect(body.comparisonUnavailable).toEqual({
        reason: 'before-history',
        message:
          'Same day last year (2025-06-30) is before the history, which starts on 2026-06-30. An owner or admin can compute month-end ' +
          'history from policy dates, up to 36 months back: “Compute history” on the dashboard, or npm run insights:backfill -- --agency demo-agency.',
      });
      expect((await trends('', demoViewer)).body.points.map((point: { asOf: string }) => point.asOf)).toEqual(['2026-06-30']);
    });

    it('gives an empty trend and no comparison, each saying how to backfill', async () => {
      // Demo Agency's book as it is right after an import, before any refresh: customers, no snapshot.
      for (const table of ['insight_refresh_days', 'customer_segment_totals', 'agency_insight_summaries']) {
        await test.db.query(`delete from ${table} where agency_id = $1`, [DEMO_AGENCY_ID]);
      }
      const { body: trend } = await trends('', demoViewer);
      expect(trend).toEqual({
        dataMode: 'live',
        months: 12,
        points: [],
        empty: { reason: 'no-history', message: expect.stringContaining('npm run insights:backfill -- --agency demo-agency') },
      });
      const { status, body } = await summary('?compareTo=30d', demoViewer);
      expect(status).toBe(200);
      expect(body.comparison).toBeNull();
      expect(body.comparisonUnavailable.reason).toBe('no-history');
    });

    it('still refuses a date that is no snapshot day, saying there is no history', async () => {
      const { status, body } = await summary('?compareTo=2026-06-30', demoViewer);
      expect(status).toBe(400);
      expect(body.errors).toEqual([{ field: 'query.compareTo', message: 'No snapshot was taken on 2026-06-30. There is no history yet.' }]);
    });
  });
});
