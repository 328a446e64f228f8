import { expect, test } from '@playwright/test';
import { collectConsoleErrors, DEMO_PASSWORD } from './helpers';

// Its own client address: the sign-in limit (10 a minute per IP) is shared with the other specs.
test.use({ extraHTTPHeaders: { 'x-forwarded-for': '203.0.113.141' } });

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

interface Document {
  openapi: string;
  paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { example?: unknown }> }> }>>;
}

/** "GET /api/health" for every operation of the document. */
const operationsOf = (doc: Document) =>
  Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.keys(item)
      .filter((method) => METHODS.includes(method))
      .map((method) => `${method.toUpperCase()} ${path}`),
  );

test('the OpenAPI document is served as JSON, and the reference page lists every operation in it', async ({ page }) => {
  const errors = collectConsoleErrors(page);
  const response = await page.request.get('/api/openapi.json');
  expect(response.status()).toBe(200);
  expect(response.headers()['content-type']).toMatch(/^application\/json/);
  const doc = (await response.json()) as Document;
  expect(doc.openapi).toBe('3.1.0');
  const documented = operationsOf(doc);
  expect(documented.length).toBeGreaterThan(30);

  // Like the other help pages, it is for signed-in members; the document itself is public.
  await page.goto('/help/api');
  await expect(page).toHaveURL(/\/sign-in\?next=%2Fhelp%2Fapi$/);
  await page.getByLabel('Email').fill('viewer@demo-agency.test');
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/help\/api$/);

  // Reached from the help pages.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Help' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Troubleshooting' })).toBeVisible();
  await page.getByRole('navigation', { name: 'Help pages' }).getByRole('link', { name: 'API reference' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'API reference' })).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Help pages' }).getByRole('link', { name: 'API reference' })).toHaveAttribute(
    'aria-current',
    'page',
  );
  await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Help' })).toHaveAttribute('aria-current', 'page');

  // One heading per operation of the document, no more and no fewer.
  const headings = await page.locator('main h3').allInnerTexts();
  const listed = headings.map((text) => /^(GET|POST|PUT|PATCH|DELETE)\s*(\/\S+?)\s*—/.exec(text.trim())?.slice(1, 3).join(' ') ?? text);
  expect(listed).toHaveLength(documented.length);
  expect([...listed].sort()).toEqual([...documented].sort());
  // And one entry in the table of contents for each, leading to it.
  const contents = page.getByRole('navigation', { name: 'Contents' });
  await expect(contents.locator('a[href^="#get"], a[href^="#post"], a[href^="#put"], a[href^="#patch"], a[href^="#delete"]')).toHaveCount(
    documented.length,
  );
  await contents.getByRole('link', { name: 'GET /api/analytics/segmentation', exact: true }).click();
  await expect(page).toHaveURL(/#getApiAnalyticsSegmentation$/);
  const summary = page.locator('#getApiAnalyticsSegmentation');
  await expect(summary).toBeInViewport();

  // What a caller needs: who, the limit, the parameters, the example answer (the document's own), the problems.
  await expect(summary).toContainText('Who: Owners, admins, agents and viewers.');
  await expect(summary).toContainText('Rate limit: 120 requests per 60 seconds (read).');
  const parameters = summary.getByRole('list', { name: 'Parameters of GET /api/analytics/segmentation' });
  await expect(parameters.getByRole('listitem')).toHaveText([/^compareTo in query, optional\s*string/, /^X-Agency-Id in header, optional/]);
  const example = doc.paths['/api/analytics/segmentation']!.get!.responses['200']!.content!['application/json']!.example;
  expect(JSON.parse((await summary.locator('pre').textContent())!)).toEqual(example);
  await expect(summary.locator('dt')).toHaveText(['400', '401', '403', '404', '429', '503']);

  await page.getByRole('link', { name: 'The OpenAPI 3.1 document (JSON)' }).click();
  await expect(page).toHaveURL(/\/api\/openapi\.json$/);
  expect(errors).toEqual([]);
});
