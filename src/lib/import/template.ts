import { csvLine } from '@/lib/customers/csv-export';
import { IMPORT_FIELDS, type FieldKey } from './fields';

/**
 * The CSV template offered on the import page and the demo banner: every SPEC §6 column under its
 * canonical name, in the order of IMPORT_FIELDS, and example rows that import without a problem
 * (a test imports it). The rows are typed by every field, so a field added to IMPORT_FIELDS does
 * not compile until it has an example here: the template cannot drift from the import.
 */
const NO_CONTACT = { contact_name: '', contact_email: '', contact_phone: '', contact_role: '', is_primary_contact: '' };
const INDIVIDUAL = {
  customer_id: 'EXAMPLE-1001',
  customer_name: 'Jordan Example',
  customer_type: 'individual',
  email: 'jordan@example.com',
  phone: '(555) 010-0100',
};

const EXAMPLE_ROWS: readonly Record<FieldKey, string>[] = [
  // An individual with two policies: customer columns repeat on each of the customer's rows.
  {
    ...INDIVIDUAL,
    policy_id: 'EXAMPLE-P-1',
    line_of_business: 'Personal Auto',
    annual_premium: '1250.00',
    effective_date: '2026-01-15',
    expiration_date: '2027-01-15',
    status: 'active',
    cancellation_date: '',
    ...NO_CONTACT,
  },
  {
    ...INDIVIDUAL,
    policy_id: 'EXAMPLE-P-2',
    line_of_business: 'Homeowners',
    annual_premium: '980.50',
    effective_date: '2026-03-01',
    expiration_date: '2027-03-01',
    status: 'active',
    cancellation_date: '',
    ...NO_CONTACT,
  },
  // A policy the customer cancelled: the day it stopped being in force.
  {
    ...INDIVIDUAL,
    policy_id: 'EXAMPLE-P-4',
    line_of_business: 'Umbrella',
    annual_premium: '310.00',
    effective_date: '2025-06-01',
    expiration_date: '2026-06-01',
    status: 'cancelled',
    cancellation_date: '2025-11-15',
    ...NO_CONTACT,
  },
  // An organization, with the person the agency deals with there.
  {
    customer_id: 'EXAMPLE-2001',
    customer_name: 'Example Hardware LLC',
    customer_type: 'organization',
    email: 'office@example.com',
    phone: '(555) 010-0200',
    policy_id: 'EXAMPLE-P-3',
    line_of_business: 'General Liability',
    annual_premium: '4200.00',
    effective_date: '2026-02-01',
    expiration_date: '2027-02-01',
    status: 'active',
    cancellation_date: '',
    contact_name: 'Sam Example',
    contact_email: 'sam@example.com',
    contact_phone: '(555) 010-0201',
    contact_role: 'Owner',
    is_primary_contact: 'yes',
  },
];

export const IMPORT_TEMPLATE_FILE_NAME = 'book-of-business-template.csv';

export function importTemplateCsv(): string {
  return [IMPORT_FIELDS.map((field) => field.key), ...EXAMPLE_ROWS.map((row) => IMPORT_FIELDS.map((field) => row[field.key]))]
    .map(csvLine)
    .join('');
}
