import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { collectConsoleErrors, signInThroughForm, switchAgency, waitForCardsShown } from './helpers';

/**
 * The dashboard's comparison and trends (SPEC §11) on Demo Agency, whose 36 months of history
 * the end-to-end server computes before it starts: the period selector changes every delta (at
 * once with JavaScript, as a form without), the trend chart and its table cover 36 months, and
 * all of it fits a 375 px phone, accessibly. Expected figures come from the API, which the
 * integration tests check against a hand-computed book.
 */
test.describe.configure({ mode: 'serial' });
// Its own client address: the sign-in limit (10 a minute per IP) is shared with the other specs.
test.use({ extraHTTPHeaders: { 'x-forwarded-for': '203.0.113.131' } });

const TIERS = ['elite', 'premium', 'standard', 'entry'] as const;
interface Change {
  then: number;
  change: number;
}
interface Summary {
  asOf: string;
  comparison: { asOf: string; segments: { tier: string; customers: Change }[]; totals: { customers: Change } } | null;
}
interface Trends {
  points: { month: string; customers: number; tiers: Record<string, { customers: number }> }[];
}

const longDate = new Intl.DateTimeFormat('en-US', { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' });
const dateInWords = (day: string) => longDate.format(new Date(`${day}T00:00:00Z`));
/** "12 more", "3 fewer" or "no change": the start of a count's delta on the page. */
const countWords = ({ change }: Change) =>
  change === 0 ? 'no change' : `${Math.abs(change).toLocaleString('en-US')} ${change > 0 ? 'more' : 'fewer'}`;
const direction = ({ change }: Change) => (change > 0 ? 'up' : change < 0 ? 'down' : 'same');

let page: Page;
let errors: string[];

async function expectDeltasOf(compareTo: string) {
  const summary = (await (await page.request.get(`/api/analytics/segmentation?compareTo=${compareTo}`)).json()) as Summary;
  const comparison = summary.comparison!;
  await expect(page.getByTestId('comparison-statement')).toContainText(`Changes since the snapshot of ${dateInWords(comparison.asOf)}`);
  for (const [index, tier] of TIERS.entries()) {
    const delta = page.getByTestId(`tier-delta-${tier}-customers`);
    const change = comparison.segments[index]!.customers;
    await expect(delta, tier).toContainText(countWords(change));
    await expect(delta, tier).toContainText(`since ${dateInWords(comparison.asOf)}`);
    await expect(delta, tier).toHaveAttribute('data-direction', direction(change));
  }
  await expect(page.getByTestId('summary-customers-delta')).toContainText(countWords(comparison.totals.customers));
  return comparison;
}

test.beforeAll(async ({ browser }) => {
  page = await (await browser.newContext()).newPage();
  errors = collectConsoleErrors(page);
  await signInThroughForm(page, 'owner@demo-agency.test');
  await expect(page).toHaveURL(/\/analytics\/segmentation$/);
});
test.afterAll(() => page.context().close());

test('compares with the snapshot of 30 days ago by default, saying which', async () => {
  await waitForCardsShown(page);
  const comparison = await expectDeltasOf('30d');
  await expect(page.getByTestId('comparison-statement')).toContainText('(30 days ago)');
  await expect(page.getByLabel('Compare with')).toHaveValue('30d');
  // The chart marks each share then and says how it moved.
  await expect(page.getByText(`marks each share on ${dateInWords(comparison.asOf)}`)).toBeVisible();
  await expect(page.getByTestId('share-delta-elite-premium')).toHaveText(/^▲ up|^▼ down|^● no change/);
});

test('the period selector changes the deltas at once, keeping focus on it', async () => {
  const before = await page.getByTestId('tier-delta-entry-customers').textContent();
  const selector = page.getByLabel('Compare with');
  await selector.focus();
  await selector.selectOption('year');
  await expect(page).toHaveURL(/\?compareTo=year$/);
  const comparison = await expectDeltasOf('year');
  await expect(selector).toBeFocused();
  expect(await page.getByTestId('tier-delta-entry-customers').textContent()).not.toBe(before);
  // A snapshot day from the list.
  const day = (await selector.locator('optgroup option').last().getAttribute('value'))!;
  expect(day < comparison.asOf).toBe(true);
  await selector.selectOption(day);
  await expect(page).toHaveURL(new RegExp(`\\?compareTo=${day}$`));
  await expectDeltasOf(day);
});

test('the trend chart and its table show 36 months, and the comparison is kept', async () => {
  await page.getByLabel('Show the last').selectOption('36');
  await expect(page).toHaveURL(/\?months=36&compareTo=\d{4}-\d{2}-\d{2}$/);
  const trends = (await (await page.request.get('/api/analytics/segmentation/trends?months=36')).json()) as Trends;
  expect(trends.points).toHaveLength(36);
  for (const id of ['trend-customers', 'trend-premium']) {
    const chart = page.getByTestId(id);
    await expect(chart.getByTestId(`${id}-range`)).toContainText('(36 months)');
    await expect(chart.locator('svg')).toHaveAttribute('data-points', '36');
    await chart.getByText('Show the figures as a table').click();
    await expect(chart.getByTestId(`${id}-table`).locator('tbody tr')).toHaveCount(36);
  }
  // The newest month first, its figures the API's.
  const latest = trends.points.at(-1)!;
  const firstRow = page.getByTestId('trend-customers-table').locator('tbody tr').first();
  await expect(firstRow.locator('td')).toHaveText([
    ...TIERS.map((tier) => latest.tiers[tier]!.customers.toLocaleString('en-US')),
    latest.customers.toLocaleString('en-US'),
  ]);
  // The comparison chosen before is still shown.
  await expect(page.getByTestId('comparison-statement')).not.toContainText('30 days ago');
});

test('fits a 375 px phone without sideways scrolling, passes axe, with 44 px targets', async () => {
  for (const width of [375, 1280]) {
    await page.setViewportSize({ width, height: 900 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow, `sideways scroll at ${width} px`).toBe(0);
    const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
    const small = await page.evaluate(() =>
      [...document.querySelectorAll('a, button, select, summary, input:not([type=hidden])')]
        .filter((el) => (el as HTMLElement).offsetParent !== null && !el.closest('.sr-only'))
        .filter((el) => {
          const box = el.getBoundingClientRect();
          return box.width < 44 || box.height < 44;
        })
        .map((el) => el.textContent?.trim()),
    );
    expect(small, `controls under 44 px at ${width} px`).toEqual([]);
  }
  // At 375 px the chart is as wide as the phone allows, and its month labels do not overlap.
  await page.setViewportSize({ width: 375, height: 900 });
  const chart = await page.getByTestId('trend-customers').locator('svg').boundingBox();
  expect(chart!.width).toBeGreaterThan(220);
  await page.setViewportSize({ width: 1280, height: 900 });
});

test('explains a choice it cannot show and shows the default instead', async () => {
  await page.goto('/analytics/segmentation?compareTo=2020-01-31&months=99');
  const problem = page.getByTestId('dashboard-choice-problem');
  await expect(problem).toContainText('“Compare with”: No snapshot was taken on 2020-01-31. The history holds snapshots from');
  await expect(problem).toContainText('“Show the last”: Must be from 1 to 36 months');
  await expect(page.getByTestId('comparison-statement')).toContainText('(30 days ago)');
  await expect(page.getByTestId('trend-customers-range')).toContainText('(12 months)');
});

test('Second Agency, with demo figures, says they have no history instead of comparing', async () => {
  await switchAgency(page, 'Second Agency (admin)');
  await expect(page.getByTestId('data-mode-badge')).toHaveText('○ Demo Data');
  await expect(page.getByTestId('comparison-statement')).toContainText('These are demo figures');
  await expect(page.getByTestId('trends-empty')).toContainText('These are demo figures');
  // Nothing to choose from: no selectors.
  await expect(page.getByLabel('Compare with')).toHaveCount(0);
  await expect(page.getByLabel('Show the last')).toHaveCount(0);
  await expect(page.getByTestId('tier-delta-elite-customers')).toHaveCount(0);
  await switchAgency(page, 'Demo Agency (owner)');
  await expect(page.getByTestId('data-mode-badge')).toHaveText('● Live Data');
  expect(errors).toEqual([]);
});

test('without JavaScript the period selector is a form that works the same', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false, extraHTTPHeaders: { 'x-forwarded-for': '203.0.113.132' } });
  const noScript = await context.newPage();
  await signInThroughForm(noScript, 'viewer@demo-agency.test');
  await expect(noScript).toHaveURL(/\/analytics\/segmentation$/);
  await noScript.getByLabel('Compare with').selectOption('month-end');
  await noScript.getByRole('button', { name: 'Compare' }).click();
  await expect(noScript).toHaveURL(/\?compareTo=month-end$/);
  const summary = (await (await noScript.request.get('/api/analytics/segmentation?compareTo=month-end')).json()) as Summary;
  await expect(noScript.getByTestId('comparison-statement')).toContainText(
    `Changes since the snapshot of ${dateInWords(summary.comparison!.asOf)} (last month-end)`,
  );
  await expect(noScript.getByTestId('tier-delta-elite-customers')).toContainText(countWords(summary.comparison!.segments[0]!.customers));
  await noScript.getByLabel('Show the last').selectOption('24');
  await noScript.getByRole('button', { name: 'Update' }).click();
  await expect(noScript).toHaveURL(/\?months=24&compareTo=month-end$/);
  await expect(noScript.getByTestId('trend-customers-range')).toContainText('(24 months)');
  await context.close();
});
