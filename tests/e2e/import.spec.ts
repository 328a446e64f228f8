import { expect, test } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { collectConsoleErrors, signInThroughForm } from './helpers';

// Its own client address: the sign-in limit (10 a minute per IP) is shared with the other specs.
test.use({ extraHTTPHeaders: { 'x-forwarded-for': '203.0.113.77' } });

/** A small export whose policy column is not recognised, with ambiguous slashed dates and one bad row. */
const FILE = [
  'Account Number,Insured Name,Ref,Coverage,Written Premium,Eff Date,Exp Date',
  'E2E-1,Katherine Johnson,E2E-P1,Personal Auto,"$7,000.00",3/4/2026,3/4/2027',
  'E2E-1,Katherine Johnson,E2E-P2,HO3,"$5,000.00",3/4/2026,3/4/2027',
  'E2E-2,Dorothy Vaughan,E2E-P3,Renters,not a number,3/4/2026,',
].join('\r\n');

test('an admin uploads a file, maps a column, reads the report, imports, and sees the dashboard change', async ({ page }) => {
  const errors = collectConsoleErrors(page);
  await signInThroughForm(page, 'admin@demo-agency.test');
  await expect(page).toHaveURL(/\/analytics\/segmentation$/);
  const eliteBefore = Number((await page.getByTestId('tier-count-elite').textContent())!.replace(/,/g, ''));

  await page.getByRole('link', { name: 'Import' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Import book of business' })).toBeVisible();
  await page.getByLabel('CSV file').setInputFiles({ name: 'e2e-book.csv', mimeType: 'text/csv', buffer: Buffer.from(FILE) });

  // The mapping step: Policy ID could not be matched, so the user picks its column.
  await expect(page.getByTestId('mapping-needed')).toHaveText('Choose the column for: Policy ID.');
  const upload = page.getByRole('button', { name: 'Upload and validate' });
  await expect(upload).toBeDisabled();
  await page.getByLabel('Policy ID').selectOption('Ref');
  await expect(page.getByTestId('mapping-needed')).toHaveCount(0);
  // 3/4/2026 reads both ways: the user says how dates are written.
  await page.getByLabel('Month first (US): 03/04/2026 is March 4').check();
  await expect(page.getByTestId('import-preview')).toContainText('K. J.');
  await expect(page.getByTestId('import-preview')).not.toContainText('Katherine');
  expect((await new AxeBuilder({ page }).include('main').analyze()).violations).toEqual([]);

  await upload.click();
  const report = page.getByTestId('import-report');
  await expect(report).toContainText('Validation report for e2e-book.csv');
  await expect(page.getByTestId('import-issues')).toContainText('Premium is not a number');
  await page.getByRole('button', { name: 'Import 2 valid rows, skip 1' }).click();

  const summary = page.getByTestId('import-summary');
  await expect(summary).toContainText('Customers: 1 created, 0 updated, 0 unchanged');
  await expect(summary).toContainText('Policies: 2 created, 0 updated, 0 unchanged');
  await expect(summary).toContainText('1 rows skipped');
  await expect(page.getByTestId('import-history')).toContainText('e2e-book.csv');
  await expect(page.getByTestId('import-history')).toContainText('admin@demo-agency.test');

  await page.getByRole('link', { name: 'See the dashboard' }).click();
  await expect(page).toHaveURL(/\/analytics\/segmentation$/);
  // Katherine Johnson: 12,000.00 of active premium makes one more Elite customer.
  await expect(page.getByTestId('tier-count-elite')).toHaveText((eliteBefore + 1).toLocaleString('en-US'));
  expect(errors).toEqual([]);
});

test('the import page fits a 375 px phone, accessibly, with 44 px targets', async ({ page }) => {
  await page.setViewportSize({ width: 375, height: 800 });
  await signInThroughForm(page, 'owner@demo-agency.test');
  await expect(page).toHaveURL(/\/analytics\/segmentation$/);
  await page.goto('/customers/import');
  await page.getByLabel('CSV file').setInputFiles({ name: 'phone.csv', mimeType: 'text/csv', buffer: Buffer.from(FILE) });
  await expect(page.getByTestId('mapping-needed')).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
  for (const control of await page.locator('main select, main button, main input[type=radio]').all()) {
    const box = await control.boundingBox();
    // Radios sit inside 44 px labels; selects and buttons are 44 px themselves.
    const target = (await control.getAttribute('type')) === 'radio' ? await control.locator('xpath=ancestor::label').boundingBox() : box;
    expect(target!.height, await control.evaluate((element) => element.outerHTML.slice(0, 80))).toBeGreaterThanOrEqual(44);
  }
  expect((await new AxeBuilder({ page }).include('main').analyze()).violations).toEqual([]);
});

test('a file larger than the proxy would buffer (10 MB) arrives whole', async ({ page }) => {
  await signInThroughForm(page, 'admin@demo-agency.test');
  await expect(page).toHaveURL(/\/analytics\/segmentation$/);
  const rows = 200_000;
  const lines = ['customer_id,policy_id,line_of_business,annual_premium,effective_date'];
  for (let i = 1; i <= rows; i += 1) lines.push(`BIG-${i},BIG-P${i},Personal Auto,1234.56,2026-01-01`);
  const body = Buffer.from(`${lines.join('\n')}\n`);
  expect(body.length).toBeGreaterThan(10 * 1024 * 1024);
  const mapping = {
    customer_id: 'customer_id',
    policy_id: 'policy_id',
    line_of_business: 'line_of_business',
    annual_premium: 'annual_premium',
    effective_date: 'effective_date',
  };
  const response = await page.request.post(
    `/api/customers/import?fileName=big.csv&mapping=${encodeURIComponent(JSON.stringify(mapping))}`,
    {
      headers: { 'content-type': 'text/csv' },
      data: body,
      timeout: 120_000,
    },
  );
  expect(response.status()).toBe(201);
  const { job } = (await response.json()) as { job: { id: string; rowsTotal: number; rowsValid: number; fileBytes: number } };
  expect(job).toMatchObject({ rowsTotal: rows, rowsValid: rows, fileBytes: body.length });
  expect((await page.request.delete(`/api/customers/import/${job.id}`)).status()).toBe(204);
});
