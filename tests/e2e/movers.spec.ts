import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { collectConsoleErrors, signInThroughForm, switchAgency } from './helpers';

// Its own client address: the sign-in limit (10 a minute per IP) is shared with the other specs.
test.use({ extraHTTPHeaders: { 'x-forwarded-for': '203.0.113.131' } });

/**
 * The movers lists and the tier movement page on the demo agency's history (the seed's 36
 * months of month-end snapshots and today's refresh): at risk and rising over the last year,
 * with exports, on a phone and a desktop.
 */

async function expectAxeClean(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).include('main').analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

/** At 375 px: nothing smaller than 44×44 px to tap, and the page itself never scrolls sideways. */
async function expectPhoneFriendly(page: Page) {
  await page.setViewportSize({ width: 375, height: 800 });
  const small = await page.evaluate(() =>
    [...document.querySelectorAll('main a, main button, main select, main input:not([type=hidden])')]
      .filter((el) => (el as HTMLElement).offsetParent !== null && !el.closest('.sr-only'))
      .map((el) => ({ el, box: el.getBoundingClientRect() }))
      .filter(({ box }) => box.width < 44 || box.height < 44)
      .map(({ el, box }) => `${el.tagName} "${el.textContent?.trim()}" ${Math.round(box.width)}×${Math.round(box.height)}`),
  );
  expect(small).toEqual([]);
  expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBe(0);
  await expectAxeClean(page);
  await page.setViewportSize({ width: 1280, height: 900 });
}

const customersIn = async (page: Page) =>
  Number((await page.getByTestId('movers-summary').textContent())!.match(/: ([\d,]+) customers?/)![1]!.replace(/,/g, ''));

test('an agent opens the at-risk list from the dashboard, looks over a year, exports it, and turns to the rising', async ({ page }) => {
  const errors = collectConsoleErrors(page);
  await signInThroughForm(page, 'agent@demo-agency.test');
  await expect(page).toHaveURL(/\/analytics\/segmentation$/);
  await page.getByTestId('movers-links').getByRole('link', { name: 'At risk: left Elite or Premium' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'At risk: left Elite or Premium' })).toBeVisible();
  await expect(page).toHaveTitle('At risk: left Elite or Premium · Customer Segmentation');
  // The last 30 days unless another period is chosen, and the period is said.
  await expect(page.getByTestId('period-from')).toHaveValue('30d');
  await expect(page.getByTestId('movers-summary')).toContainText('(30 days before the latest) to');

  await page.getByTestId('period-from').selectOption('year');
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page).toHaveURL(/from=year/);
  await expect(page.getByTestId('movers-summary')).toContainText('(a year before the latest)');
  const rows = page.getByTestId('movers').locator('tbody tr');
  const total = await customersIn(page);
  expect(total).toBeGreaterThan(0);
  await expect(rows).toHaveCount(Math.min(total, 25));
  for (const tiers of await rows.getByTestId('mover-tiers').allInnerTexts()) expect(tiers).toMatch(/^(Elite|Premium) → /);
  for (const moved of await rows.getByTestId('mover-moved').allInnerTexts()) expect(moved).toMatch(/lost$|^\$0\.00$/);
  await expectPhoneFriendly(page);

  const firstId = (await rows.first().locator('td').first().innerText()).split('\n').pop()!.trim();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
  expect(download.suggestedFilename()).toMatch(/^movers-at-risk-\d{4}-\d{2}-\d{2}-to-\d{4}-\d{2}-\d{2}\.csv$/);
  const csv = Buffer.concat(await (await download.createReadStream()).toArray()).toString('utf8');
  const lines = csv.trimEnd().split('\r\n');
  expect(lines[0]).toBe('customer_id,customer_name,email,phone,tier_from,tier_to,premium_from,premium_to,premium_moved');
  expect(lines).toHaveLength(total + 1);
  expect(lines[1]!.startsWith(`${firstId},`)).toBe(true);

  // A customer opened from the list comes back to it.
  await rows.first().getByRole('link').click();
  await expect(page).toHaveURL(/\/customers\/[0-9a-f-]{36}\?from=/);
  await page.getByTestId('back-link').click();
  await expect(page.getByRole('heading', { level: 1, name: 'At risk: left Elite or Premium' })).toBeVisible();
  await expect(page).toHaveURL(/from=year/);

  await page.getByRole('link', { name: 'Rising instead' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Rising' })).toBeVisible();
  await expect(page).toHaveURL(/direction=up&from=year/);
  expect(await customersIn(page)).toBeGreaterThan(0);
  for (const moved of await rows.getByTestId('mover-moved').allInnerTexts()) expect(moved).toMatch(/gained$|^\$0\.00$/);
  await expectPhoneFriendly(page);
  const [rising] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
  expect(rising.suggestedFilename()).toMatch(/^movers-rising-/);
  expect(errors).toEqual([]);
});

