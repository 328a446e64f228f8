import { beforeAll, describe, expect, it } from 'vitest';
import { generateDemoBook, stableUuid, type DemoBook, type DemoPolicy } from '@/lib/seed/demo-book';
import { thirtyDaysSnapshot } from '@/lib/seed/demo-movement';
import { addYears, monthEndBefore } from '@/lib/segmentation/dates';
import type { PolicyInput } from '@/lib/segmentation/assign';
import { inForceOn } from '@/lib/segmentation/in-force';
import { normalizeLineOfBusiness } from '@/lib/segmentation/lines';
import { moversBetween, policiesByCustomer, tierOn } from '../helpers/demo-book-scores';

const options = { agencySlug: 'demo-agency', asOf: '2026-06-30', customers: 2500 };
const YEAR_AGO = addYears(options.asOf, -1);

describe('demo book generator', () => {
  let book: DemoBook;
  beforeAll(() => {
    book = generateDemoBook(options);
  });
  const count = (predicate: (policy: DemoPolicy) => boolean) => book.policies.filter(predicate).length;

  it('is deterministic: the same options (seed and as-of day) give the same book', () => {
    const small = { ...options, customers: 300 };
    expect(generateDemoBook(small)).toEqual(generateDemoBook(small));
    expect(generateDemoBook({ ...small, seed: 7 }).customers[0]).not.toEqual(generateDemoBook(small).customers[0]);
  });

  it('makes stable, valid UUIDs', () => {
    expect(stableUuid('a')).toBe(stableUuid('a'));
    expect(stableUuid('a')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('looks like a real agency book: ~8,400 policies over 36 months, ~10% organizations, lognormal premiums in cents', () => {
    expect(book.policies.length).toBeGreaterThan(7500);
    expect(book.policies.length).toBeLessThan(9500);
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

  it('dates every end: cancellations with their day, expiries marked by an import or by date alone, and policies bound ahead', () => {
    const { asOf } = options;
    expect(count((p) => p.status === 'cancelled')).toBeGreaterThan(500);
    expect(count((p) => p.status === 'cancelled' && (p.cancellation_date === null || p.cancellation_date < p.effective_date))).toBe(0);
    expect(count((p) => p.status === 'expired' && p.expired_on !== null && p.expiration_date! <= asOf)).toBeGreaterThan(1000);
    expect(count((p) => p.status === 'expired' && (p.expired_on === null || p.expired_on > asOf))).toBe(0);
    // Still listed as active by the AMS, ended by their expiration date alone.
    expect(count((p) => p.status === 'active' && p.expiration_date! <= asOf)).toBeGreaterThan(50);
    expect(count((p) => p.status === 'active' && p.effective_date > asOf)).toBeGreaterThan(50);
    expect(book.policies.every((p) => p.expiration_date !== null && p.expiration_date >= p.effective_date)).toBe(true);
  });

  it('holds rewrites under a new number and renewals at a new premium, each on the same line the same day', () => {
    const starts = new Map<string, DemoPolicy[]>();
    for (const policy of book.policies) {
      const key = `${policy.customer_id}/${normalizeLineOfBusiness(policy.line_of_business)}/${policy.effective_date}`;
      starts.set(key, [...(starts.get(key) ?? []), policy]);
    }
    const successor = (policy: DemoPolicy, day: string | null) =>
      starts.get(`${policy.customer_id}/${normalizeLineOfBusiness(policy.line_of_business)}/${day}`)?.find((next) => next.id !== policy.id);
    const rewrites = book.policies.filter((p) => p.status === 'cancelled' && successor(p, p.cancellation_date));
    const renewals = book.policies.filter((p) => p.status === 'expired' && successor(p, p.expiration_date));
    expect(rewrites.length).toBeGreaterThan(100);
    expect(renewals.length).toBeGreaterThan(500);
    expect(renewals.every((p) => successor(p, p.expiration_date)!.annual_premium !== p.annual_premium)).toBe(true);
    expect(new Set([...rewrites, ...renewals].map((p) => p.external_id)).size).toBe(rewrites.length + renewals.length);
  });

  it('grows and churns over 36 months: arrivals every year, more leavers among monoline customers, cross-sell wins, returns', () => {
    const customers = policiesByCustomer(book);
    const linesOn = (policies: PolicyInput[], day: string) =>
      new Set(policies.filter((policy) => inForceOn(policy, day)).map((policy) => normalizeLineOfBusiness(policy.lineOfBusiness)));
    const arrivals = [1, 2, 3].map(
      (year) =>
        book.customers.filter(
          (c) => c.customer_since > addYears(options.asOf, -year) && c.customer_since <= addYears(options.asOf, 1 - year),
        ).length,
    );
    for (const arrived of arrivals) expect(arrived).toBeGreaterThan(150);

    // Customer retention over the year, by number of lines then (SPEC §11).
    const cohorts = { monoline: [0, 0], multiline: [0, 0] };
    let grew = 0;
    for (const policies of customers) {
      const then = linesOn(policies, YEAR_AGO);
      if (then.size === 0) continue;
      const now = linesOn(policies, options.asOf);
      const cohort = then.size === 1 ? cohorts.monoline : then.size >= 3 ? cohorts.multiline : null;
      if (cohort) {
        cohort[0]! += 1;
        if (now.size > 0) cohort[1]! += 1;
      }
      if ([...now].some((line) => !then.has(line))) grew += 1;
    }
    const retention = ([then, kept]: number[]) => kept! / then!;
    expect(retention(cohorts.monoline)).toBeLessThan(0.9);
    expect(retention(cohorts.multiline)).toBeGreaterThan(0.95);
    expect(grew).toBeGreaterThan(100);

    const moves = new Set<string>();
    let returned = 0;
    const monthEnds = Array.from({ length: 37 }, (_, index) => monthEndBefore(options.asOf, 36 - index));
    for (const policies of customers) {
      const tiers = monthEnds.map((day) => tierOn(policies, day));
      tiers.forEach((tier, index) => index > 0 && moves.add(`${tiers[index - 1]}→${tier}`));
      const first = tiers.findIndex((tier) => tier !== null);
      const gone = tiers.findIndex((tier, index) => index > first && tier === null);
      if (first >= 0 && gone > first && tiers.slice(gone).some((tier) => tier !== null)) returned += 1;
    }
    expect(moves).toContain('premium→elite');
    expect(moves).toContain('standard→premium');
    expect(moves).toContain('elite→null');
    expect(returned).toBeGreaterThan(10);
  });

  it('shows movers both ways over the year and since the snapshot 30 days back', () => {
    const year = moversBetween(book, YEAR_AGO, options.asOf);
    expect(year.down).toBeGreaterThan(30);
    expect(year.up).toBeGreaterThan(30);
    const month = moversBetween(book, thirtyDaysSnapshot(options.asOf), options.asOf);
    expect(month.down).toBeGreaterThanOrEqual(3);
    expect(month.up).toBeGreaterThanOrEqual(3);
  });

  it('keeps the last 30 days moving whatever the day it is seeded, even in the small books the tests seed', () => {
    for (const asOf of ['2026-06-30', '2026-11-30', '2027-02-14', '2028-03-01']) {
      const small = generateDemoBook({ agencySlug: 'demo-agency', asOf, customers: 40 });
      const { down, up } = moversBetween(small, thirtyDaysSnapshot(asOf), asOf);
      expect(Math.min(down, up), asOf).toBeGreaterThanOrEqual(3);
    }
  });
});
