import { asService, type Database } from '@/lib/db';
import { openPii, sealPii, type PiiTable } from './cipher';
import { keyring, type PiiKeyring } from './keyring';

/**
 * Key rotation, second half: re-seals every customer's and contact's PII that is still under an
 * older key with the active one, in batches (each its own transaction, so a large book does not
 * hold one long lock and an interrupted run simply continues). Blind indexes and digests use the
 * separate index key and do not change. Returns how many rows were re-sealed per table.
 */
export async function resealPii(options: { db?: Database; ring?: PiiKeyring; batchSize?: number } = {}): Promise<Record<PiiTable, number>> {
  const ring = options.ring ?? keyring();
  const batchSize = options.batchSize ?? 1_000;
  const counts: Record<PiiTable, number> = { customer: 0, contact: 0 };
  for (const [table, relation] of [
    ['customer', 'public.customers'],
    ['contact', 'public.contacts'],
  ] as const) {
    for (;;) {
      const resealed = await asService(async (tx) => {
        const rows = await tx.query<{ id: string; agency_id: string; pii_key_id: string; pii_ciphertext: Uint8Array }>(
          `select id, agency_id, pii_key_id, pii_ciphertext from ${relation}
           where pii_key_id is not null and pii_key_id <> $1 order by id limit $2 for update skip locked`,
          [ring.activeKeyId, batchSize],
        );
        for (const row of rows) {
          const pii = openPii({ keyId: row.pii_key_id, ciphertext: row.pii_ciphertext }, table, row.agency_id, ring);
          const sealed = sealPii(pii, table, row.agency_id, ring);
          await tx.query(`update ${relation} set pii_key_id = $2, pii_ciphertext = $3 where id = $1`, [
            row.id,
            sealed.keyId,
            sealed.ciphertext,
          ]);
        }
        return rows.length;
      }, options.db);
      counts[table] += resealed;
      if (resealed < batchSize) break;
    }
  }
  return counts;
}
