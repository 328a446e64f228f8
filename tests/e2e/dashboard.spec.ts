import { gzipSync } from 'node:zlib';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { expectOnDashboard, layoutShiftWhileLoading, signInThroughForm, switchAgency, waitForCardsShown } from './helpers';

/**
 * The Customer Segmentation dashboard as Demo Agency's owner sees it. One sign-in for the whole
 * file (sign-ins share a per-IP limit), one page, tests in order.
 */
test.describe.configure({ mode: 'serial' });

let page: Page;
const offOrigin: string[] = [];
const TIERS = ['elite', 'premium', 'standard', 'entry'] as const;

test.beforeAll(async ({ browser }) => {
  // A context of its own (axe needs one), kept for the whole file.
  page = await (await browser.newContext()).newPage();
  // Without a PostHog key (as here) analytics must stay inert: no request leaves the app's origin.
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (!['127.0.0.1', 'localhost'].includes(url.hostname) && url.protocol !== 'data:') offOrigin.push(request.url());
  });
  await signInThroughForm(page, 'owner@demo-agency.test');
  await expectOnDashboard(page, 'Demo Agency', 'owner');
});
test.afterAll(() => page.context().close());

test('shows four tier cards whose counts equal the API', async () => {
  const response = await page.request.get('/api/analytics/segmentation');
  expect(response.status()).toBe(200);
  const summary = (await response.json()) as {
    dataMode: string;
    segments: { tier: string; count: number }[];
    totals: { crossSellOpportunities: number };
  };
  expect(summary.dataMode).toBe('live');
  await expect(page.getByTestId('data-mode-badge')).toHaveText('● Live Data');
  for (const tier of TIERS) {
    const expected = summary.segments.find((s) => s.tier === tier)!.count;
    expect(expected).toBeGreaterThan(0);
    await expect(page.getByTestId(`tier-count-${tier}`)).toHaveText(expected.toLocaleString('en-US'));
  }
  await expect(page.getByTestId('summary-cross-sell')).toHaveText(summary.totals.crossSellOpportunities.toLocaleString('en-US'));
  await expect(page.getByTestId('computed-ago')).toHaveText(/computed (just now|\d+ minutes? ago)/);
});

test('opens the methodology panel with the agency rules in words', async () => {
  await page.getByRole('button', { name: 'How tiers are computed' }).click();
  const panel = page.getByRole('region', { name: 'How tiers are computed' });
  await expect(panel).toContainText('annual premium of at least $10,000, or annual premium of at least $5,000 across 3 or more lines');
  await expect(panel).toContainText('rules version 1');
  await page.getByRole('button', { name: 'Hide methodology' }).click();
  await expect(panel).toBeHidden();
});

test('refreshes without blocking the page', async () => {
  // Hold the refresh response so the page can be used while it is pending.
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route('**/api/analytics/segmentation/refresh', async (route) => {
    await held;
    await route.continue();
  });
  await page.getByRole('button', { name: 'Refresh' }).click();
  await expect(page.getByRole('button', { name: 'Refreshing…' })).toBeVisible();
  await page.getByRole('button', { name: 'How tiers are computed' }).click();
  await expect(page.getByRole('region', { name: 'How tiers are computed' })).toBeVisible();
  release();
  await expect(page.getByRole('button', { name: 'Refresh' })).toBeVisible();
  await expect(page.getByTestId('computed-ago')).toHaveText('computed just now');
  await page.unroute('**/api/analytics/segmentation/refresh');
  await page.getByRole('button', { name: 'Hide methodology' }).click();
});

