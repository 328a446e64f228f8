import AxeBuilder from '@axe-core/playwright';
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

/** What moved while a page loaded: the total layout shift and the elements that moved. */
export interface LayoutShift {
  total: number;
  moved: string[];
}

/**
 * How much the page moves while it loads on a slow phone (4× CPU throttling): the sum of the
 * layout shifts the browser records (CLS; Google calls 0.1 poor, a still page is 0), and a short
 * description of each element that moved, so a failure names the culprit.
 */
export async function layoutShiftWhileLoading(page: Page, path: string): Promise<LayoutShift> {
  await page.addInitScript(() => {
    const record: { total: number; moved: string[] } = { total: 0, moved: [] };
    (window as unknown as { __layoutShift: typeof record }).__layoutShift = record;
    type ShiftEntry = PerformanceEntry & {
      value: number;
      sources: { node?: Node | null; previousRect: DOMRectReadOnly; currentRect: DOMRectReadOnly }[];
    };
    const describe = (node: Node | null | undefined) => {
      if (!(node instanceof Element)) return node?.nodeName ?? 'unknown';
      const id = node.getAttribute('data-testid') ?? node.id;
      return `${node.tagName.toLowerCase()}${id ? `#${id}` : ''}${node.className && typeof node.className === 'string' ? `.${node.className.split(/\s+/).slice(0, 3).join('.')}` : ''}`;
    };
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries() as ShiftEntry[]) {
        record.total += entry.value;
        for (const source of entry.sources) {
          const { previousRect: from, currentRect: to } = source;
          record.moved.push(
            `${describe(source.node)} at ${Math.round(entry.startTime)} ms: (${from.x},${from.y} ${from.width}×${from.height}) → (${to.x},${to.y} ${to.width}×${to.height})`,
          );
        }
      }
    }).observe({ type: 'layout-shift', buffered: true });
  });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  try {
    await page.goto(path, { waitUntil: 'networkidle' });
    await page.waitForTimeout(500);
    return await page.evaluate(() => (window as unknown as { __layoutShift: LayoutShift }).__layoutShift);
  } finally {
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
    await cdp.detach();
  }
}

export async function expectNoAxeViolations(page: Page) {
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
export async function expectUsableOnPhoneAndDesktop(page: Page) {
  for (const width of [375, 768, 1280]) {
    await page.setViewportSize({ width, height: 900 });
    await expectNoAxeViolations(page);
    expect(await controlsSmallerThan44(page), `at ${width} px`).toEqual([]);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow, `sideways scroll at ${width} px`).toBe(0);
  }
}
