import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '@/lib/db/migrate';
import { backfillMonthEnd } from '@/lib/segmentation/backfill';
import { refreshAgency } from '@/lib/segmentation/refresh';
import { getSegmentationSummary, scoreCustomers } from '@/lib/segmentation/summary';
import {
  addDays,
  centsFromDollars,
  customerMetrics,
  DEFAULT_RULES,
  policyEndsOn,
  LINE_ALIASES,
  RULED_TIERS,
  tierOf,
  TIERS,
  type CustomerInput,
  type PolicyInput,
  type SegmentationPolicy,
  type SegmentationRules,
} from '@/lib/segmentation';
import { createEmptyDatabase, testBackend, type TestDatabase } from '../helpers/database';

/**
 * SPEC §5: TypeScript (assignTier, summarize) and SQL (the insights refresh) must agree on every
 * input. Generated books include premiums exactly on, one cent below and one cent above every
 * threshold, inactive customers, duplicate and oddly written lines, and policies that start,
 * end, lapse or are cancelled on the as-of date; and (SPEC §11) the same on past days.
 */
const AS_OF = '2026-06-30';
const AGENCY_ID = '0a000000-0000-4000-8000-000000000001';

const ruleArb = fc.record({
  minPremium: fc.integer({ min: 0, max: 2_000_000 }).map((cents) => cents / 100),
  minLines: fc.integer({ min: 1, max: 5 }),
});
const tierRulesArb = fc.array(ruleArb, { minLength: 1, maxLength: 4 });
const rulesArb: fc.Arbitrary<SegmentationRules> = fc.oneof(
  fc.constant(DEFAULT_RULES),
  fc.record({ elite: tierRulesArb, premium: tierRulesArb, standard: tierRulesArb }),
);

const RAW_LINES = [
  ...Object.keys(LINE_ALIASES),
  'Personal Auto',
  'PPA',
  'HO-3',
  ' Homeowners ',
  'AUTO',
  "Workers' Comp",
  'Pet',
  'É',
  '—',
  'x  y',
];
const lineArb = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...RAW_LINES) },
  { weight: 1, arbitrary: fc.string({ minLength: 1, maxLength: 12, unit: 'grapheme' }).filter((s) => !s.includes('\u0000')) },
);

/** Edges of every threshold of the rules, in cents: on, one below, one above. */
function edgeCents(rules: SegmentationRules): number[] {
  const thresholds = RULED_TIERS.flatMap((tier) => rules[tier].map((rule) => centsFromDollars(rule.minPremium)));
  return [...new Set(thresholds.flatMap((cents) => [cents - 1, cents, cents + 1]).filter((cents) => cents >= 0))];
}

const dateCaseArb = fc.record({
  effectiveOffset: fc.constantFrom(-400, -30, 0, 1),
  expirationOffset: fc.constantFrom(null, -1, 0, 1, 300),
  status: fc.constantFrom('active', 'active', 'active', 'cancelled', 'expired') as fc.Arbitrary<PolicyInput['status']>,
  // SPEC §11's dates: a cancellation (kept only when on or after the effective date, as the import
  // requires) and the day an import marked the policy expired.
  cancellationOffset: fc.constantFrom(null, null, -200, -31, -30, -1, 0, 1, 90),
  expiredOnOffset: fc.constantFrom(null, null, -100, -30, 0),
});
/** Days the in-force rule is checked on: before, on and after the generated dates' edges. */
const PAST_DAYS = [-401, -400, -200, -31, -30, -1, 0].map((offset) => addDays(AS_OF, offset));

function customerArb(edges: number[]): fc.Arbitrary<CustomerInput> {
  const totalArb = fc.oneof(fc.constantFrom(...edges), fc.integer({ min: 0, max: 3_000_000 }));
  return fc
    .record({
      total: totalArb,
      policies: fc.array(fc.record({ line: lineArb, dates: dateCaseArb, share: fc.integer({ min: 0, max: 100 }) }), {
        minLength: 0,
        maxLength: 5,
      }),
    })
    .map(({ total, policies }) => {
      // Split the total exactly across the policies, so the active ones can sum to an edge.
      const weights = policies.map((p) => p.share + 1);
      const weightSum = weights.reduce((a, b) => a + b, 0);
      let remaining = total;
      return {
        policies: policies.map((p, index) => {
          const cents = index === policies.length - 1 ? remaining : Math.floor((total * weights[index]!) / weightSum);
          remaining -= cents;
          const effectiveDate = addDays(AS_OF, p.dates.effectiveOffset);
          const expiration = p.dates.expirationOffset === null ? null : addDays(AS_OF, p.dates.expirationOffset);
          const cancellation = p.dates.cancellationOffset === null ? null : addDays(AS_OF, p.dates.cancellationOffset);
          return {
            lineOfBusiness: p.line,
            annualPremium: (cents / 100).toFixed(2),
            effectiveDate,
            expirationDate: expiration !== null && expiration >= effectiveDate ? expiration : null,
            status: p.dates.status,
            cancellationDate: cancellation !== null && cancellation >= effectiveDate ? cancellation : null,
            expiredOn: p.dates.expiredOnOffset === null ? null : addDays(AS_OF, p.dates.expiredOnOffset),
          };
        }),
      };
    });
}

