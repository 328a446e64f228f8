import { describe, expect, it } from 'vitest';
import { safeListReturn } from '@/lib/customers/lists';

/** A customer page's back link: only this site's drill-down lists, with their own filters and page. */
describe('safeListReturn', () => {
  it.each([
    ['/analytics/segmentation/standard', '/analytics/segmentation/standard', 'Standard customers'],
    [
      '/analytics/segmentation/elite?sort=name&search=ann+lee&crossSell=true&cursor=WyIxIiwiYSJd',
      '/analytics/segmentation/elite?sort=name&search=ann+lee&crossSell=true&cursor=WyIxIiwiYSJd',
      'Elite customers',
    ],
    [
      '/analytics/segmentation/elite?sort=premium&renewalWithinDays=60&cursor=WyIxIiwiYSJd',
      '/analytics/segmentation/elite?sort=premium&renewalWithinDays=60&cursor=WyIxIiwiYSJd',
      'Elite customers',
    ],
    [
      '/analytics/segmentation/renewal-watch?sort=renewal&renewal=soon',
      '/analytics/segmentation/renewal-watch?sort=renewal&renewal=soon',
      'Renewal watch',
    ],
    ['/analytics/segmentation/cross-sell', '/analytics/segmentation/cross-sell', 'Cross-sell opportunities'],
    // The movers lists, with their period, order and page.
    [
      '/analytics/segmentation/movers?direction=down&from=year&to=2026-06-30&sort=moved&cursor=WyIxIiwiYSJd&search=x',
      '/analytics/segmentation/movers?direction=down&from=year&to=2026-06-30&sort=moved&cursor=WyIxIiwiYSJd',
      'At risk: left Elite or Premium',
    ],
    ['/analytics/segmentation/movers?direction=up&from=30d', '/analytics/segmentation/movers?direction=up&from=30d', 'Rising'],
    // Parameters the list does not take are dropped, the list's own are kept.
    [
      '/analytics/segmentation/entry?sort=premium&next=//evil.test&x=1#top',
      '/analytics/segmentation/entry?sort=premium',
      'Entry customers',
    ],
  ])('returns to %s', (from, href, label) => {
    expect(safeListReturn(from)).toEqual({ href, label });
  });

  it.each([
    undefined,
    null,
    '',
    '//evil.test/analytics/segmentation/elite',
    'https://evil.test/analytics/segmentation/elite',
    'javascript:alert(1)//analytics/segmentation/elite',
    '/\\evil.test/analytics/segmentation/elite',
    '/analytics/segmentation/..//evil.test',
    '/analytics/segmentation/../../evil.test',
    '/analytics/segmentation/%2e%2e/%2e%2e/sign-in',
    '/analytics/segmentation/elite/../../../customers/import',
    '/analytics/segmentation/rules',
    '/analytics/segmentation/movement',
    '/analytics/segmentation/toString',
    '/analytics/segmentation/constructor',
    '/analytics/segmentation/elite/extra',
    '/analytics/segmentation/\telite',
    '/analytics/segmentation/el\nite',
    '/customers/import',
    `/analytics/segmentation/elite?search=${'x'.repeat(1_000)}`,
  ])('refuses %s (the link goes to the dashboard)', (from) => {
    expect(safeListReturn(from)).toBeNull();
  });
});
