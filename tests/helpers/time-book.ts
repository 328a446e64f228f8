import type { Database } from '@/lib/db';
import { backfillAgency } from '@/lib/segmentation/backfill';
import { refreshAgency } from '@/lib/segmentation/refresh';

/**
 * A small book over 14 months, computed by hand (SPEC §11), for the time features' tests:
 * retention, comparison, trends and movers are each checked against the figures below, to the
 * cent. History: month-end snapshots backfilled for the 14 months before TODAY, then the
 * refresh of TODAY (a month-end, so it records retention over the year to it). Default rules.
 *
 * | customer | policies (line, annual premium, in force)                                  | on YEAR_AGO            | on TODAY                 |
 * |----------|-----------------------------------------------------------------------------|------------------------|--------------------------|
 * | T-A      | auto 1,000 2024-01-01 → cancelled 2025-09-15; auto 1,100 from 2025-09-15     | premium 3,000, 2 lines | premium 3,100, 2 lines   |
 * |          | (a rewrite under a new number, same line); home 2,000 from 2024-01-01        |                        | (both lines retained)    |
 * | T-B      | home 6,000 2024-03-01 → cancelled 2026-02-10 (a cancellation with a date)    | premium 6,000, 1 line  | inactive (left)          |
 * | T-C      | auto 800 2024-05-01 → marked expired by a replace import on 2025-11-20       | entry 800, 1 line      | inactive (left)          |
 * | T-D      | auto 1,600 2024-02-01 → cancelled 2025-08-01; auto 1,700 from 2026-03-01     | standard 1,600, 1 line | standard 1,700 (came     |
 * |          | (leaves, comes back)                                                         |                        | back: retained)          |
 * | T-E      | home 5,500 from 2024-06-01; auto 1,200 from 2026-01-15; umbrella 400 from    | premium 5,500, 1 line  | elite 7,100, 3 lines     |
 * |          | 2026-04-01 (cross-sell wins)                                                 |                        |                          |
 * | T-F      | auto 900 from 2025-10-01 (a new customer)                                    | not yet a customer     | entry 900, 1 line        |
 * | T-H      | commercial property 12,000 from 2023-01-01; BOP 3,000 2023-01-01 → expired   | elite 15,000, 2 lines  | elite 12,000, 1 line     |
 * |          | 2025-12-31                                                                   |                        |                          |
 */
export const TODAY = '2026-06-30';
export const YEAR_AGO = '2025-06-30';
export const HISTORY_MONTHS = 14;

export const EXPECTED = {
  /** Per tier on YEAR_AGO and TODAY: customers and premium. */
  tiers: {
    [YEAR_AGO]: {
      elite: { customers: 1, premium: '15000.00' },
      premium: { customers: 3, premium: '14500.00' },
      standard: { customers: 1, premium: '1600.00' },
      entry: { customers: 1, premium: '800.00' },
      inactive: 0,
    },
    [TODAY]: {
      elite: { customers: 2, premium: '19100.00' },
      premium: { customers: 1, premium: '3100.00' },
      standard: { customers: 1, premium: '1700.00' },
      entry: { customers: 1, premium: '900.00' },
      inactive: 2,
    },
  },
  /**
   * Retention over the year to TODAY. Cohort: A, B, C, D, E, H (in force on YEAR_AGO). Retained:
   * A, D (came back), E, H. Lines then 8 (A 2, H 2, B, C, D, E 1 each); kept: A's auto (rewrite) and
   * home, D's auto, E's home, H's property = 5. Premium then 31,900; now A 3,100 + D 1,700 +
   * E 7,100 + H 12,000 = 23,900.
   */
  retention: {
    all: { customersThen: 6, customersRetained: 4, linesThen: 8, linesRetained: 5, premiumThen: '31900.00', premiumNow: '23900.00' },
    'tier:elite': {
      customersThen: 1,
      customersRetained: 1,
      linesThen: 2,
      linesRetained: 1,
      premiumThen: '15000.00',
      premiumNow: '12000.00',
    },
    'tier:premium': {
      customersThen: 3,
      customersRetained: 2,
      linesThen: 4,
      linesRetained: 3,
      premiumThen: '14500.00',
      premiumNow: '10200.00',
    },
    'tier:standard': {
      customersThen: 1,
      customersRetained: 1,
      linesThen: 1,
      linesRetained: 1,
      premiumThen: '1600.00',
      premiumNow: '1700.00',
    },
    'tier:entry': { customersThen: 1, customersRetained: 0, linesThen: 1, linesRetained: 0, premiumThen: '800.00', premiumNow: '0.00' },
    'lines:1': { customersThen: 4, customersRetained: 2, linesThen: 4, linesRetained: 2, premiumThen: '13900.00', premiumNow: '8800.00' },
    'lines:2': { customersThen: 2, customersRetained: 2, linesThen: 4, linesRetained: 3, premiumThen: '18000.00', premiumNow: '15100.00' },
  },
  /** YEAR_AGO → TODAY: who left Elite/Premium (down) and who rose (up), with premium moved. */
  movers: {
    down: [{ externalId: 'T-B', from: 'premium', to: 'inactive', premiumFrom: '6000.00', premiumTo: '0.00' }],
    up: [{ externalId: 'T-E', from: 'premium', to: 'elite', premiumFrom: '5500.00', premiumTo: '7100.00' }],
  },
  /** The month-end T-B left (cancelled 2026-02-10) and T-E rose (umbrella from 2026-04-01). */
  monthBLeft: '2026-02-28',
  monthERose: '2026-04-30',
} as const;