/**
 * Constants other than the product's (policy.ts): next renewals in the generated books fall 1 or
 * 300 days after the as-of date, so these windows take in none, the first, or both.
 */
const policyArb: fc.Arbitrary<SegmentationPolicy> = fc.record({
  valuedTiers: fc.subarray([...TIERS]),
  crossSellLineCount: fc.integer({ min: 1, max: 3 }),
  renewalWatchDays: fc.constantFrom(0, 1, 299, 300, 400),
});

const bookArb = rulesArb.chain((rules) =>
  fc.tuple(fc.constant(rules), fc.array(customerArb(edgeCents(rules)), { minLength: 300, maxLength: 700 })),
);

describe(`TypeScript and SQL segmentation agree, on ${testBackend()}`, () => {
  let test: TestDatabase;
  beforeAll(async () => {
    test = await createEmptyDatabase();
    await migrate(test.db);
    await test.db.query(`insert into agencies (id, name, slug) values ($1, 'Parity', 'parity')`, [AGENCY_ID]);
  });
  afterAll(() => test.drop());

  async function loadBook(rules: SegmentationRules, customers: CustomerInput[]) {
    await test.db.query('delete from customers where agency_id = $1', [AGENCY_ID]);
    await test.db.query(
      `insert into segmentation_settings (agency_id, rules, version) values ($1, $2, 1)
       on conflict (agency_id) do update set rules = excluded.rules`,
      [AGENCY_ID, JSON.stringify(rules)],
    );
    const customerRows = customers.map((_, index) => ({ external_id: `P-${index}` }));
    await test.db.query(
      `insert into customers (agency_id, external_id) select $1, r.external_id from jsonb_to_recordset($2::jsonb) as r(external_id text)`,
      [AGENCY_ID, JSON.stringify(customerRows)],
    );
    const policyRows = customers.flatMap((customer, index) =>
      customer.policies.map((p, n) => ({
        customer: `P-${index}`,
        external_id: `P-${index}-${n}`,
        line: p.lineOfBusiness,
        premium: p.annualPremium,
        effective: p.effectiveDate,
        expiration: p.expirationDate,
        status: p.status,
        cancellation: p.cancellationDate ?? null,
        expired_on: p.expiredOn ?? null,
      })),
    );
    await test.db.query(
      `insert into policies (agency_id, customer_id, external_id, line_of_business, annual_premium, effective_date, expiration_date, status,
         cancellation_date, expired_on)
       select $1, c.id, r.external_id, r.line, r.premium, r.effective, r.expiration, r.status, r.cancellation, r.expired_on
       from jsonb_to_recordset($2::jsonb) as r(customer text, external_id text, line text, premium numeric, effective date, expiration date,
         status policy_status, cancellation date, expired_on date)
       join customers c on c.agency_id = $1 and c.external_id = r.customer`,
      [AGENCY_ID, JSON.stringify(policyRows)],
    );
  }

  it("on every customer's tier, premium and lines, and on the summary to the cent", async () => {
    let customersChecked = 0;
    await fc.assert(
      fc.asyncProperty(bookArb, async ([rules, customers]) => {
        await loadBook(rules, customers);
        await refreshAgency(AGENCY_ID, { mode: 'agency', asOf: AS_OF }, test.db);

        const stored = await test.db.query<{ external_id: string; tier: string | null; annual_premium: string; lines: string[] }>(
          `select c.external_id, i.tier, i.annual_premium::text, i.lines from customers c join customer_insights i on i.customer_id = c.id where c.agency_id = $1`,
          [AGENCY_ID],
        );
        const byId = new Map(stored.map((row) => [row.external_id, row]));
        customers.forEach((customer, index) => {
          const sql = byId.get(`P-${index}`)!;
          const metrics = customerMetrics(customer, AS_OF);
          expect({ tier: sql.tier, premium: sql.annual_premium, lines: sql.lines }, `customer P-${index}`).toEqual({
            tier: tierOf(customer, rules, AS_OF),
            premium: (metrics.premiumCents / 100).toFixed(2),
            lines: metrics.lines,
          });
        });

        const summary = await test.db.transaction((tx) =>
          getSegmentationSummary(tx, { agencyId: AGENCY_ID, name: 'Parity', slug: 'parity', role: 'owner' }),
        );
        const expected = scoreCustomers(customers, rules, AS_OF);
        expect({ totals: summary.totals, segments: summary.segments }).toEqual(expected);
        customersChecked += customers.length;
      }),
      { numRuns: 6, seed: 20261121, endOnFailure: true },
    );
    expect(customersChecked).toBeGreaterThanOrEqual(1800);
  });

  // SPEC §11: "in force on D" for past days, through both SQL paths that compute a day's states
  // (the refresh, as of D; the backfill's snapshot of D) and the stored policies.ends_on.
  it('on past days: each policy in force or not, and every customer in a refresh and a backfilled snapshot of the day', async () => {
    let checked = 0;
    await fc.assert(
      fc.asyncProperty(bookArb, fc.constantFrom(...PAST_DAYS), async ([rules, customers], day) => {
        await loadBook(rules, customers);
        const policies = await test.db.query<{ external_id: string; ends_on: string | null }>(
          'select external_id, ends_on::text from policies where agency_id = $1',
          [AGENCY_ID],
        );
        const endsOn = new Map(policies.map((row) => [row.external_id, row.ends_on]));
        customers.forEach((customer, index) =>
          customer.policies.forEach((policy, n) =>
            expect(endsOn.get(`P-${index}-${n}`), JSON.stringify(policy)).toBe(policyEndsOn(policy)),
          ),
        );

        const expected = (externalId: string) => {
          const customer = customers[Number(externalId.slice(2))]!;
          const metrics = customerMetrics(customer, day);
          return { tier: tierOf(customer, rules, day), premium: (metrics.premiumCents / 100).toFixed(2), lines: metrics.lines };
        };
        await refreshAgency(AGENCY_ID, { mode: 'agency', asOf: day }, test.db);
        const refreshed = await test.db.query<{ external_id: string; tier: string | null; premium: string; lines: string[] }>(
          `select c.external_id, i.tier, i.annual_premium::text as premium, i.lines
           from customers c join customer_insights i on i.customer_id = c.id where c.agency_id = $1`,
          [AGENCY_ID],
        );
        expect(refreshed).toHaveLength(customers.length);
        for (const row of refreshed)
          expect({ tier: row.tier, premium: row.premium, lines: row.lines }, row.external_id).toEqual(expected(row.external_id));

        // The backfill's day, on a book with no snapshot yet: the customers in force that day, and only they.
        await test.db.query('delete from insight_refresh_days where agency_id = $1', [AGENCY_ID]);
        await test.db.query('delete from customer_tier_history where agency_id = $1', [AGENCY_ID]);
        await backfillMonthEnd(AGENCY_ID, day, test.db);
        const snapshot = await test.db.query<{ external_id: string; tier: string | null; premium: string; lines: string[] }>(
          `select c.external_id, h.tier, h.annual_premium::text as premium, h.lines
           from customers c join customer_tier_history h on h.customer_id = c.id where c.agency_id = $1 and h.valid_from = $2`,
          [AGENCY_ID, day],
        );
        const inForce = customers.flatMap((customer, index) => (tierOf(customer, rules, day) === null ? [] : [`P-${index}`]));
        expect(snapshot.map((row) => row.external_id).sort()).toEqual(inForce.sort());
        for (const row of snapshot)
          expect({ tier: row.tier, premium: row.premium, lines: row.lines }, row.external_id).toEqual(expected(row.external_id));
        checked += customers.length;
      }),
      { numRuns: 8, seed: 20261130, endOnFailure: true },
    );
    expect(checked).toBeGreaterThanOrEqual(2400);
  });

  // The constants live in TypeScript only: a refresh that restated one in SQL would disagree here.
  it('with another renewal window, other valued tiers and another cross-sell line count, counting what it is given', async () => {
    const differsFromProduct = { renewalWatch: 0, crossSell: 0 };
    await fc.assert(
      fc.asyncProperty(bookArb, policyArb, async ([rules, customers], policy) => {
        await loadBook(rules, customers);
        await refreshAgency(AGENCY_ID, { mode: 'agency', asOf: AS_OF, policy }, test.db);
        const summary = await test.db.transaction((tx) =>
          getSegmentationSummary(tx, { agencyId: AGENCY_ID, name: 'Parity', slug: 'parity', role: 'owner' }),
        );
        const expected = scoreCustomers(customers, rules, AS_OF, policy);
        expect({ totals: summary.totals, segments: summary.segments }, JSON.stringify(policy)).toEqual(expected);
        const product = scoreCustomers(customers, rules, AS_OF).totals;
        if (product.renewalWatch !== expected.totals.renewalWatch) differsFromProduct.renewalWatch += 1;
        if (product.crossSellOpportunities !== expected.totals.crossSellOpportunities) differsFromProduct.crossSell += 1;
      }),
      { numRuns: 6, seed: 20261129, endOnFailure: true },
    );
    // The runs did exercise other constants, not only values that happen to count the same.
    expect(differsFromProduct.renewalWatch).toBeGreaterThan(0);
    expect(differsFromProduct.crossSell).toBeGreaterThan(0);
  });

  it('refuses a refresh called without its constants, saying what is missing', async () => {
    await expect(
      test.db.query(`select private.refresh_agency_insights($1, $2, '{}'::jsonb, 1, false, null, null, null, null)`, [AGENCY_ID, AS_OF]),
    ).rejects.toThrow('refresh_agency_insights needs the tier order, valued tiers, cross-sell line count and renewal window.');
  });

  it('keeps the tiers in the database in the order TypeScript ranks them', async () => {
    const [row] = await test.db.query<{ tiers: string[] }>('select enum_range(null::public.customer_tier)::text[] as tiers');
    expect(row!.tiers).toEqual([...TIERS]);
  });
});
