import { asService, type Database } from '@/lib/db';
import type { Columns, Renamed, Row } from '@/lib/db/rows';
import { openPii, sealPii, type PiiTable } from './cipher';
import { keyring, type PiiKeyring } from './keyring';

/**
 * Key rotation, second half: re-seals every customer's and contact's PII still under an older
 * key with the active one — the book and the rows of imports waiting for confirmation — in
 * batches, each its own transaction (a large book holds no long lock, and an interrupted run
 * simply continues). It goes on until no row is left under an older key. Blind indexes and
 * digests use the separate index key and do not change.
 */
interface SealedColumn {
  table: PiiTable;
  /** Rows to re-seal: an id, the agency (the ciphertext's additional data), the key id and ciphertext. */
  select: string;
  update: string;
}

const SEALED_COLUMNS: SealedColumn[] = [
  {
    table: 'customer',
    select: `select id::text as id, agency_id, pii_key_id as key_id, pii_ciphertext as ciphertext from public.customers
             where pii_key_id <> $1 order by id limit $2 for update`,
    update: 'update public.customers set pii_key_id = $2, pii_ciphertext = $3 where id = $1::uuid',
  },
  {
    table: 'contact',
    select: `select id::text as id, agency_id, pii_key_id as key_id, pii_ciphertext as ciphertext from public.contacts
             where pii_key_id <> $1 order by id limit $2 for update`,
    update: 'update public.contacts set pii_key_id = $2, pii_ciphertext = $3 where id = $1::uuid',
  },
  {
    table: 'customer',
    select: `select s.job_id || ':' || s.row_number as id, j.agency_id, s.pii_key_id as key_id, s.pii_ciphertext as ciphertext
             from private.import_staged_rows s join public.import_jobs j on j.id = s.job_id
             where s.pii_key_id <> $1 order by s.job_id, s.row_number limit $2 for update of s`,
    update: `update private.import_staged_rows set pii_key_id = $2, pii_ciphertext = $3
             where job_id = split_part($1, ':', 1)::uuid and row_number = split_part($1, ':', 2)::int`,
  },
  {
    table: 'contact',
    select: `select s.job_id || ':' || s.row_number as id, j.agency_id, s.contact_pii_key_id as key_id, s.contact_pii_ciphertext as ciphertext
             from private.import_staged_rows s join public.import_jobs j on j.id = s.job_id
             where s.contact_pii_key_id <> $1 order by s.job_id, s.row_number limit $2 for update of s`,
    update: `update private.import_staged_rows set contact_pii_key_id = $2, contact_pii_ciphertext = $3
             where job_id = split_part($1, ':', 1)::uuid and row_number = split_part($1, ':', 2)::int`,
  },
];

export async function resealPii(options: { db?: Database; ring?: PiiKeyring; batchSize?: number } = {}): Promise<Record<PiiTable, number>> {
  const ring = options.ring ?? keyring();
  const batchSize = options.batchSize ?? 1_000;
  const counts: Record<PiiTable, number> = { customer: 0, contact: 0 };
  for (const column of SEALED_COLUMNS) {
    // Until a batch comes back empty: rows locked by a running import are waited for, not skipped.
    for (let resealed = -1; resealed !== 0;) {
      resealed = await asService(async (tx) => {
        // The four selects name their columns alike; the customers' stand for all (the same types in every table).
        const rows = await tx.query<
          { id: string } & Columns<'customers', 'agency_id'> &
            Renamed<Row<'customers'>, { key_id: 'pii_key_id'; ciphertext: 'pii_ciphertext' }>
        >(column.select, [ring.activeKeyId, batchSize]);
        for (const row of rows) {
          const pii = openPii({ keyId: row.key_id, ciphertext: row.ciphertext }, column.table, row.agency_id, ring);
          const sealed = sealPii(pii, column.table, row.agency_id, ring);
          await tx.query(column.update, [row.id, sealed.keyId, sealed.ciphertext]);
        }
        return rows.length;
      }, options.db);
      counts[column.table] += resealed;
    }
  }
  return counts;
}