type PolicyRow = [
  customer: string,
  policy: string,
  line: string,
  premium: number,
  effective: string,
  status: string,
  cancellation: string | null,
  expiredOn: string | null,
  expiration: string | null,
];

const POLICIES: PolicyRow[] = [
  ['T-A', 'TA-1', 'Personal Auto', 1000, '2024-01-01', 'cancelled', '2025-09-15', null, null],
  ['T-A', 'TA-2', 'auto', 1100, '2025-09-15', 'active', null, null, null],
  ['T-A', 'TA-3', 'Homeowners', 2000, '2024-01-01', 'active', null, null, null],
  ['T-B', 'TB-1', 'home', 6000, '2024-03-01', 'cancelled', '2026-02-10', null, null],
  ['T-C', 'TC-1', 'auto', 800, '2024-05-01', 'expired', null, '2025-11-20', null],
  ['T-D', 'TD-1', 'auto', 1600, '2024-02-01', 'cancelled', '2025-08-01', null, null],
  ['T-D', 'TD-2', 'auto', 1700, '2026-03-01', 'active', null, null, null],
  ['T-E', 'TE-1', 'home', 5500, '2024-06-01', 'active', null, null, null],
  ['T-E', 'TE-2', 'auto', 1200, '2026-01-15', 'active', null, null, null],
  ['T-E', 'TE-3', 'umbrella', 400, '2026-04-01', 'active', null, null, null],
  ['T-F', 'TF-1', 'auto', 900, '2025-10-01', 'active', null, null, null],
  ['T-H', 'TH-1', 'Commercial Property', 12000, '2023-01-01', 'active', null, null, null],
  ['T-H', 'TH-2', 'BOP', 3000, '2023-01-01', 'expired', null, '2026-03-15', '2025-12-31'],
];

/** Writes the book into an agency (which must hold no customers) and computes its history as described above. */
export async function loadTimeBook(db: Database, agencyId: string): Promise<void> {
  const customers = [...new Set(POLICIES.map(([customer]) => customer))];
  await db.query(`insert into public.customers (agency_id, external_id) select $1, unnest($2::text[])`, [agencyId, customers]);
  await db.query(
    `insert into public.policies (agency_id, customer_id, external_id, line_of_business, annual_premium, effective_date, status,
       cancellation_date, expired_on, expiration_date)
     select $1, c.id, r.policy, r.line, r.premium, r.effective, r.status::public.policy_status, r.cancellation, r.expired_on, r.expiration
     from jsonb_to_recordset($2::jsonb) as r(customer text, policy text, line text, premium numeric, effective date, status text,
       cancellation date, expired_on date, expiration date)
     join public.customers c on c.agency_id = $1 and c.external_id = r.customer`,
    [
      agencyId,
      JSON.stringify(
        POLICIES.map(([customer, policy, line, premium, effective, status, cancellation, expiredOn, expiration]) => ({
          customer,
          policy,
          line,
          premium,
          effective,
          status,
          cancellation,
          expired_on: expiredOn,
          expiration,
        })),
      ),
    ],
  );
  await backfillAgency(agencyId, { months: HISTORY_MONTHS, today: TODAY }, db);
  await refreshAgency(agencyId, { mode: 'recent', asOf: TODAY }, db);
}
