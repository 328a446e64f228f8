import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import type { Retention } from '@/lib/segmentation/retention';
import { collectConsoleErrors, signInThroughForm } from './helpers';

// Its own client address: the sign-in limit (10 a minute per IP) is shared with the other specs.
test.use({ extraHTTPHeaders: { 'x-forwarded-for': '203.0.113.91' } });

const longDate = (day: string) =>
  new Intl.DateTimeFormat('en-US', { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' }).format(
    new Date(`${day}T00:00:00Z`),
  );
const percent = (rate: string) => new Intl.NumberFormat('en-US', { style: 'percent', maximumFractionDigits: 1 }).format(Number(rate));
const dollars = (amount: string) =>
  new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: 0 }).format(Number(amount));

/** The first of the month `monthsBack` months before this one. */
const monthStart = (monthsBack: number) => {
  const today = new Date();
  return new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() - monthsBack, 1)).toISOString().slice(0, 10);
};

/** A small book whose dates are counted back from today, so its retention is the same whenever the test runs. */
function bookCountedBackFromToday(prefix: string): string {
  const day = monthStart;
  const threeYearsAgo = day(36);
  return [
    'customer_id,policy_id,line_of_business,annual_premium,effective_date,expiration_date',
    // Kept, both lines.
    `${prefix}-1,${prefix}-1A,auto,1000.00,${threeYearsAgo},`,
    `${prefix}-1,${prefix}-1H,home,2000.00,${threeYearsAgo},`,
    // Lost: the policy ended two months ago.
    `${prefix}-2,${prefix}-2A,auto,800.00,${threeYearsAgo},${day(2)}`,
    // Kept.
    `${prefix}-3,${prefix}-3H,home,5000.00,${threeYearsAgo},`,
    // New this year: not in the cohort.
    `${prefix}-4,${prefix}-4A,auto,600.00,${day(2)},`,
  ].join('\r\n');
}

/** The agency's history backfill, as the dashboard's island asks for it: started, then followed until it ends. */
async function computeHistory(page: Page) {
  const started = await page.evaluate(() => fetch('/api/analytics/segmentation/history', { method: 'POST' }).then((r) => r.status));
  // 409: a run is going already (the demo seed's or another's); it is followed the same way.
  expect([202, 409]).toContain(started);
  await expect
    .poll(() => page.evaluate(() => fetch('/api/analytics/segmentation/history').then(async (r) => (await r.json()).run?.status)), {
      timeout: 240_000,
      intervals: [1000],
    })
    .toBe('done');
}

/** Imports a CSV (canonical column names) through the API, as the import page does, and commits it. */
async function importBook(page: Page, csv: string) {
  const committed = await page.evaluate(async (body) => {
    const columns = ['customer_id', 'policy_id', 'line_of_business', 'annual_premium', 'effective_date', 'expiration_date'];
    const mapping = encodeURIComponent(JSON.stringify(Object.fromEntries(columns.map((column) => [column, column]))));
    const uploaded = await fetch(`/api/customers/import?fileName=older-book.csv&mapping=${mapping}`, {
      method: 'POST',
      headers: { 'content-type': 'text/csv' },
      body,
    });
    const { job } = (await uploaded.json()) as { job: { id: string } };
    return (await fetch(`/api/customers/import/${job.id}/commit`, { method: 'POST' })).status;
  }, csv);
  expect(committed).toBe(200);
}

