import { expect, test } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { collectConsoleErrors, signInThroughForm } from './helpers';

// Its own client address: the sign-in limit (10 a minute per IP) is shared with the other specs.
test.use({ extraHTTPHeaders: { 'x-forwarded-for': '203.0.113.88' } });

test('an agent opens a tier, pages through it, searches, opens a customer and exports the list', async ({ page }) => {
  const errors = collectConsoleErrors(page);
  await signInThroughForm(page, 'agent@demo-agency.test');
  await expect(page).toHaveURL(/\/analytics\/segmentation$/);
  const standardCount = Number((await page.getByTestId('tier-count-standard').textContent())!.replace(/,/g, ''));
  expect(standardCount).toBeGreaterThan(25);

  // The renewal watch card leads to the list it counts.
  const watched = (await page.getByTestId('summary-renewal-watch').textContent())!;
  await page.getByRole('link', { name: 'See the list: Renewal watch' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Renewal watch' })).toBeVisible();
  if (Number(watched) <= 25) await expect(page.getByTestId('tier-customers').locator('tbody tr')).toHaveCount(Number(watched));
  await page.goBack();

  await page.getByRole('link', { name: 'View Standard customers' }).click();
  await expect(page.getByRole('heading', { level: 1, name: /Standard customers/ })).toBeVisible();
  const rows = page.getByTestId('tier-customers').locator('tbody tr');
  await expect(rows).toHaveCount(25);
  const firstPage = await rows.locator('td:first-child').allInnerTexts();
  expect((await new AxeBuilder({ page }).include('main').analyze()).violations).toEqual([]);

  await page.getByTestId('next-page').click();
  await expect(page).toHaveURL(/cursor=/);
  const secondPage = await rows.locator('td:first-child').allInnerTexts();
  expect(secondPage.length).toBeGreaterThan(0);
  expect(secondPage.some((cell) => firstPage.includes(cell))).toBe(false);

  // Sorted by name (opened and sorted by the server: names are sealed at rest).
  await page.getByLabel('Sort by').selectOption('name');
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page).toHaveURL(/sort=name/);
  const names = (await rows.locator('td:first-child').allInnerTexts()).map((cell) => cell.split('\n')[0]!.trim());
  const collator = new Intl.Collator('en', { sensitivity: 'base', numeric: true });
  expect(names).toEqual([...names].sort(collator.compare));
  await page.getByLabel('Sort by').selectOption('premium');

  // Search by a customer id seen on the page.
  const externalId = secondPage[0]!.split('\n').pop()!.trim();
  await page.getByLabel('Search').fill(externalId);
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(rows.first()).toContainText(externalId);
  expect((await rows.locator('td:first-child').allInnerTexts()).every((cell) => cell.includes(externalId))).toBe(true);

  await rows.first().getByRole('link').click();
  await expect(page).toHaveURL(/\/customers\/[0-9a-f-]{36}\?from=/);
  await expect(page.getByRole('heading', { level: 2, name: 'Policies' })).toBeVisible();
  await expect(page.getByText(externalId)).toBeVisible();

  await page.goBack();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
  expect(download.suggestedFilename()).toMatch(/^customers-standard-\d{4}-\d{2}-\d{2}\.csv$/);
  const csv = await (await download.createReadStream()).toArray();
  const text = Buffer.concat(csv).toString('utf8');
  expect(text.split('\r\n')[0]).toBe(
    'customer_id,customer_name,email,phone,customer_type,tier,annual_premium,distinct_lines,tenure_years,next_renewal_date',
  );
  expect(text).toContain(externalId);
  expect(errors).toEqual([]);
});

test('a viewer sees masked names, no export button, and is refused the export', async ({ page }) => {
  await signInThroughForm(page, 'viewer@demo-agency.test');
  await expect(page).toHaveURL(/\/analytics\/segmentation$/);
  await page.getByRole('link', { name: 'View Entry customers' }).click();
  const firstCustomer = page.getByTestId('tier-customers').locator('tbody tr').first().locator('td').first();
  await expect(firstCustomer).toHaveText(/^[A-Z]\. [A-Z]\./);
  await expect(page.getByTestId('export-csv')).toHaveCount(0);
  const refused = await page.request.get('/api/analytics/segmentation/export?tier=entry');
  expect(refused.status()).toBe(403);
  expect(((await refused.json()) as { detail: string }).detail).toBe('Your role (viewer) does not allow this.');
});
