import { describe, expect, it } from 'vitest';
import { generateDemoBook, stableUuid } from '@/lib/seed/demo-book';

const options = { agencySlug: 'demo-agency', asOf: '2026-06-30', customers: 2500 };

describe('demo book generator', () => {
  it('is deterministic: the same options give the same book', () => {
    expect(generateDemoBook(options)).toEqual(generateDemoBook(options));
    expect(generateDemoBook({ ...options, seed: 7 }).customers[0]).not.toEqual(generateDemoBook(options).customers[0]);
  });

  it('makes stable, valid UUIDs', () => {
    expect(stableUuid('a')).toBe(stableUuid('a'));
    expect(stableUuid('a')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('looks like a real agency book: ~6,000 policies, ~10% organizations, lognormal premiums in cents', () => {
    const book = generateDemoBook(options);
    expect(book.policies.length).toBeGreaterThan(5500);
    expect(book.policies.length).toBeLessThan(6500);
    const orgs = book.customers.filter((c) => c.kind === 'organization');
    expect(orgs.length / book.customers.length).toBeCloseTo(0.1, 1);
    expect(new Set(book.contacts.map((c) => c.customer_id)).size).toBe(orgs.length);
    expect(book.contacts.filter((c) => c.is_primary)).toHaveLength(orgs.length);

    const premiums = book.policies.map((p) => Number(p.annual_premium)).sort((a, b) => a - b);
    expect(book.policies.every((p) => /^\d+\.\d{2}$/.test(p.annual_premium))).toBe(true);
    const median = premiums[Math.floor(premiums.length / 2)]!;
    const mean = premiums.reduce((sum, p) => sum + p, 0) / premiums.length;
    // Right-skewed, as lognormal premiums are: the mean sits above the median.
    expect(mean).toBeGreaterThan(median);
    expect(median).toBeGreaterThan(500);
    expect(median).toBeLessThan(3000);
  });

  it('mixes active, cancelled, expired and not-yet-effective policies around the as-of date', () => {
    const book = generateDemoBook(options);
    const count = (predicate: (p: (typeof book.policies)[number]) => boolean) => book.policies.filter(predicate).length;
    expect(count((p) => p.status === 'cancelled')).toBeGreaterThan(100);
    expect(count((p) => p.status === 'expired' && p.expiration_date! <= options.asOf)).toBeGreaterThan(100);
    expect(count((p) => p.status === 'active' && p.effective_date > options.asOf)).toBeGreaterThan(50);
    expect(book.policies.every((p) => !p.expiration_date || p.expiration_date >= p.effective_date)).toBe(true);
  });
});
