import { createHash } from 'node:crypto';
import { Faker, en } from '@faker-js/faker';
import type { Columns, Narrowed } from '@/lib/db/rows';
import { createRandom, type Random } from '@/lib/segmentation/random';
import { customerStory, STORY_DAYS, storyCalendar, type LineChoice } from './demo-history';
import { ensureRecentMovers, type StoryOnFile } from './demo-movement';

/**
 * The demo agency's book of business, generated deterministically: the same options give the
 * same customers, policies and ids on every machine. Dates are offsets from `asOf`, so the
 * book always looks current. Each customer's policies tell 36 months of its story
 * (demo-history.ts): customers arrive and leave, renew at new premiums, are rewritten, buy and
 * drop lines, so the history computed from the book shows movement on first start.
 */
export interface DemoBookOptions {
  agencySlug: string;
  asOf: string;
  customers: number;
  seed?: number;
}

/** Every demo person has a name, an email and a phone (sealed as PII when written). */
interface DemoPerson {
  name: string;
  email: string;
  phone: string;
}

// The rows as the seed writes them: the tables' own columns (a demo customer always has a
// customer_since, a demo contact a role).
export type DemoCustomer = Columns<'customers', 'id' | 'external_id' | 'kind'> &
  Narrowed<'customers', { customer_since: string }> &
  DemoPerson;

export type DemoContact = Columns<'contacts', 'id' | 'customer_id' | 'is_primary'> & Narrowed<'contacts', { role: string }> & DemoPerson;

export type DemoPolicy = Columns<
  'policies',
  | 'id'
  | 'customer_id'
  | 'external_id'
  | 'line_of_business'
  | 'annual_premium'
  | 'effective_date'
  | 'expiration_date'
  | 'status'
  | 'cancellation_date'
  | 'expired_on'
>;

export interface DemoBook {
  customers: DemoCustomer[];
  contacts: DemoContact[];
  policies: DemoPolicy[];
}

/** A stable UUID (v5-style, SHA-1) for a name, so re-seeding gives every row the same id. */
export function stableUuid(name: string): string {
  const hex = createHash('sha1').update(`customer-segmentation:${name}`).digest('hex');
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

// Raw line names as agency management systems export them (normalized later, SPEC §5), with
// the median annual premium each line is drawn around.
const PERSONAL_LINES: readonly LineChoice[] = [
  ['Personal Auto', 1400],
  ['PPA', 1300],
  ['Homeowners', 1700],
  ['HO3', 1600],
  ['Renters', 220],
  ['Umbrella', 380],
  ['Life', 950],
  ['Motorcycle', 600],
  ['Boat', 520],
  ['Flood', 780],
];
const COMMERCIAL_LINES: readonly LineChoice[] = [
  ['BOP', 2600],
  ['Workers Comp', 6200],
  ['Commercial Auto', 5200],
  ['General Liability', 3100],
  ['Commercial Property', 4300],
  ['Cyber', 2100],
  ['Professional Liability', 3600],
];
/** Policies a customer starts with: households from before the story, and new ones (who start smaller). */
const POLICY_COUNTS = [
  [1, 35],
  [2, 30],
  [3, 20],
  [4, 10],
  [5, 5],
] as const;
const NEW_POLICY_COUNTS = [
  [1, 50],
  [2, 30],
  [3, 15],
  [4, 5],
] as const;
/** Customers on file who arrived during the 36 months (the others were customers before). */
const NEW_CUSTOMER_SHARE = 0.3;
const CONTACT_ROLES = ['Owner', 'CFO', 'Office Manager', 'Operations Director', 'HR Manager'];

function phone(random: Random): string {
  return `(${random.int(201, 989)}) 555-01${String(random.int(0, 99)).padStart(2, '0')}`;
}

export function generateDemoBook({ agencySlug, asOf, customers: count, seed = 20_261_121 }: DemoBookOptions): DemoBook {
  const random = createRandom(seed);
  const faker = new Faker({ locale: [en], seed });
  const book: DemoBook = { customers: [], contacts: [], policies: [] };
  const calendar = storyCalendar(asOf);
  const stories: (StoryOnFile & { customerId: string })[] = [];

  for (let index = 0; index < count; index += 1) {
    const externalId = `C-${String(100_001 + index)}`;
    const customerId = stableUuid(`${agencySlug}/customer/${externalId}`);
    const isOrganization = random.next() < 0.1;
    const name = isOrganization ? faker.company.name() : faker.person.fullName();
    const emailLocal = name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '.')
      .replace(/^\.|\.$/g, '');
    const customer = {
      id: customerId,
      external_id: externalId,
      kind: isOrganization ? ('organization' as const) : ('individual' as const),
      name,
      email: `${emailLocal}${index}@example.com`,
      phone: phone(random),
    };

    if (isOrganization) {
      const contactCount = random.int(1, 3);
      for (let c = 0; c < contactCount; c += 1) {
        const contactName = faker.person.fullName();
        book.contacts.push({
          id: stableUuid(`${agencySlug}/contact/${externalId}/${c}`),
          customer_id: customerId,
          name: contactName,
          email: `${contactName.toLowerCase().replace(/[^a-z0-9]+/g, '.')}@example.com`,
          phone: phone(random),
          role: random.pick(CONTACT_ROLES),
          is_primary: c === 0,
        });
      }
    }

    const newCustomer = random.next() < NEW_CUSTOMER_SHARE;
    // New customers arrive evenly over the story, a few with policies bound for the weeks ahead.
    const arrival = newCustomer ? random.int(-(STORY_DAYS - 10), 60) : null;
    book.customers.push({ ...customer, customer_since: calendar.date(arrival ?? -random.int(STORY_DAYS + 365, 25 * 365)) });
    const lines = isOrganization ? COMMERCIAL_LINES : PERSONAL_LINES;
    const initialPolicies = isOrganization
      ? random.int(newCustomer ? 1 : 2, newCustomer ? 4 : 6)
      : random.weighted(newCustomer ? NEW_POLICY_COUNTS : POLICY_COUNTS);
    const policies = customerStory(random, { calendar, lines, organization: isOrganization, arrival, initialPolicies });
    stories.push({ customerId, lines, policies });
  }
  ensureRecentMovers(stories, asOf, random);

  let policyNumber = 500_000;
  for (const { customerId, policies } of stories) {
    for (const policy of policies) {
      policyNumber += 1;
      const externalPolicyId = `P-${policyNumber}`;
      book.policies.push({
        id: stableUuid(`${agencySlug}/policy/${externalPolicyId}`),
        customer_id: customerId,
        external_id: externalPolicyId,
        line_of_business: policy.line,
        annual_premium: policy.premium,
        effective_date: policy.effective,
        expiration_date: policy.expiration,
        status: policy.status,
        cancellation_date: policy.cancellation,
        expired_on: policy.expiredOn,
      });
    }
  }
  return book;
}
