import { expect, type Page } from '@playwright/test';

export const DEMO_PASSWORD = 'segments-demo';

/** Signs in through the form, as a person would, and waits for the dashboard. */
export async function signInThroughForm(page: Page, email: string, password = DEMO_PASSWORD) {
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** Fails the test on any console error: a CSP violation or a hydration error would show here. */
export function collectConsoleErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}

export async function expectOnDashboard(page: Page, agencyName: string, role: string) {
  await expect(page).toHaveURL(/\/analytics\/segmentation$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Customer Segmentation' })).toBeVisible();
  await expect(page.getByTestId('agency-name')).toHaveText(agencyName);
  await expect(page.getByTestId('agency-role')).toHaveText(role);
  await expect(page.getByRole('link', { name: 'Analytics' })).toHaveAttribute('aria-current', 'page');
}

/** All four tier cards on the page and fully opaque (accessibility checks read their colours). */
export async function waitForCardsShown(page: Page) {
  await page.waitForFunction(() => {
    const cards = [...document.querySelectorAll('[data-testid^="tier-card-"]')];
    return cards.length === 4 && cards.every((card) => getComputedStyle(card.parentElement!).opacity === '1');
  });
}

/** Chooses an agency in the switcher and confirms with Switch (choosing alone never switches). */
export async function switchAgency(page: Page, label: string) {
  await page.getByLabel('Agency', { exact: true }).selectOption({ label });
  await page.getByRole('button', { name: 'Switch', exact: true }).click();
}