/** The panel's three figures and their definitions, checked against the API's numbers. */
async function expectDefinitions(page: Page, retention: Retention) {
  const { overall, asOf, since } = retention;
  const [then, now] = [longDate(since!), longDate(asOf!)];
  const plural = (count: number, noun: string) => `${count.toLocaleString('en-US')} ${noun}${count === 1 ? '' : 's'}`;
  const verb = (count: number) => (count === 1 ? 'is' : 'are');
  const customers = page.getByTestId('retention-customers');
  await expect(customers.locator('dt')).toHaveText('Customer retention');
  await expect(customers.locator('dd')).toHaveText(
    `${percent(overall!.customerRate!)}Of the ${plural(overall!.customersThen, 'customer')} in force on ${then}, ` +
      `${overall!.customersRetained.toLocaleString('en-US')} ${verb(overall!.customersRetained)} in force on ${now}.`,
  );
  const lines = page.getByTestId('retention-lines');
  await expect(lines.locator('dt')).toHaveText('Line retention');
  await expect(lines.locator('dd')).toContainText(
    `${percent(overall!.lineRate!)}Of the ${plural(overall!.linesThen, 'line')} those customers held on ${then}`,
  );
  await expect(lines.locator('dd')).toContainText('A policy rewritten under a new number counts as kept.');
  const premium = page.getByTestId('retention-premium');
  await expect(premium.locator('dt')).toHaveText('Premium retention');
  await expect(premium.locator('dd')).toHaveText(
    `${percent(overall!.premiumRate!)}Those customers paid ${dollars(overall!.premiumThen)} a year on ${then} and pay ` +
      `${dollars(overall!.premiumNow)} on ${now}. Lines they added since count, so this can pass 100%.`,
  );
}

