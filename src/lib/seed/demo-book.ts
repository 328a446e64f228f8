import { createHash } from 'node:crypto';
import { Faker, en } from '@faker-js/faker';
import type { Columns, Narrowed } from '@/lib/db/rows';
import { addDays, addYears } from '@/lib/segmentation/dates';
import { createRandom, type Random } from '@/lib/segmentation/random';

/**
 * The demo agency's book of business, generated deterministically: the same options give the
 * same customers, policies and ids on every machine. Dates are offsets from `asOf`, so the
 * book always looks current (a mix of active, cancelled, expired and upcoming policies).
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
  'id' | 'customer_id' | 'external_id' | 'line_of_business' | 'annual_premium' | 'effective_date' | 'expiration_date' | 'status'
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
type LineChoice = readonly [line: string, medianPremium: number];
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
const CONTACT_ROLES = ['Owner', 'CFO', 'Office Manager', 'Operations Director', 'HR Manager'];

/** Lognormal premium around a line's median, in exact cents. */
function premiumFor(random: Random, median: number): string {
  const cents = Math.max(5000, Math.round(median * Math.exp(0.6 * random.normal()) * 100));
  return (cents / 100).toFixed(2);
}

function policyDates(random: Random, asOf: string) {
  const state = random.weighted([
    ['active', 85],
    ['cancelled', 6],
    ['expired', 5],
    ['upcoming', 4],
  ] as const);
  if (state === 'expired') {
    const effective = addDays(asOf, -(366 + random.int(0, 700)));
    return { status: 'expired' as const, effective, expiration: addYears(effective, 1) };
  }
  if (state === 'upcoming') {
    const effective = addDays(asOf, random.int(1, 60));
    return { status: 'active' as const, effective, expiration: addYears(effective, 1) };
  }
  const effective = addDays(asOf, -random.int(0, 364));
  return { status: state, effective, expiration: addYears(effective, 1) };
}

function phone(random: Random): string {
  return `(${random.int(201, 989)}) 555-01${String(random.int(0, 99)).padStart(2, '0')}`;
}

export function generateDemoBook({ agencySlug, asOf, customers: count, seed = 20_261_121 }: DemoBookOptions): DemoBook {
  const random = createRandom(seed);
  const faker = new Faker({ locale: [en], seed });
  const book: DemoBook = { customers: [], contacts: [], policies: [] };
  let policyNumber = 500_000;

  for (let index = 0; index < count; index += 1) {
    const externalId = `C-${String(100_001 + index)}`;
    const customerId = stableUuid(`${agencySlug}/customer/${externalId}`);
    const isOrganization = random.next() < 0.1;
    const name = isOrganization ? faker.company.name() : faker.person.fullName();
    const emailLocal = name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '.')
      .replace(/^\.|\.$/g, '');
    book.customers.push({
      id: customerId,
      external_id: externalId,
      kind: isOrganization ? 'organization' : 'individual',
      customer_since: addDays(asOf, -random.int(30, 25 * 365)),
      name,
      email: `${emailLocal}${index}@example.com`,
      phone: phone(random),
    });

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

    const lines = isOrganization ? COMMERCIAL_LINES : PERSONAL_LINES;
    const policyCount = isOrganization
      ? random.int(2, 6)
      : random.weighted([
          [1, 35],
          [2, 30],
          [3, 20],
          [4, 10],
          [5, 5],
        ] as const);
    for (let p = 0; p < policyCount; p += 1) {
      const [line, median] = random.pick(lines);
      const dates = policyDates(random, asOf);
      policyNumber += 1;
      const externalPolicyId = `P-${policyNumber}`;
      book.policies.push({
        id: stableUuid(`${agencySlug}/policy/${externalPolicyId}`),
        customer_id: customerId,
        external_id: externalPolicyId,
        line_of_business: line,
        annual_premium: premiumFor(random, median),
        effective_date: dates.effective,
        expiration_date: dates.expiration,
        status: dates.status,
      });
    }
  }
  return book;
}
