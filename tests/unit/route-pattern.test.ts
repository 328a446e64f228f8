import { describe, expect, it } from 'vitest';
import { routePattern } from '@/lib/api/route-pattern';

/** Metric labels and log lines name the route as its folder does, never the ids in the path. */
describe('routePattern', () => {
  const id = '3f1c2a4e-8b7d-4c6e-9a0b-1d2e3f4a5b6c';

  it('puts each param back as its [name]', () => {
    expect(routePattern(`/api/customers/${id}`, { customerId: id })).toBe('/api/customers/[customerId]');
    expect(routePattern(`/api/customers/import/${id}/commit`, { jobId: id })).toBe('/api/customers/import/[jobId]/commit');
    expect(routePattern('/api/analytics/segmentation', {})).toBe('/api/analytics/segmentation');
  });

  it('matches a param from the end, so a value equal to a folder name still lands on its own segment', () => {
    expect(routePattern('/api/customers/customers', { customerId: 'customers' })).toBe('/api/customers/[customerId]');
  });

  it('compares decoded segments with the decoded params Next hands over', () => {
    expect(routePattern('/api/members/a%20b', { userId: 'a b' })).toBe('/api/members/[userId]');
  });

  it('names a catch-all by its [...name]', () => {
    expect(routePattern('/docs/a/b/c', { slug: ['a', 'b', 'c'] })).toBe('/docs/[...slug]');
  });

  it('stops adding patterns past a bound, so a flood of odd paths cannot make a series each', () => {
    const patterns = new Set<string>();
    for (let i = 0; i < 300; i += 1) patterns.add(routePattern(`/api/odd-${i}`));
    expect(patterns.size).toBeLessThanOrEqual(201);
    expect(patterns).toContain('(other)');
    // Patterns already seen keep their name.
    expect(routePattern(`/api/customers/${id}`, { customerId: id })).toBe('/api/customers/[customerId]');
  });
});
