import { copyValue } from '@/lib/db/types';
import { contactKey } from '@/lib/pii/cipher';
import { SEALED_PII_COLUMNS, type PiiSealer } from './pii-sealer';
import type { ImportRow } from './row';

/**
 * How a checked row is written to private.import_staged_rows (COPY text, one line per row). The
 * table's columns and what fills each are ONE list (STAGED_ROW_LAYOUT): the column list of the
 * COPY statement and every line are both read from it, so a column added, removed or moved
 * cannot leave the values shifted by one. An invalid row keeps only its ids (replace mode must
 * know the file mentions its policy); every other column of it is null.
 */

export interface StagedRow {
  rowNumber: number;
  /** The checked row; null when it has errors. */
  row: ImportRow | null;
  /** Ids of an invalid row, kept so replace mode knows the file mentions that policy. */
  customerExternalId: string | null;
  policyExternalId: string | null;
}

interface RowContext {
  jobId: string;
  staged: StagedRow;
  sealer: PiiSealer;
}

type CopyCell = Parameters<typeof copyValue>[0];

/** A run of adjacent columns and how a valid row (and, if it keeps them, an invalid one) fills them, as COPY text. */
interface ColumnRun {
  names: readonly string[];
  valid: (row: ImportRow, context: RowContext) => string;
  invalid?: (context: RowContext) => string;
}

function column(
  name: string,
  valid: (row: ImportRow, context: RowContext) => CopyCell,
  invalid?: (context: RowContext) => CopyCell,
): ColumnRun {
  return {
    names: [name],
    valid: (row, context) => copyValue(valid(row, context)),
    ...(invalid ? { invalid: (context: RowContext) => copyValue(invalid(context)) } : {}),
  };
}

/** A person's sealed PII: key id, ciphertext, email index and digest, in the sealer's order. */
function sealedPerson(prefix: '' | 'contact_', table: 'customer' | 'contact'): ColumnRun {
  return {
    names: SEALED_PII_COLUMNS.map((name) => `${prefix}${name}`),
    valid: (row, { sealer }) => sealer.sealedCopyColumns(table === 'customer' ? row.customer : row.contact, table, row.customerExternalId),
  };
}

export const STAGED_ROW_LAYOUT: readonly ColumnRun[] = [
  column(
    'job_id',
    (_, { jobId }) => jobId,
    ({ jobId }) => jobId,
  ),
  column(
    'row_number',
    (_, { staged }) => staged.rowNumber,
    ({ staged }) => staged.rowNumber,
  ),
  column(
    'valid',
    () => true,
    () => false,
  ),
  column(
    'customer_external_id',
    (row) => row.customerExternalId,
    ({ staged }) => staged.customerExternalId,
  ),
  column('customer_kind', (row) => row.customerKind),
  sealedPerson('', 'customer'),
  column('contact_key', (row) => contactKey(row.contact)),
  sealedPerson('contact_', 'contact'),
  column('contact_role', (row) => row.contactRole),
  column('contact_is_primary', (row) => row.contactIsPrimary),
  column(
    'policy_external_id',
    (row) => row.policyExternalId,
    ({ staged }) => staged.policyExternalId,
  ),
  column('line_of_business', (row) => row.lineOfBusiness),
  column('annual_premium', (row) => row.annualPremium),
  column('effective_date', (row) => row.effectiveDate),
  column('expiration_date', (row) => row.expirationDate),
  column('status', (row) => row.status),
  column('cancellation_date', (row) => row.cancellationDate),
];

/** The staged columns, in the order every COPY line gives them. */
export const STAGED_COLUMNS = STAGED_ROW_LAYOUT.flatMap((run) => run.names);

/** An invalid row's text for each run that it leaves null, computed once. */
const NULL_TEXT = STAGED_ROW_LAYOUT.map((run) => run.names.map(() => copyValue(null)).join('\t'));

/** A batch of rows as COPY text for `copy private.import_staged_rows (STAGED_COLUMNS) from stdin`: PII sealed. */
export function stagedRowsCopyText(jobId: string, rows: StagedRow[], sealer: PiiSealer): string {
  const lines: string[] = [];
  for (const staged of rows) {
    const context = { jobId, staged, sealer };
    const row = staged.row;
    lines.push(
      STAGED_ROW_LAYOUT.map((run, index) => (row ? run.valid(row, context) : (run.invalid?.(context) ?? NULL_TEXT[index]))).join('\t'),
    );
  }
  return lines.length ? `${lines.join('\n')}\n` : '';
}
