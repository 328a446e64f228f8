import { expect, test, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { collectConsoleErrors, signInThroughForm } from './helpers';

// Its own client address: the sign-in limit (10 a minute per IP) is shared with the other specs.
test.use({ extraHTTPHeaders: { 'x-forwarded-for': '203.0.113.120' } });

const rows = (page: Page) => page.getByTestId('tier-customers').locator('tbody tr');
/** The customer id under the name in a row's first cell. */
const externalIdOf = async (page: Page, index: number) =>
  (await rows(page).nth(index).locator('td').first().innerText()).split('\n').pop()!.trim();

test('a viewer searches by customer id only: no name sort, no name or email search, and says why', async ({ page }) => {
  const errors = collectConsoleErrors(page);
  await signInThroughForm(page, 'viewer@demo-agency.test');
  await expect(page).toHaveURL(/\/analytics\/segmentation$/);
  await page.goto('/analytics/segmentation/entry');
  await expect(page.getByRole('heading', { level: 1, name: /Entry customers/ })).toBeVisible();

  // The search box says what it takes; the sort offers no name.
  const search = page.getByLabel('Customer id', { exact: true });
  await expect(search).toHaveAccessibleDescription('Names and email addresses are hidden for your role, so you search by customer id.');
  await expect(page.getByLabel('Sort by').locator('option')).toHaveText([
    'Premium (highest first)',
    'Lines (most first)',
    'Tenure (longest first)',
    'Next renewal (soonest first)',
  ]);
  expect((await new AxeBuilder({ page }).include('main').analyze()).violations).toEqual([]);

  // A name is refused with the reason, not answered "no match".
  await search.fill('Ann Lee');
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page.getByTestId('list-problem')).toContainText(
    'Your role searches by customer id only: names and email addresses are hidden from viewers.',
  );
  // So is an email address, by the API too (it used to confirm who is a customer).
  const byEmail = await page.request.get('/api/analytics/segmentation/customers?search=ann.lee%40example.com');
  expect(byEmail.status()).toBe(400);
  expect(((await byEmail.json()) as { errors: unknown[] }).errors).toEqual([
    { field: 'query.search', message: 'Your role searches by customer id only: names and email addresses are hidden from viewers.' },
  ]);

  // By customer id the viewer finds the customer.
  await page.goto('/analytics/segmentation/entry');
  const externalId = await externalIdOf(page, 3);
  await search.fill(externalId);
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(rows(page).first()).toContainText(externalId);
  await search.fill('NO-SUCH-ID');
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page.getByTestId('list-empty')).toContainText('No customer id starts with “NO-SUCH-ID”.');

  // An old link sorted by name shows the list in its default order, not "This page link is no longer valid".
  await page.goto('/analytics/segmentation/entry?sort=name');
  await expect(rows(page)).toHaveCount(25);
  await expect(page.getByTestId('list-problem')).toHaveCount(0);
  await expect(page.getByLabel('Sort by')).toHaveValue('premium');
  expect(errors).toEqual([]);
});

