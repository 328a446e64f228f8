import { expect, test } from '@playwright/test';
import { readFile } from 'node:fs/promises';
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

/** A file with one column no alias knows ("Ref"), one the user leaves out ("Agent Code"), and one row that cannot be imported. */
const MAPPED_FILE = [
  'Account Number,Insured Name,Email Addr,Ref,LOB,Premium,Eff Date,Agent Code',
  'E2E-MAP-1,Mary Jackson,mary.jackson@example.com,E2E-MAP-P1,Renters,500.00,2026-02-01,A7',
  'E2E-MAP-2,Annie Easley,annie@example.com,E2E-MAP-P2,Boat,-40,2026-02-01,A7',
].join('\r\n');

test('every column is accounted for: aliases, a column the user maps, one left out; the report and its skipped rows stay in the history', async ({
  page,
}) => {
  const errors = collectConsoleErrors(page);
  await signInThroughForm(page, 'admin@demo-agency.test');
  await expect(page).toHaveURL(/\/analytics\/segmentation$/);
  await page.goto('/customers/import');
  await page.getByLabel('CSV file').setInputFiles({ name: 'e2e-mapping.csv', mimeType: 'text/csv', buffer: Buffer.from(MAPPED_FILE) });

  // "Email Addr" is a known way to head an email column; "Ref" and "Agent Code" are listed with a select each.
  await expect(page.getByLabel('Email', { exact: true })).toHaveValue('Email Addr');
  const unmapped = page.getByTestId('unmapped-columns');
  await expect(unmapped.getByRole('combobox')).toHaveCount(2);
  await expect(page.getByTestId('ignored-columns')).toHaveText('Will not be imported: Ref, Agent Code.');
  await unmapped.getByLabel('Column “Ref”').selectOption({ label: 'Policy ID' });
  await expect(page.getByLabel('Policy ID')).toHaveValue('Ref');
  await expect(page.getByTestId('mapping-needed')).toHaveCount(0);
  await expect(page.getByTestId('ignored-columns')).toHaveText('Will not be imported: Agent Code.');
  expect((await new AxeBuilder({ page }).include('main').analyze()).violations).toEqual([]);

  await page.getByRole('button', { name: 'Upload and validate' }).click();
  await expect(page.getByTestId('import-issues')).toContainText('Premium is negative');
  await page.getByRole('button', { name: 'Import 1 valid rows, skip 1' }).click();
  await expect(page.getByTestId('import-summary')).toContainText('1 rows skipped');

  // The email came from "Email Addr": searching the book finds the customer with it.
  const found = await page.request.get('/api/analytics/segmentation/customers?search=E2E-MAP-1');
  expect(((await found.json()) as { customers: { externalId: string; email: string }[] }).customers).toEqual([
    expect.objectContaining({ externalId: 'E2E-MAP-1', email: 'mary.jackson@example.com' }),
  ]);

  // The history links to the import's own report, which keeps the skipped row for download.
  await page.getByTestId('import-history').getByRole('link', { name: 'e2e-mapping.csv' }).first().click();
  await expect(page).toHaveURL(/\/customers\/import\/[0-9a-f-]{36}$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Import of e2e-mapping.csv' })).toBeVisible();
  await expect(page.getByTestId('import-summary')).toContainText('Policies: 1 created');
  await expect(page.getByTestId('import-issues')).toContainText('Premium is negative');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Download the 1 skipped row (CSV)' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('e2e-mapping-skipped-rows.csv');
  const skipped = await readFile((await download.path())!, 'utf8');
  expect(skipped).toBe(
    // A plain number stays a number (csv-export.ts neutralizes formulas, not negative amounts).
    'file_row,column,severity,problem,value\r\n3,Premium,error,Premium is negative; premiums must be 0 or more.,-40\r\n',
  );
  expect((await new AxeBuilder({ page }).include('main').analyze()).violations).toEqual([]);

  // At 375 px the report page does not scroll sideways.
  await page.setViewportSize({ width: 375, height: 800 });
  await page.reload();
  await expect(page.getByTestId('import-report')).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
  expect(errors).toEqual([]);

  // A report that is not this agency's (or does not exist) is simply not found.
  expect((await page.goto('/customers/import/00000000-0000-4000-8000-000000000000'))!.status()).toBe(404);
});

test('an agency without a book is led from the demo banner to the import page and the CSV template', async ({ page }) => {
  const errors = collectConsoleErrors(page);
  await signInThroughForm(page, 'owner@second-agency.test');
  await expect(page).toHaveURL(/\/analytics\/segmentation$/);
  const banner = page.getByTestId('demo-notice');
  await expect(banner).toContainText('This agency has no customers yet');

  const [fromBanner] = await Promise.all([
    page.waitForEvent('download'),
    banner.getByRole('link', { name: 'Download the CSV template' }).click(),
  ]);
  expect(fromBanner.suggestedFilename()).toBe('book-of-business-template.csv');
  const template = await readFile((await fromBanner.path())!, 'utf8');
  expect(template.split('\r\n')[0]).toBe(
    'customer_id,customer_name,customer_type,email,phone,policy_id,line_of_business,annual_premium,effective_date,' +
      'expiration_date,status,cancellation_date,contact_name,contact_email,contact_phone,contact_role,is_primary_contact',
  );

  await banner.getByRole('link', { name: 'Import your book' }).click();
  await expect(page).toHaveURL(/\/customers\/import$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Import book of business' })).toBeVisible();
  const [fromPage] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Download the CSV template' }).click(),
  ]);
  expect(await readFile((await fromPage.path())!, 'utf8')).toBe(template);

  // The template's own columns need no mapping at all.
  await page.getByLabel('CSV file').setInputFiles({ name: 'template.csv', mimeType: 'text/csv', buffer: Buffer.from(template) });
  await expect(page.getByTestId('ignored-columns')).toHaveText('Every column of the file will be imported.');
  await expect(page.getByTestId('mapping-needed')).toHaveCount(0);
  await page.setViewportSize({ width: 375, height: 800 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
  expect(errors).toEqual([]);
});
