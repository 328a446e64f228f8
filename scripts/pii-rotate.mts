/**
 * npm run pii:rotate — after putting a new key first in PII_ENCRYPTION_KEY (keeping the old ones
 * after it), re-seals all PII still under an older key. When it reports 0 left, the old keys can
 * be removed from PII_ENCRYPTION_KEY. Safe to interrupt and run again.
 */
import { resealPii } from '@/lib/pii/rotate';
import { keyring } from '@/lib/pii/keyring';
import { runScript } from './script-database';

await runScript(async (db) => {
  const ring = keyring();
  console.log(
    `Active key: ${ring.activeKeyId}; also readable: ${[...ring.keys.keys()].filter((id) => id !== ring.activeKeyId).join(', ') || 'none'}.`,
  );
  const counts = await resealPii({ db, ring });
  console.log(
    `Re-sealed ${counts.customer} customers and ${counts.contact} contacts with key ${ring.activeKeyId}; 0 rows remain under older keys.`,
  );
});