test('explains a failed refresh and keeps the figures', async () => {
  await page.route('**/api/analytics/segmentation/refresh', (route) =>
    route.fulfill({ status: 429, headers: { 'retry-after': '42', 'content-type': 'application/problem+json' }, body: '{"status":429}' }),
  );
  const before = await page.getByTestId('tier-count-elite').textContent();
  await page.getByRole('button', { name: 'Refresh' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Too many refreshes' })).toContainText('Try again in 42 seconds.');
  await expect(page.getByTestId('tier-count-elite')).toHaveText(before!);
  await page.unroute('**/api/analytics/segmentation/refresh');
});

test('lays out on a 375 px phone, a tablet and a desktop, accessibly, with 44 px targets', async () => {
  await waitForCardsShown(page);
  for (const width of [375, 768, 1280]) {
    await page.setViewportSize({ width, height: 900 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow, `sideways scroll at ${width} px`).toBe(0);
    const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    expect(
      results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
      `at ${width} px`,
    ).toEqual([]);
    const small = await page.evaluate(() =>
      [...document.querySelectorAll('a, button, select, input:not([type=hidden])')]
        .filter((el) => (el as HTMLElement).offsetParent !== null && !el.closest('.sr-only'))
        .map((el) => ({ el, box: el.getBoundingClientRect() }))
        .filter(({ box }) => box.width < 44 || box.height < 44)
        .map(({ el }) => el.textContent?.trim()),
    );
    expect(small, `controls under 44 px at ${width} px`).toEqual([]);
  }
  // At 375 px the tier cards stack in one column.
  await page.setViewportSize({ width: 375, height: 900 });
  const [elite, premium] = await Promise.all([
    page.getByTestId('tier-card-elite').boundingBox(),
    page.getByTestId('tier-card-premium').boundingBox(),
  ]);
  expect(premium!.y).toBeGreaterThan(elite!.y + elite!.height - 1);
  await page.setViewportSize({ width: 1280, height: 900 });
});

test('shows every card and figure in the server HTML: without JavaScript, the dashboard is complete', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false, extraHTTPHeaders: { 'x-forwarded-for': '203.0.113.200' } });
  const noScript = await context.newPage();
  // The sign-in form works as a plain form post too.
  await noScript.goto('/sign-in');
  await noScript.getByLabel('Email').fill('owner@demo-agency.test');
  await noScript.getByLabel('Password').fill('segments-demo');
  await noScript.getByRole('button', { name: 'Sign in' }).click();
  await expect(noScript).toHaveURL(/\/analytics\/segmentation$/);
  const summary = (await (await noScript.request.get('/api/analytics/segmentation')).json()) as {
    segments: { tier: string; count: number }[];
  };
  for (const segment of summary.segments) {
    const card = noScript.getByTestId(`tier-card-${segment.tier}`);
    await expect(card).toBeVisible();
    await expect(noScript.getByTestId(`tier-count-${segment.tier}`)).toHaveText(segment.count.toLocaleString('en-US'));
    // Nothing waits for a script to fade it in.
    const opacity = await card.evaluate((element) => {
      let node: Element | null = element;
      let visible = 1;
      while (node) {
        visible *= Number(getComputedStyle(node).opacity);
        node = node.parentElement;
      }
      return visible;
    });
    expect(opacity, segment.tier).toBe(1);
  }
  await expect(noScript.getByTestId('summary-customers')).toBeVisible();
  await context.close();
});

test('puts the headline figures first on a phone', async () => {
  await page.setViewportSize({ width: 375, height: 740 });
  await page.reload();
  const customers = await page.getByTestId('summary-customers').boundingBox();
  const premium = await page.getByTestId('summary-premium').boundingBox();
  const elite = await page.getByTestId('tier-card-elite').boundingBox();
  // On the first screen, above the tier cards.
  expect(customers!.y + customers!.height).toBeLessThan(740);
  expect(premium!.y + premium!.height).toBeLessThan(740);
  expect(customers!.y).toBeLessThan(elite!.y);
  await page.setViewportSize({ width: 1280, height: 900 });
});

test('Second Agency shows ○ Demo Data', async () => {
  await switchAgency(page, 'Second Agency (admin)');
  await expect(page.getByTestId('data-mode-badge')).toHaveText('○ Demo Data');
  await expect(page.getByTestId('demo-notice')).toBeVisible();
  for (const tier of TIERS) await expect(page.getByTestId(`tier-card-${tier}`)).toBeVisible();
  await switchAgency(page, 'Demo Agency (owner)');
  await expect(page.getByTestId('data-mode-badge')).toHaveText('● Live Data');
});

