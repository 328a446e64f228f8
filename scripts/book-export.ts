import { createRandom } from '@/lib/segmentation/random';

/**
 * A generated agency export, policy-level, as the import benchmark and the large-import tests
 * read it: customers with 1–4 policies on consecutive rows, 10% organizations with a contact,
 * `$1,234.50` and plain amounts, US and ISO dates, 10% cancelled policies.
 *
 * A policy's id is its customer's id and its position (C17 → P17-1, P17-2), so a later export
 * that starts inside an earlier one's customers (firstCustomer) is that book again: the same
 * customers and policies, with other premiums, types and policy counts (another seed), and new
 * customers after them. That is what a second import into a non-empty agency reads.
 */
export interface BookExportOptions {
  rows: number;
  /** The first customer's number (C1 by default). */
  firstCustomer?: number;
  seed?: number;
}

const LINES = ['Personal Auto', 'HO3', 'Umbrella', 'Renters', 'Life', 'BOP', 'Workers Comp', 'Flood', 'Boat', 'Cyber'];

export const BOOK_EXPORT_HEADER =
  'Client ID,Insured Name,Account Type,Email,Phone,Policy Number,LOB,Written Premium,Eff Date,Exp Date,Policy Status,Contact Name,Contact Email,Contact Role,Primary Contact\r\n';

/** The export's lines (header first), each ending in CRLF. */
export function* bookExportLines({ rows, firstCustomer = 1, seed = rows }: BookExportOptions): Generator<string> {
  const random = createRandom(seed);
  yield BOOK_EXPORT_HEADER;
  let written = 0;
  for (let customer = firstCustomer; written < rows; customer += 1) {
    const organization = random.next() < 0.1;
    const policies = Math.min(rows - written, 1 + Math.floor(random.next() * 4));
    const name = organization ? `Company ${customer} LLC` : `Person ${customer} Example`;
    for (let p = 1; p <= policies; p += 1) {
      written += 1;
      const premium = Math.exp(6 + random.next() * 3).toFixed(2);
      const amount = random.next() < 0.3 ? `"$${Number(premium).toLocaleString('en-US', { minimumFractionDigits: 2 })}"` : premium;
      const month = 1 + Math.floor(random.next() * 12);
      const day = 1 + Math.floor(random.next() * 28);
      const effective =
        random.next() < 0.5 ? `${month}/${day}/2026` : `2026-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
      const expiration = `2027-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
      const status = random.next() < 0.9 ? 'In Force' : 'Cancelled';
      const contact = organization ? `Contact ${customer},contact${customer}@example.com,CFO,yes` : ',,,';
      yield (
        `C${customer},${name},${organization ? 'Commercial' : 'Personal'},person${customer}@example.com,555-${String(customer % 10000).padStart(4, '0')},` +
        `P${customer}-${p},${LINES[Math.floor(random.next() * LINES.length)]},${amount},${effective},${expiration},${status},${contact}\r\n`
      );
    }
  }
}

/** The whole export in memory (tests: a 200,000-row export is about 26 MB). */
export function bookExport(options: BookExportOptions): Buffer {
  return Buffer.from([...bookExportLines(options)].join(''), 'utf8');
}