test('a viewer sees the movers with names masked, no export, and is refused the export', async ({ page }) => {
  await signInThroughForm(page, 'viewer@demo-agency.test');
  await expect(page).toHaveURL(/\/analytics\/segmentation$/);
  await page.goto('/analytics/segmentation/movers?direction=up&from=year');
  const firstCustomer = page.getByTestId('movers').locator('tbody tr').first().locator('td').first();
  await expect(firstCustomer).toHaveText(/^[A-Z]\. [A-Z]\./);
  await expect(page.getByTestId('export-csv')).toHaveCount(0);
  const refused = await page.request.get('/api/analytics/segmentation/movers/export?direction=up&from=year');
  expect(refused.status()).toBe(403);
  expect(((await refused.json()) as { detail: string }).detail).toBe('Your role (viewer) does not allow this.');
});

test('tier movement shows the last 30 days by default, takes named periods, and keeps its picture readable on a phone', async ({
  page,
}) => {
  await signInThroughForm(page, 'agent@demo-agency.test');
  await expect(page).toHaveURL(/\/analytics\/segmentation$/);
  await page.getByTestId('movers-links').getByRole('link', { name: 'Tier movement' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Tier movement' })).toBeVisible();
  await expect(page.getByTestId('period-from')).toHaveValue('30d');
  await expect(page.getByTestId('movement-period')).toContainText('(30 days before the latest) to');
  await page.getByTestId('period-from').selectOption('year');
  await page.getByRole('button', { name: 'Compare' }).click();
  await expect(page.getByTestId('movement-period')).toContainText('(a year before the latest)');
  await expect(page.getByTestId('movers-links')).toContainText('Who moved in this period');

  await page.setViewportSize({ width: 375, height: 800 });
  await expect(page.getByTestId('movement-sankey')).toBeHidden();
  const picture = page.getByTestId('movement-sankey-narrow');
  await expect(picture).toBeVisible();
  const labels = await picture.evaluate((svg) => {
    const frame = svg.getBoundingClientRect();
    return [...svg.querySelectorAll('text')].map((text) => {
      const box = text.getBoundingClientRect();
      return { text: text.textContent, box: box.toJSON(), frame: frame.toJSON() };
    });
  });
  expect(labels.length).toBeGreaterThan(2);
  for (const [i, label] of labels.entries()) {
    // Drawn at 11.5 px or more, inside the picture, and clear of every other label.
    expect(label.box.height, label.text!).toBeGreaterThanOrEqual(11.5);
    expect(label.box.left).toBeGreaterThanOrEqual(label.frame.left - 0.5);
    expect(label.box.right).toBeLessThanOrEqual(label.frame.right + 0.5);
    expect(label.box.top).toBeGreaterThanOrEqual(label.frame.top - 0.5);
    expect(label.box.bottom).toBeLessThanOrEqual(label.frame.bottom + 0.5);
    for (const other of labels.slice(i + 1)) {
      const apart =
        label.box.right <= other.box.left ||
        other.box.right <= label.box.left ||
        label.box.bottom <= other.box.top ||
        other.box.bottom <= label.box.top;
      expect(apart, `${label.text} overlaps ${other.text}`).toBe(true);
    }
  }
  await expectPhoneFriendly(page);
});

test('without two snapshot days the movers page says how to compute the history', async ({ page }) => {
  // Second Agency has no book: the seed's refresh is its one snapshot.
  await signInThroughForm(page, 'owner@demo-agency.test');
  await expect(page).toHaveURL(/\/analytics\/segmentation$/);
  await switchAgency(page, 'Second Agency (admin)');
  await expect(page.getByTestId('agency-name')).toHaveText('Second Agency');
  await page.goto('/analytics/segmentation/movers?direction=down');
  const notice = page.getByTestId('no-history');
  await expect(notice).toContainText('One snapshot so far');
  await expect(notice).toContainText('npm run insights:backfill -- --agency second-agency');
  await expect(page.getByTestId('movers')).toHaveCount(0);
  await expectPhoneFriendly(page);
});
