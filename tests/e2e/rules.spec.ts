import { expect, test } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { collectConsoleErrors, signInThroughForm } from './helpers';

// Its own client address: the sign-in limit (10 a minute per IP) is shared with the other specs.
test.use({ extraHTTPHeaders: { 'x-forwarded-for': '203.0.113.99' } });

test('an admin changes a rule, sees the what-if preview, saves, and the dashboard changes', async ({ page }) => {
  const errors = collectConsoleErrors(page);
  await signInThroughForm(page, 'admin@demo-agency.test');
  await expect(page).toHaveURL(/\/analytics\/segmentation$/);
  const eliteBefore = Number((await page.getByTestId('tier-count-elite').textContent())!.replace(/,/g, ''));

  await page.getByRole('button', { name: 'How tiers are computed' }).click();
  await page.getByRole('link', { name: 'Edit tier rules' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Tier rules' })).toBeVisible();
  await expect(page.getByTestId('preview-count-elite')).toHaveText(eliteBefore.toLocaleString('en-US'));
  expect((await new AxeBuilder({ page }).include('main').analyze()).violations).toEqual([]);

  // Elite from $10,000 down to $4,000 on one line: more Elite customers.
  await page.getByLabel('Elite rule 1: minimum annual premium ($)').fill('4000');
  await expect(page.getByTestId('preview-count-elite')).not.toHaveText(eliteBefore.toLocaleString('en-US'));
  const previewed = Number((await page.getByTestId('preview-count-elite').textContent())!.replace(/,/g, ''));
  expect(previewed).toBeGreaterThan(eliteBefore);

  await page.getByRole('button', { name: 'Save rules' }).click();
  await expect(page.getByRole('status')).toContainText('Saved as version 2; the tiers were recomputed.');
  await page.getByRole('link', { name: 'See the dashboard' }).click();
  await expect(page.getByTestId('tier-count-elite')).toHaveText(previewed.toLocaleString('en-US'));

  // Every refresh day is a snapshot; this fresh app has refreshed on one day only.
  await page.goto('/analytics/segmentation/migration');
  await expect(page.getByRole('heading', { level: 1, name: 'Tier migration' })).toBeVisible();
  await expect(page.getByTestId('migration-notice')).toContainText('One snapshot so far');

  await page.goto('/analytics/segmentation/rules');
  await expect(page.getByTestId('rules-history')).toContainText('Version 2');
  await expect(page.getByTestId('rules-history')).toContainText('admin@demo-agency.test');
  expect(errors).toEqual([]);
});
