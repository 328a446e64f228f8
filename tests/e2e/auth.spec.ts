import { expect, test } from '@playwright/test';
import { collectConsoleErrors, expectOnDashboard, layoutShiftWhileLoading, signInThroughForm, switchAgency } from './helpers';

const DEMO_USERS = [
  { email: 'admin@demo-agency.test', agency: 'Demo Agency', role: 'admin' },
  { email: 'agent@demo-agency.test', agency: 'Demo Agency', role: 'agent' },
  { email: 'viewer@demo-agency.test', agency: 'Demo Agency', role: 'viewer' },
  { email: 'owner@second-agency.test', agency: 'Second Agency', role: 'owner' },
];

test('a signed-out visitor is sent to sign-in, and comes back after it', async ({ page }) => {
  await page.goto('/analytics/segmentation');
  await expect(page).toHaveURL(/\/sign-in\?next=%2Fanalytics%2Fsegmentation$/);
  await expect(page.getByRole('heading', { name: 'Sign in to your agency' })).toBeVisible();
});

test('a wrong password shows a clear message and no session', async ({ page }) => {
  const errors = collectConsoleErrors(page);
  await signInThroughForm(page, 'owner@demo-agency.test', 'wrong-password');
  await expect(page.getByTestId('sign-in-error')).toHaveText('That email and password do not match. Check them and try again.');
  // The form posts without any script and comes back here with the reason, and where to go next.
  await expect(page).toHaveURL(/\/sign-in\?error=invalid-credentials&next=%2Fanalytics%2Fsegmentation$/);
  await expect(page.getByLabel('Email')).toHaveAttribute('aria-describedby', 'sign-in-error');
  expect((await page.context().cookies()).map((c) => c.name)).not.toContain('cs-session');
  expect(errors).toEqual([]);
});

for (const user of DEMO_USERS) {
  test(`${user.email} signs in and reaches Analytics`, async ({ page }) => {
    const errors = collectConsoleErrors(page);
    await signInThroughForm(page, user.email);
    await expectOnDashboard(page, user.agency, user.role);
    expect(errors).toEqual([]);
  });
}

test('the owner of two agencies switches between them, then signs out', async ({ page }) => {
  const errors = collectConsoleErrors(page);
  await signInThroughForm(page, 'owner@demo-agency.test');
  await expectOnDashboard(page, 'Demo Agency', 'owner');
  await expect(page.getByTestId('data-mode-badge')).toHaveText('● Live Data');

  await switchAgency(page, 'Second Agency (admin)');
  await expect(page.getByTestId('agency-name')).toHaveText('Second Agency');
  await expect(page.getByTestId('agency-role')).toHaveText('admin');
  await expect(page.getByTestId('data-mode-badge')).toHaveText('○ Demo Data');
  await expect(page.getByTestId('demo-notice')).toContainText('This agency has no customers yet');

  // The choice sticks across pages and reloads.
  await page.getByRole('link', { name: 'Help' }).click();
  await expect(page.getByRole('heading', { name: 'Diagnostics for Second Agency' })).toBeVisible();
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Diagnostics for Second Agency' })).toBeVisible();

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
  await page.goto('/analytics/segmentation');
  await expect(page).toHaveURL(/\/sign-in\?next=/);
  expect(errors).toEqual([]);
});

test('pages carry the security headers', async ({ request }) => {
  const response = await request.get('/sign-in');
  const headers = response.headers();
  expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
  expect(headers['content-security-policy']).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
  // Plain HTTP here: HSTS is only for responses to HTTPS requests (see hostile-requests.spec.ts).
  expect(headers['strict-transport-security']).toBeUndefined();
  expect(headers['x-powered-by']).toBeUndefined();
});

test('the sign-in page fits a 375 px phone without sideways scrolling', async ({ page }) => {
  await page.setViewportSize({ width: 375, height: 740 });
  await page.goto('/sign-in');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBe(0);
  const button = await page.getByRole('button', { name: 'Sign in' }).boundingBox();
  expect(button!.height).toBeGreaterThanOrEqual(44);
});

test('"Sign out everywhere" ends the session in every browser at once', async ({ browser }) => {
  const signedIn = async (ip: string) => {
    const context = await browser.newContext({ extraHTTPHeaders: { 'x-forwarded-for': ip } });
    const page = await context.newPage();
    await signInThroughForm(page, 'agent@demo-agency.test');
    await expectOnDashboard(page, 'Demo Agency', 'agent');
    return page;
  };
  const laptop = await signedIn('203.0.113.201');
  const phone = await signedIn('203.0.113.202');

  await phone.getByText('agent@demo-agency.test').click();
  await phone.getByRole('button', { name: 'Sign out everywhere' }).click();
  await expect(phone).toHaveURL(/\/sign-in$/);

  // The other browser still holds its cookie, but its session is over.
  await laptop.reload();
  await expect(laptop).toHaveURL(/\/sign-in\?next=/);
  await laptop.context().close();
  await phone.context().close();
});

test('the sign-in page does not move while it loads on a slow phone', async ({ browser }) => {
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const context = await browser.newContext({ viewport: { width: 412, height: 823 }, isMobile: true, hasTouch: true });
    const { total, moved } = await layoutShiftWhileLoading(await context.newPage(), '/sign-in');
    await context.close();
    expect(total, `layout shift, load ${attempt + 1}; moved: ${moved.join('; ') || 'nothing'}`).toBeLessThan(0.01);
  }
});