test('shows the cards without animation when the user prefers reduced motion', async () => {
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await page.reload();
  // Read in the same frame the page appears: nothing may start transparent or shifted.
  const styles = await page.evaluate(() =>
    [...document.querySelectorAll('[data-testid^="tier-card-"]')].map((card) => {
      const style = getComputedStyle(card.parentElement!);
      return `${style.opacity} ${style.transform}`;
    }),
  );
  expect(styles).toEqual(['1 none', '1 none', '1 none', '1 none']);
  await page.emulateMedia({ reducedMotion: 'no-preference' });
});

test('does not grow the browser heap over 20 refreshes (SPEC §10)', async () => {
  // The client side only: the server answers with the same summary every time.
  const summary = await (await page.request.get('/api/analytics/segmentation')).text();
  await page.route('**/api/analytics/segmentation/refresh', (route) =>
    route.fulfill({ status: 200, contentType: 'application/json', body: summary }),
  );
  const cdp = await page.context().newCDPSession(page);
  const heapAfterGc = async () => {
    await cdp.send('HeapProfiler.collectGarbage');
    return ((await cdp.send('Runtime.getHeapUsage')) as { usedSize: number }).usedSize;
  };
  const refreshOnce = async () => {
    await page.getByRole('button', { name: 'Refresh' }).click();
    await expect(page.getByRole('button', { name: 'Refresh' })).toBeEnabled();
    await expect(page.getByRole('button', { name: 'Refreshing…' })).toHaveCount(0);
  };
  for (let i = 0; i < 3; i += 1) await refreshOnce();
  const before = await heapAfterGc();
  for (let i = 0; i < 20; i += 1) await refreshOnce();
  const growthKb = ((await heapAfterGc()) - before) / 1024;
  console.log(`heap growth over 20 refreshes: ${growthKb.toFixed(0)} KB`);
  expect(growthKb).toBeLessThan(1024);
  await page.unroute('**/api/analytics/segmentation/refresh');
  await cdp.detach();
});

test('loads at most 200 KB of JavaScript (gzip) on a first visit (SPEC §10)', async ({ browser }) => {
  // A fresh context with the same session: nothing cached, every script downloaded.
  const context = await browser.newContext({ storageState: await page.context().storageState() });
  const fresh = await context.newPage();
  const scripts: Promise<number>[] = [];
  fresh.on('response', (response) => {
    if (response.request().resourceType() === 'script') scripts.push(response.body().then((body) => gzipSync(body).length));
  });
  await fresh.goto('/analytics/segmentation');
  await expect(fresh.getByTestId('tier-card-elite')).toBeVisible();
  const sizes = await Promise.all(scripts);
  const totalKb = sizes.reduce((sum, size) => sum + size, 0) / 1024;
  console.log(`dashboard first-load JavaScript: ${sizes.length} scripts, ${totalKb.toFixed(1)} KB gzip`);
  expect(totalKb).toBeLessThanOrEqual(200);
  await context.close();
});

test('does not move while it loads on a slow phone', async ({ browser }) => {
  const context = await browser.newContext({
    storageState: await page.context().storageState(),
    viewport: { width: 412, height: 823 },
    isMobile: true,
    hasTouch: true,
  });
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const { total, moved } = await layoutShiftWhileLoading(await context.newPage(), '/analytics/segmentation');
    expect(total, `layout shift, load ${attempt + 1}; moved: ${moved.join('; ') || 'nothing'}`).toBeLessThan(0.01);
  }
  await context.close();
});

test('sends nothing anywhere but the app: analytics are inert without a key', async () => {
  expect(offOrigin).toEqual([]);
});

test('the troubleshooting page shows live diagnostics', async () => {
  await page.getByRole('link', { name: 'Help' }).click();
  await expect(page.getByRole('heading', { name: 'Diagnostics for Demo Agency' })).toBeVisible();
  await expect(page.getByTestId('diagnostic-data-mode')).toHaveText('● Live Data');
  await expect(page.getByTestId('diagnostic-on-file')).toContainText('2,500 customers');
  await expect(page.getByTestId('diagnostic-last-refresh')).not.toHaveText('never');
  await expect(page.getByTestId('refresh-runs')).toContainText('OK');
  await expect(page.getByText('Why does the dashboard say “○ Demo Data”?')).toBeVisible();
});
