import { expect, test, type Page } from '@playwright/test';
import { parseExposition, sampleValue } from '../helpers/prometheus';
import { collectConsoleErrors, expectUsableOnPhoneAndDesktop, signInThroughForm } from './helpers';

/**
 * The SLOs on the troubleshooting page of the production server, whose evaluation started with
 * it: owners and admins see every objective's card with its state, value, thresholds and since
 * when, readable on a phone; agents and viewers see the rest of the page without it.
 */
test.use({ extraHTTPHeaders: { 'x-forwarded-for': '203.0.113.151' } });

const CARDS = [
  ['availability', 'Availability', 'at least 99.9%', 'below 99.9%', 'below 99%'],
  ['summary-latency', 'Summary p95', 'under 500 ms', 'above 500 ms', 'above 1000 ms'],
  ['error-rate', 'Error rate', 'under 0.1%', 'above 1%', 'above 5%'],
  ['data-freshness', 'Data freshness', 'under 26 h', 'above 26 h', 'above 50 h'],
] as const;

async function openTroubleshooting(page: Page, email: string) {
  await signInThroughForm(page, email);
  await expect(page).toHaveURL(/\/analytics\/segmentation$/);
  await page.getByRole('link', { name: 'Help' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Troubleshooting' })).toBeVisible();
}

for (const role of ['owner', 'admin'] as const) {
  test(`the ${role} sees each SLO’s state, value, thresholds and since when`, async ({ page }) => {
    const errors = collectConsoleErrors(page);
    await openTroubleshooting(page, `${role}@demo-agency.test`);
    const panel = page.getByTestId('service-objectives');
    await expect(panel.getByRole('heading', { level: 2, name: 'Service objectives' })).toBeVisible();
    for (const [id, name, objective, warning, critical] of CARDS) {
      const card = panel.getByTestId(`slo-${id}`);
      await expect(card.getByRole('heading', { level: 3, name })).toBeVisible();
      await expect(card.getByTestId('slo-state')).toHaveText(/^(OK|Warning|Critical|No data)$/);
      await expect(card.getByTestId('slo-since')).toHaveText(/^\w+ \d{1,2}, \d{4}, \d\d:\d\d UTC$/);
      const thresholds = { Objective: objective, Warning: warning, Critical: critical };
      for (const [label, value] of Object.entries(thresholds))
        await expect(card.locator('dt', { hasText: label }).locator('+ dd')).toHaveText(value);
    }
    // The demo book was refreshed at the first start: fresh, and judged so at once.
    const freshness = panel.getByTestId('slo-data-freshness');
    await expect(freshness.getByTestId('slo-state')).toHaveText('OK');
    await expect(freshness.getByTestId('slo-value')).toHaveText(/^\d+ h \(0 of \d+ agenc(y|ies) with customers older than 26 h\)$/);
    // Requests are judged once there are enough: a value and its counts, or how many are still needed.
    await expect(panel.getByTestId('slo-error-rate').getByTestId('slo-value')).toHaveText(
      /^(\d+(\.\d+)?% \(\d+ of [\d,]+ requests failed\)|— \([\d,]+ requests?; 20 needed\))$/,
    );
    await expect(panel).toContainText(/Last judged \w+ \d{1,2}, \d{4}, \d\d:\d\d UTC, again every 30 seconds/);
    if (role === 'owner') await expectUsableOnPhoneAndDesktop(page);
    expect(errors).toEqual([]);
  });
}

for (const role of ['agent', 'viewer'] as const) {
  test(`the ${role} sees the troubleshooting page without the SLOs`, async ({ page }) => {
    await openTroubleshooting(page, `${role}@demo-agency.test`);
    await expect(page.getByRole('heading', { name: 'Diagnostics for Demo Agency' })).toBeVisible();
    await expect(page.getByRole('heading', { level: 2, name: 'Common questions' })).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Service objectives' })).toHaveCount(0);
    await expect(page.getByTestId('service-objectives')).toHaveCount(0);
    await expect(page.getByText('Availability')).toHaveCount(0);
  });
}

test('the same states are Prometheus gauges on /api/metrics, one series per state', async ({ request }) => {
  // scripts/e2e-server.mjs sets METRICS_TOKEN.
  const response = await request.get('/api/metrics', { headers: { authorization: 'Bearer e2e-metrics-token-0123456789' } });
  expect(response.status()).toBe(200);
  const samples = parseExposition(await response.text()).filter(({ name }) => name === 'slo_state');
  for (const [id] of CARDS) {
    const states = samples.filter(({ labels }) => labels.slo === id);
    expect(states.map(({ labels }) => labels.state).sort()).toEqual(['critical', 'no-data', 'ok', 'warning']);
    expect(
      states.reduce((sum, { value }) => sum + value, 0),
      id,
    ).toBe(1);
  }
  expect(sampleValue(samples, 'slo_state', { slo: 'data-freshness', state: 'ok' })).toBe(1);
});
