import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { GET as getCustomer } from '@/app/api/customers/[customerId]/route';
import { GET as listCustomers } from '@/app/api/customers/route';
import { createSeededDatabase, type TestDatabase } from '../helpers/database';
import { addPlatformRows, DEMO_AGENCY_ID, resetRateLimits, USERS } from '../helpers/fixtures';
import { call, signIn } from '../helpers/http';
import { openPii } from '@/lib/pii/cipher';

interface Page {
  customers: { id: string; externalId: string; name: string; email: string; phone: string }[];
  nextCursor: string | null;
}

describe(`customers API on ${process.env.TEST_BACKEND ?? 'pglite'}`, () => {
  let test: TestDatabase;
  const cookies: Record<string, string> = {};
  beforeAll(async () => {
    test = await createSeededDatabase({ customers: 23 });
    await addPlatformRows(test.db);
    for (const role of ['agent', 'viewer', 'outsider'] as const) cookies[role] = await signIn(USERS[role]);
  });
  beforeEach(() => resetRateLimits(test.db));
  afterAll(() => test.drop());

  it('pages through the whole book once, in customer id order', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const response = await call(listCustomers, {
        path: `/api/customers?limit=10${cursor ? `&cursor=${cursor}` : ''}`,
        cookie: cookies.agent,
      });
      const page = (await response.json()) as Page;
      seen.push(...page.customers.map((c) => c.externalId));
      cursor = page.nextCursor;
    } while (cursor);
    const expected = await test.db.query<{ external_id: string }>(
      'select external_id from customers where agency_id = $1 order by external_id',
      [DEMO_AGENCY_ID],
    );
    expect(seen).toEqual(expected.map((row) => row.external_id));
    expect(seen).toHaveLength(23);
  });

  it('shows PII to an agent and masks it for a viewer', async () => {
    const [sealed] = await test.db.query<{ pii_key_id: string; pii_ciphertext: Buffer }>(
      `select pii_key_id, pii_ciphertext from customers where agency_id = $1 order by external_id limit 1`,
      [DEMO_AGENCY_ID],
    );
    const raw = openPii({ keyId: sealed!.pii_key_id, ciphertext: sealed!.pii_ciphertext }, 'customer', DEMO_AGENCY_ID) as {
      name: string;
      email: string;
      phone: string;
    };
    const agentView = ((await (await call(listCustomers, { path: '/api/customers?limit=1', cookie: cookies.agent })).json()) as Page)
      .customers[0]!;
    const viewerView = ((await (await call(listCustomers, { path: '/api/customers?limit=1', cookie: cookies.viewer })).json()) as Page)
      .customers[0]!;
    expect(agentView).toMatchObject(raw!);
    expect(viewerView.name).toMatch(/^[A-Z]\. [A-Z]\.$/);
    expect(viewerView.email).toMatch(/^[a-z0-9]\*\*\*@example\.com$/);
    expect(viewerView.phone).toBe(`***-${raw!.phone.replace(/\D/g, '').slice(-4)}`);
    expect(JSON.stringify(viewerView)).not.toContain(raw!.name);
  });

  it('returns one customer with policies and contacts, masked for a viewer', async () => {
    // The customer addPlatformRows gave the fixture contact (the first by external id), whatever contacts the demo book has.
    const [withContact] = await test.db.query<{ id: string }>(
      'select id from customers where agency_id = $1 order by external_id limit 1',
      [DEMO_AGENCY_ID],
    );
    const agent = await call(getCustomer, { path: '/api/customers/x', params: { customerId: withContact!.id }, cookie: cookies.agent });
    const detail = (await agent.json()) as { policies: { annualPremium: string }[]; contacts: { email: string }[] };
    expect(detail.policies.length).toBeGreaterThan(0);
    expect(detail.policies[0]!.annualPremium).toMatch(/^\d+\.\d{2}$/);
    expect(detail.contacts.map((c) => c.email)).toContain('contact@example.com');

    const viewer = await call(getCustomer, { path: '/api/customers/x', params: { customerId: withContact!.id }, cookie: cookies.viewer });
    const masked = (await viewer.json()) as { contacts: { email: string }[] };
    expect(masked.contacts.map((c) => c.email)).toContain('c***@example.com');
  });

  it("gives another agency's user an empty world: their own agency has no customers, Demo's are 404", async () => {
    const own = (await (await call(listCustomers, { path: '/api/customers', cookie: cookies.outsider })).json()) as Page;
    expect(own).toEqual({ customers: [], nextCursor: null });
    const [demoCustomer] = await test.db.query<{ id: string }>('select id from customers where agency_id = $1 limit 1', [DEMO_AGENCY_ID]);
    const response = await call(getCustomer, {
      path: '/api/customers/x',
      params: { customerId: demoCustomer!.id },
      cookie: cookies.outsider,
    });
    expect(response.status).toBe(404);
  });
});