/** 375 px wide: nothing scrolls sideways, every control is 44 px, axe finds nothing in the panel. */
async function expectPhoneReady(page: Page) {
  await page.setViewportSize({ width: 375, height: 800 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
  const table = page.getByRole('region', { name: 'Retention by tier and by number of lines' });
  if (await table.count()) {
    // Readable without scrolling sideways inside it either.
    expect(await table.evaluate((element) => element.scrollWidth - element.clientWidth)).toBe(0);
  }
  for (const control of await page.getByTestId('retention-panel').locator('button, a, select, summary').all()) {
    // A control inside a closed disclosure has no box until it is opened.
    if (await control.isVisible()) expect((await control.boundingBox())!.height).toBeGreaterThanOrEqual(44);
  }
  const results = await new AxeBuilder({ page }).include('[data-testid="retention-panel"]').analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

test('the retention panel on the demo agency states each definition next to its figure, by tier and by lines, on a phone too', async ({
  page,
}) => {
  test.setTimeout(300_000);
  const errors = collectConsoleErrors(page);
  await signInThroughForm(page, 'owner@demo-agency.test');
  await expect(page).toHaveURL(/\/analytics\/segmentation$/);
  // A few customers in force for years (merged into the demo book), so a year ago has a cohort
  // whatever history the demo seed brings; then the history, computed as the dashboard does.
  await importBook(page, bookCountedBackFromToday('RET'));
  await computeHistory(page);
  await page.reload();

  const retention = (await page.evaluate(() => fetch('/api/analytics/segmentation/retention').then((r) => r.json()))) as Retention;
  expect(retention.asOf).not.toBeNull();
  const panel = page.getByTestId('retention-panel');
  await expect(panel.getByRole('heading', { level: 2, name: 'Retention' })).toBeVisible();
  await expect(panel).toContainText(`Over the 12 months from ${longDate(retention.since!)} to ${longDate(retention.asOf!)}`);
  await expectDefinitions(page, retention);

  const table = page.getByTestId('retention-table');
  await expect(table.getByRole('row')).toHaveText([
    /^Customers on .*Customers kept.*Lines kept.*Premium now of then$/,
    /^All/,
    /^By tier on /,
    /^Elite/,
    /^Premium/,
    /^Standard/,
    /^Entry/,
    /^By number of lines on /,
    /^1 line/,
    /^2 lines/,
    /^3 or more lines/,
  ]);
  await expect(table.getByRole('row', { name: /^All/ })).toContainText(
    `${percent(retention.overall!.customerRate!)}${retention.overall!.customersRetained.toLocaleString('en-US')} of ${retention.overall!.customersThen.toLocaleString('en-US')}`,
  );
  // Demo Agency has a year of history now: nothing to compute, so no button.
  await expect(panel.getByRole('button', { name: /Compute history/ })).toHaveCount(0);
  await expectPhoneReady(page);
  expect(errors).toEqual([]);
});

test('after its first import, an owner computes the agency history from the dashboard and watches it progress', async ({ page }) => {
  test.setTimeout(180_000);
  const errors = collectConsoleErrors(page);
  await signInThroughForm(page, 'owner@second-agency.test');
  await expect(page).toHaveURL(/\/analytics\/segmentation$/);
  // Before the import: nothing to compute from, so no button.
  await expect(page.getByTestId('retention-empty')).toContainText('Retention shows once your book of business is imported');
  await expect(page.getByRole('button', { name: 'Compute history', exact: true })).toHaveCount(0);

  await page.goto('/customers/import');
  await page
    .getByLabel('CSV file')
    .setInputFiles({ name: 'history.csv', mimeType: 'text/csv', buffer: Buffer.from(bookCountedBackFromToday('R')) });
  await page.getByRole('button', { name: 'Upload and validate' }).click();
  await page.getByRole('button', { name: 'Import 5 rows' }).click();
  await expect(page.getByTestId('import-summary')).toContainText('Policies: 5 created');
  await page.getByRole('link', { name: 'See the dashboard' }).click();
  await expect(page).toHaveURL(/\/analytics\/segmentation$/);

  await page.setViewportSize({ width: 375, height: 800 });
  const panel = page.getByTestId('retention-panel');
  await expect(page.getByTestId('retention-empty')).toContainText('so it needs 12 months of history');
  const compute = panel.getByRole('button', { name: 'Compute history', exact: true });
  await expectPhoneReady(page);
  await compute.click();
  // The run's progress as the start answered it, then as the island reads it once a second.
  await expect(panel.getByRole('progressbar', { name: /^Computing history: \d+ of 36 months$/ })).toBeVisible();
  await expect(panel.getByTestId('history-backfill-status')).toContainText('History computed', { timeout: 120_000 });
  await expect(panel.getByTestId('history-backfill-status')).toContainText('36 month-end snapshots added from policy dates');

  // The page was rendered again with the history: 2 of the 3 customers of a year ago are kept
  // (R-2 left), 3 of their 4 lines (R-1's two, R-3's), and $8,000 of their $8,800 premium.
  await expect(page.getByTestId('retention-customers').locator('dd')).toContainText('66.7%Of the 3 customers in force on');
  await expect(page.getByTestId('retention-lines').locator('dd')).toContainText('75%Of the 4 lines');
  await expect(page.getByTestId('retention-premium').locator('dd')).toContainText('90.9%Those customers paid $8,800 a year');
  await expect(compute).toHaveCount(0);
  await expectPhoneReady(page);

  // Agents and viewers of the agency have no button; the API refuses them (tests/integration).
  expect(errors).toEqual([]);

  // A corrected import: R-2's policy in fact ended 14 months ago, before the year began. The
  // month-ends already computed keep the old date until the owner recomputes the history.
  await importBook(
    page,
    `customer_id,policy_id,line_of_business,annual_premium,effective_date,expiration_date\r\nR-2,R-2A,auto,800.00,${monthStart(36)},${monthStart(14)}`,
  );
  await page.reload();
  await expect(page.getByTestId('retention-customers').locator('dd')).toContainText('66.7%Of the 3 customers in force on');
  const recompute = panel.getByTestId('history-recompute');
  await recompute.getByText('Recompute history', { exact: true }).click();
  await expect(recompute).toContainText('The month-ends already in the history keep the dates they were computed with.');
  await expectPhoneReady(page);
  await recompute.getByRole('button', { name: 'Recompute 36 months of history' }).click();
  await expect(panel.getByRole('progressbar', { name: /^Computing history: \d+ of 36 months$/ })).toBeVisible();
  await expect(panel.getByTestId('history-backfill-status')).toContainText('History computed', { timeout: 120_000 });
  // A year ago only: both kept, with their 3 lines and $8,000.
  await expect(page.getByTestId('retention-customers').locator('dd')).toContainText('100%Of the 2 customers in force on');
  await expect(page.getByTestId('retention-lines').locator('dd')).toContainText('100%Of the 3 lines');
  await expect(page.getByTestId('retention-premium').locator('dd')).toContainText('100%Those customers paid $8,000 a year');
  expect(errors).toEqual([]);
});
