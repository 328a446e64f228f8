import { expect, test } from '@playwright/test';
import { collectConsoleErrors, signInThroughForm } from './helpers';

// Its own client address: the sign-in limit (10 a minute per IP) is shared with the other specs.
test.use({ extraHTTPHeaders: { 'x-forwarded-for': '203.0.113.121' } });

test('tier rules and tier movement are in the navigation, and every page title names the app once', async ({ page }) => {
  const errors = collectConsoleErrors(page);
  await signInThroughForm(page, 'agent@demo-agency.test');
  await expect(page).toHaveURL(/\/analytics\/segmentation$/);
  await expect(page).toHaveTitle('Customer Segmentation');
  const nav = page.getByRole('navigation', { name: 'Main' });

  await nav.getByRole('link', { name: 'Tier rules' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Tier rules' })).toBeVisible();
  await expect(nav.getByRole('link', { name: 'Tier rules' })).toHaveAttribute('aria-current', 'page');
  await expect(nav.getByRole('link', { name: 'Analytics' })).not.toHaveAttribute('aria-current', 'page');
  await expect(page).toHaveTitle('Tier rules · Customer Segmentation');

  await nav.getByRole('link', { name: 'Tier movement' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Tier movement' })).toBeVisible();
  await expect(nav.getByRole('link', { name: 'Tier movement' })).toHaveAttribute('aria-current', 'page');
  await expect(page).toHaveTitle('Tier movement · Customer Segmentation');
  // The page and its API were called "migration" before; old links and clients still arrive.
  await page.goto('/analytics/segmentation/migration?from=2026-01-01');
  await expect(page).toHaveURL(/\/analytics\/segmentation\/movement\?from=2026-01-01$/);
  // Days the page cannot show are explained in the use case's words, above the default period.
  await page.goto('/analytics/segmentation/movement?from=2099-01-01');
  await expect(page.getByTestId('movement-problem')).toHaveText(
    /^“From”: No snapshot was taken on 2099-01-01\. The history holds snapshots from \d{4}-\d{2}-\d{2} to \d{4}-\d{2}-\d{2}\. Here is the default period instead\.$/,
  );
  await page.goto('/analytics/segmentation/movement?from=last-week');
  await expect(page.getByTestId('movement-problem')).toHaveText(
    '“From”: Use a date (YYYY-MM-DD) or one of 30d, month-end, year. Here is the default period instead.',
  );
  const oldApi = await page.request.get('/api/analytics/segmentation/migration', { maxRedirects: 0 });
  expect(oldApi.status()).toBe(308);
  expect(oldApi.headers().location).toBe('/api/analytics/segmentation/movement');

  for (const [path, title] of [
    ['/analytics/segmentation/elite', 'Elite customers · Customer Segmentation'],
    ['/analytics/segmentation/renewal-watch', 'Renewal watch · Customer Segmentation'],
    ['/help/troubleshooting', 'Troubleshooting · Customer Segmentation'],
    ['/help/api', 'API reference · Customer Segmentation'],
  ]) {
    await page.goto(path!);
    await expect(page).toHaveTitle(title!);
  }
  // Every help page is under the Help tab.
  await expect(nav.getByRole('link', { name: 'Help' })).toHaveAttribute('aria-current', 'page');
  expect(errors).toEqual([]);
});

test('the agency switcher does not switch on an arrow key: the choice is confirmed with Switch', async ({ page }) => {
  const errors = collectConsoleErrors(page);
  await signInThroughForm(page, 'owner@demo-agency.test');
  await expect(page.getByTestId('agency-name')).toHaveText('Demo Agency');
  const switches: string[] = [];
  page.on('request', (request) => {
    if (request.url().endsWith('/api/agencies/current')) switches.push(request.method());
  });

  const switcher = page.getByLabel('Agency', { exact: true });
  await switcher.focus();
  await page.keyboard.press('ArrowDown');
  await expect(switcher).toHaveValue(/.+/);
  // Time for a switch to happen if it were going to.
  await page.waitForTimeout(1_000);
  expect(switches).toEqual([]);
  await expect(page.getByTestId('agency-name')).toHaveText('Demo Agency');

  // Tab to the button the choice brought up, and press it.
  await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: 'Switch', exact: true })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('agency-name')).toHaveText('Second Agency');
  expect(switches).toEqual(['PUT']);
  await expect(page.getByRole('button', { name: 'Switch', exact: true })).toHaveCount(0);

  // And back, by mouse.
  await switcher.selectOption({ label: 'Demo Agency (owner)' });
  await expect(page.getByTestId('agency-name')).toHaveText('Second Agency');
  await page.getByRole('button', { name: 'Switch', exact: true }).click();
  await expect(page.getByTestId('agency-name')).toHaveText('Demo Agency');
  expect(errors).toEqual([]);
});

test("the help page shows the dashboard's counts under the dashboard's words, in words support can use", async ({ page }) => {
  const errors = collectConsoleErrors(page);
  await signInThroughForm(page, 'agent@demo-agency.test');
  await expect(page).toHaveURL(/\/analytics\/segmentation$/);
  const customersCard = page.getByTestId('summary-customers').locator('..');
  await expect(customersCard.locator('dt')).toHaveText('Customers with a policy in force');
  const customers = (await page.getByTestId('summary-customers').textContent())!;
  const without = /^\+ ([\d,]+) customers without a policy in force$/.exec((await customersCard.locator('dd').nth(1).textContent())!)![1]!;
  const policies = /^([\d,]+) policies in force$/.exec((await page.getByText(/^[\d,]+ policies in force$/).textContent())!)![1]!;

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Help' }).click();
  const fact = (key: string) => page.getByTestId(`diagnostic-${key}`);
  const label = (key: string) => fact(key).locator('xpath=preceding-sibling::dt');
  await expect(label('customers-in-force')).toHaveText('Customers with a policy in force');
  await expect(fact('customers-in-force')).toHaveText(customers);
  await expect(label('customers-without-policy')).toHaveText('Customers without a policy in force');
  await expect(fact('customers-without-policy')).toHaveText(without);
  await expect(label('policies-in-force')).toHaveText('Policies in force');
  await expect(fact('policies-in-force')).toHaveText(policies);
  // Everything on file is counted apart, and adds up.
  const onFile = /^([\d,]+) customers, ([\d,]+) policies$/.exec((await fact('on-file').textContent())!)!;
  const count = (text: string) => Number(text.replace(/,/g, ''));
  expect(count(onFile[1]!)).toBe(count(customers) + count(without));
  expect(count(onFile[2]!)).toBeGreaterThan(count(policies));

  // Dates written one way; the FAQ points at the diagnostics where they are; no engineering jargon.
  await expect(fact('last-refresh')).toHaveText(
    /^[A-Z][a-z]+ \d{1,2}, \d{4}, \d{2}:\d{2} UTC, as of [A-Z][a-z]+ \d{1,2}, \d{4} \(rules version \d+\)$/,
  );
  await expect(page.getByText('the diagnostics above show the last runs')).toBeVisible();
  await expect(page.locator('main')).not.toContainText('below');
  await expect(page.locator('main')).not.toContainText('PGlite');
  await expect(page.locator('main')).not.toContainText('Embedded');
  expect(errors).toEqual([]);
});
