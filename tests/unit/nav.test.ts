import { describe, expect, it } from 'vitest';
import { activeTabHref, NAV_TABS } from '@/components/layout/nav';

describe('main navigation', () => {
  it('reaches the tier rules and tier movement from every page, not only from the methodology panel', () => {
    expect(NAV_TABS.map((tab) => [tab.label, tab.href])).toEqual([
      ['Analytics', '/analytics/segmentation'],
      ['Tier rules', '/analytics/segmentation/rules'],
      ['Tier movement', '/analytics/segmentation/movement'],
      ['Import', '/customers/import'],
      ['Help', '/help/troubleshooting'],
    ]);
  });

  it.each([
    ['/analytics/segmentation', '/analytics/segmentation'],
    ['/analytics/segmentation/elite', '/analytics/segmentation'],
    ['/analytics/segmentation/renewal-watch', '/analytics/segmentation'],
    ['/customers/5f0c6a0e-0000-4000-8000-000000000000', '/analytics/segmentation'],
    ['/analytics/segmentation/rules', '/analytics/segmentation/rules'],
    ['/analytics/segmentation/movement', '/analytics/segmentation/movement'],
    ['/customers/import', '/customers/import'],
    ['/help/troubleshooting', '/help/troubleshooting'],
    ['/sign-in', null],
    ['/analyticsx', null],
  ])('marks %s as part of %s', (pathname, href) => {
    expect(activeTabHref(pathname)).toBe(href);
  });
});
