import { expect, test } from '@playwright/test';
import { expectNoAxeViolations, expectOnDashboard, expectUsableOnPhoneAndDesktop, signInThroughForm, waitForCardsShown } from './helpers';

test('sign-in and the signed-in pages pass axe, on a phone and on a desktop', async ({ page }) => {
  // axe reads every element of the API reference (all operations on one page) three times: about 15 s a width on 2 busy cores.
  test.slow();
  await page.goto('/sign-in');
  await expectNoAxeViolations(page);

  await signInThroughForm(page, 'owner@demo-agency.test');
  await expectOnDashboard(page, 'Demo Agency', 'owner');
  await waitForCardsShown(page);
  await expectUsableOnPhoneAndDesktop(page);
  await page.getByRole('link', { name: 'Help' }).click();
  await expect(page.getByRole('heading', { name: 'Troubleshooting' })).toBeVisible();
  await expectNoAxeViolations(page);
  // The API reference: long paths and JSON examples wrap inside their own boxes.
  await page.getByRole('navigation', { name: 'Help pages' }).getByRole('link', { name: 'API reference' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'API reference' })).toBeVisible();
  await expectUsableOnPhoneAndDesktop(page);
});

test('keyboard focus starts on the email field, with a visible focus ring', async ({ page }) => {
  await page.goto('/sign-in');
  await page.keyboard.press('Tab');
  const focused = await page.evaluate(() => {
    const el = document.activeElement as HTMLElement;
    return { id: el.id, outline: getComputedStyle(el).outlineStyle };
  });
  expect(focused).toEqual({ id: 'email', outline: 'solid' });
});