test("the working lists show their own filter checked; the renewal watch is in renewal order; a customer's back link returns to the list", async ({
  page,
}) => {
  const errors = collectConsoleErrors(page);
  await signInThroughForm(page, 'agent@demo-agency.test');
  await expect(page).toHaveURL(/\/analytics\/segmentation$/);

  await page.getByRole('link', { name: 'See the list: Renewal watch' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Renewal watch' })).toBeVisible();
  const renewing = page.getByRole('checkbox', { name: /Renewing within 60 days/ });
  await expect(renewing).toBeChecked();
  await expect(renewing).toBeDisabled();
  await expect(page.getByText('Always on in this list')).toBeVisible();
  await expect(page.getByRole('checkbox', { name: /Cross-sell opportunities only/ })).not.toBeChecked();
  await expect(page.getByLabel('Sort by')).toHaveValue('renewal');
  const dates = (await rows(page).locator('td:last-child').allInnerTexts()).map((text) => Date.parse(text));
  expect(dates.length).toBeGreaterThan(1);
  expect(dates).toEqual([...dates].sort((a, b) => a - b));

  await page.goto('/analytics/segmentation/cross-sell');
  const crossSell = page.getByRole('checkbox', { name: /Cross-sell opportunities only/ });
  await expect(crossSell).toBeChecked();
  await expect(crossSell).toBeDisabled();
  await expect(page.getByRole('checkbox', { name: /Renewing within 60 days/ })).not.toBeChecked();
  expect((await new AxeBuilder({ page }).include('main').analyze()).violations).toEqual([]);

  // Second page of Standard sorted by lines, then a customer, then back: the same list, page and order.
  await page.goto('/analytics/segmentation/standard?sort=lines');
  await page.getByTestId('next-page').click();
  await expect(page).toHaveURL(/sort=lines.*cursor=/);
  const listUrl = page.url();
  const externalId = await externalIdOf(page, 0);
  await rows(page).first().getByRole('link').click();
  await expect(page).toHaveURL(/\/customers\/[0-9a-f-]{36}\?from=/);
  await expect(page.getByRole('heading', { level: 2, name: 'Policies' })).toBeVisible();
  await page.getByRole('link', { name: '← Standard customers' }).click();
  await expect(page).toHaveURL(listUrl);
  await expect(page.getByLabel('Sort by')).toHaveValue('lines');
  expect(await externalIdOf(page, 0)).toBe(externalId);

  // A back link to anywhere else is not followed: it goes to the dashboard.
  const customerPath = new URL((await rows(page).first().getByRole('link').getAttribute('href'))!, page.url()).pathname;
  for (const from of ['//evil.test/analytics/segmentation/elite', 'https://evil.test/', '/analytics/segmentation/..//evil.test']) {
    await page.goto(`${customerPath}?from=${encodeURIComponent(from)}`);
    await expect(page.getByTestId('back-link')).toHaveAttribute('href', '/analytics/segmentation');
    await expect(page.getByTestId('back-link')).toHaveText('← Customer Segmentation');
  }

  // The page takes the list API's words: a link in the old ones still opens the same view, and
  // an address the API would refuse is explained with the API's message.
  await page.goto('/analytics/segmentation/elite?renewal=soon');
  await expect(page).toHaveURL(/\/analytics\/segmentation\/elite\?renewalWithinDays=60$/);
  await expect(page.getByRole('checkbox', { name: /Renewing within 60 days/ })).toBeChecked();
  await page.goto('/analytics/segmentation/elite?sort=shoe-size');
  await expect(page.getByTestId('list-problem')).toContainText('Sort by one of: premium, lines, tenure, renewal, name.');
  expect(errors).toEqual([]);
});

test("an agency without customers: its lists offer no export and say why, and the rules' what-if explains its zeros", async ({ page }) => {
  const errors = collectConsoleErrors(page);
  await signInThroughForm(page, 'owner@second-agency.test');
  await expect(page).toHaveURL(/\/analytics\/segmentation$/);
  await expect(page.getByTestId('data-mode-badge')).toHaveText('○ Demo Data');

  for (const view of ['elite', 'renewal-watch']) {
    await page.goto(`/analytics/segmentation/${view}`);
    await expect(page.getByTestId('empty-agency')).toContainText('Your agency has no customers yet, so there is nobody to list.');
    await expect(page.getByTestId('export-csv')).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Apply' })).toHaveCount(0);
  }
  await page.getByRole('link', { name: 'Import your book of business' }).click();
  await expect(page).toHaveURL(/\/customers\/import$/);

  await page.goto('/analytics/segmentation/rules');
  await expect(page.getByTestId('preview-empty-book')).toContainText(
    'Your agency has no customers yet, so every count here is zero. The dashboard meanwhile shows an illustrative demo book',
  );
  await expect(page.getByTestId('preview-count-elite')).toHaveText('0');
  expect(errors).toEqual([]);
});
