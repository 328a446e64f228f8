import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { expectOnDashboard, signInThroughForm, waitForCardsShown } from './helpers';

async function expectNoAxeViolations(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

/** Every visible control must be a 44×44 px touch target (WCAG 2.5.5). */
async function controlsSmallerThan44(page: Page) {
  return page.evaluate(() =>
    [...document.querySelectorAll('a, button, select, input:not([type=hidden])')]
      .filter((el) => (el as HTMLElement).offsetParent !== null && !el.closest('.sr-only'))
      .map((el) => ({ el, box: el.getBoundingClientRect() }))
      .filter(({ box }) => box.width < 44 || box.height < 44)
      .map(({ el, box }) => `${el.tagName} "${el.textContent?.trim()}" ${Math.round(box.width)}×${Math.round(box.height)}`),
  );
}

/** No axe violation, 44 px targets and no sideways scroll, at a phone's, a tablet's and a desktop's width. */
async function expectUsableOnPhoneAndDesktop(page: Page) {
  for (const width of [375, 768, 1280]) {
    await page.setViewportSize({ width, height: 900 });
    await expectNoAxeViolations(page);
    expect(await controlsSmallerThan44(page), `at ${width} px`).toEqual([]);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow, `sideways scroll at ${width} px`).toBe(0);
  }
}

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
