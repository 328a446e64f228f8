import { copyValue } from '@/lib/db/types';
import { piiDigest, storedPii, type PersonPii } from '@/lib/pii/cipher';

/**
 * Seals a person's PII for staging, once per distinct person: a customer's details repeat on each
 * of its policy rows, and AES-GCM per row would dominate a large import. Its own module because
 * the cache and the "same person as the previous row" shortcut are the import's one PII-bearing
 * state: the cache is keyed by the HMAC digest, so it never holds plaintext, and it is simply
 * emptied when full.
 */

/** The sealed columns of one person, in the order `sealedCopyColumns` writes them (prefixed `contact_` for a contact). */
export const SEALED_PII_COLUMNS = ['pii_key_id', 'pii_ciphertext', 'email_blind_index', 'pii_digest'] as const;

const PII_CACHE_ENTRIES = 20_000;

interface SealedCopy {
  full: string;
  digestOnly: string;
}

const NO_PII_COPY = SEALED_PII_COLUMNS.map(() => copyValue(null)).join('\t');
const NO_SEALED_COPY: SealedCopy = { full: NO_PII_COPY, digestOnly: NO_PII_COPY };

export class PiiSealer {
  private cache = new Map<string, SealedCopy>();
  /** The previous row's person per table: a customer's rows usually follow one another. */
  private last = {
    customer: { owner: '', pii: null as PersonPii | null, copy: NO_SEALED_COPY },
    contact: { owner: '', pii: null as PersonPii | null, copy: NO_SEALED_COPY },
  };
  constructor(private readonly agencyId: string) {}

  /**
   * The person's SEALED_PII_COLUMNS as COPY text. When the same customer's previous row had the
   * same person, only the digest is staged: the commit takes PII from a customer's first row that
   * has it, so repeating the ciphertext on every policy row would only double the bytes staged (a
   * million-row import staged half a gigabyte that way).
   */
  sealedCopyColumns(pii: PersonPii, table: 'customer' | 'contact', owner: string): string {
    const last = this.last[table];
    const samePerson = last.pii && last.pii.name === pii.name && last.pii.email === pii.email && last.pii.phone === pii.phone;
    if (samePerson && last.owner === owner) return last.copy.digestOnly;
    if (!samePerson) last.copy = this.sealDistinct(pii, table);
    last.pii = pii;
    last.owner = owner;
    return last.copy.full;
  }

  private sealDistinct(pii: PersonPii, table: 'customer' | 'contact'): SealedCopy {
    const digest = piiDigest(pii);
    if (!digest) return NO_SEALED_COPY;
    // The digest is cheap (HMAC) and decides the cache key; sealing (AES-GCM) happens on a miss only.
    const key = `${table}:${digest.toString('hex')}`;
    const cached = this.cache.get(key);
    if (cached) return cached;
    const stored = storedPii(pii, table, this.agencyId, undefined, digest);
    const sealed: Record<(typeof SEALED_PII_COLUMNS)[number], string | Uint8Array | null> = {
      pii_key_id: stored.keyId,
      pii_ciphertext: stored.ciphertext,
      email_blind_index: stored.emailIndex,
      pii_digest: stored.digest,
    };
    const copy = {
      full: SEALED_PII_COLUMNS.map((column) => copyValue(sealed[column])).join('\t'),
      digestOnly: SEALED_PII_COLUMNS.map((column) => copyValue(column === 'pii_digest' ? sealed[column] : null)).join('\t'),
    };
    if (this.cache.size >= PII_CACHE_ENTRIES) this.cache.clear();
    this.cache.set(key, copy);
    return copy;
  }
}
