import type { Database } from '@/lib/db';
import type { CustomerInput } from '@/lib/segmentation';

/**
 * A small book whose summary was worked out by hand (see api-segmentation.test.ts), as of
 * 2026-06-30 under the default rules.
 */
export const FIXTURE_AS_OF = '2026-06-30';

const active = (line: string, premium: string) => ({
  lineOfBusiness: line,
  annualPremium: premium,
  effectiveDate: '2026-01-01',
  expirationDate: '2027-01-01',
  status: 'active' as const,
});

export const FIXTURE_BOOK: Record<string, CustomerInput> = {
  // P = 10,000.00 over 1 line → elite, and a cross-sell opportunity.
  C1: { policies: [active('Homeowners', '10000.00')] },
  // P = 5,000.00 over 3 lines → elite.
  // Its umbrella renews on 2026-08-15, within 60 days: on the renewal watch.
  C2: {
    policies: [
      active('Personal Auto', '2000.00'),
      active('HO3', '2000.00'),
      { ...active('Umbrella', '1000.00'), expirationDate: '2026-08-15' },
    ],
  },
  // P = 5,000.00 over one line (two auto policies) → premium, cross-sell.
  C3: { policies: [active('Personal Auto', '3000.00'), active('PPA', '2000.00')] },
  // P = 2,500.00 over 2 lines → premium.
  C4: { policies: [active('auto', '1500.00'), active('home', '1000.00')] },
  // P = 1,000.00 over 2 lines → standard.
  C5: { policies: [active('Renters', '200.00'), active('auto', '800.00')] },
  // P = 1,499.99 → one cent short of standard: entry.
  C6: { policies: [active('auto', '1499.99')] },
  // Only a cancelled policy and one that lapsed on the as-of date → inactive.
  C7: {
    policies: [
      { ...active('home', '9000.00'), status: 'cancelled' },
      { ...active('auto', '500.00'), effectiveDate: '2025-06-30', expirationDate: '2026-06-30' },
    ],
  },
  // Not yet effective → inactive.
  C8: { policies: [{ ...active('auto', '300.00'), effectiveDate: '2026-07-01' }] },
};

/** Replaces an agency's book with the fixture. */
export async function loadFixtureBook(db: Database, agencyId: string) {
  await db.query('delete from customers where agency_id = $1', [agencyId]);
  for (const [externalId, customer] of Object.entries(FIXTURE_BOOK)) {
    const [row] = await db.query<{ id: string }>(`insert into customers (agency_id, external_id) values ($1, $2) returning id`, [
      agencyId,
      externalId,
    ]);
    for (const [index, policy] of customer.policies.entries()) {
      await db.query(
        `insert into policies (agency_id, customer_id, external_id, line_of_business, annual_premium, effective_date, expiration_date, status)
         values ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [
          agencyId,
          row!.id,
          `${externalId}-${index}`,
          policy.lineOfBusiness,
          policy.annualPremium,
          policy.effectiveDate,
          policy.expirationDate,
          policy.status,
        ],
      );
    }
  }
}
