import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { keyring, type PiiKeyring } from './keyring';

/**
 * PII at rest: a person's name, email and phone are sealed together with AES-256-GCM (one
 * random 96-bit IV per seal) and stored as `iv ‖ tag ‖ ciphertext` beside the id of the key used.
 * The additional data binds a ciphertext to its table and agency, so a row's PII copied into
 * another agency's row does not open.
 *
 * HMACs keyed with the blind-index key give what search and imports need without the
 * plaintext: an exact-match email index, and a digest that tells whether PII changed.
 */
export interface PersonPii {
  name: string | null;
  email: string | null;
  phone: string | null;
}

export interface SealedPii {
  keyId: string;
  ciphertext: Buffer;
}

export type PiiTable = 'customer' | 'contact';

const IV_BYTES = 12;
const TAG_BYTES = 16;
const EMPTY: PersonPii = { name: null, email: null, phone: null };

const additionalData = (table: PiiTable, agencyId: string) => Buffer.from(`${table}:${agencyId}`, 'utf8');

export function hasPii(pii: PersonPii): boolean {
  return Boolean(pii.name || pii.email || pii.phone);
}

/**
 * A fresh random IV per seal, drawn from a pooled buffer of CSPRNG bytes: one system call per
 * 4,096 seals instead of one per seal (an import seals hundreds of thousands). Never reused.
 */
let ivPool = Buffer.alloc(0);
let ivOffset = 0;
function nextIv(): Buffer {
  if (ivOffset + IV_BYTES > ivPool.length) {
    ivPool = randomBytes(IV_BYTES * 4096);
    ivOffset = 0;
  }
  const iv = ivPool.subarray(ivOffset, ivOffset + IV_BYTES);
  ivOffset += IV_BYTES;
  return iv;
}

export function sealPii(pii: PersonPii, table: PiiTable, agencyId: string, ring: PiiKeyring = keyring()): SealedPii {
  const iv = nextIv();
  const cipher = createCipheriv('aes-256-gcm', ring.keys.get(ring.activeKeyId)!, iv);
  cipher.setAAD(additionalData(table, agencyId));
  const body = Buffer.concat([cipher.update(JSON.stringify([pii.name, pii.email, pii.phone]), 'utf8'), cipher.final()]);
  return { keyId: ring.activeKeyId, ciphertext: Buffer.concat([iv, cipher.getAuthTag(), body]) };
}

export class PiiKeyMissingError extends Error {
  constructor(keyId: string) {
    super(`PII was sealed with key "${keyId}", which is not in PII_ENCRYPTION_KEY. Add it back (after the new key) to read these rows.`);
  }
}

export function openPii(
  sealed: { keyId: string | null; ciphertext: Buffer | Uint8Array | null },
  table: PiiTable,
  agencyId: string,
  ring: PiiKeyring = keyring(),
): PersonPii {
  if (!sealed.keyId || !sealed.ciphertext) return EMPTY;
  const key = ring.keys.get(sealed.keyId);
  if (!key) throw new PiiKeyMissingError(sealed.keyId);
  const bytes = Buffer.from(sealed.ciphertext);
  const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, IV_BYTES));
  decipher.setAAD(additionalData(table, agencyId));
  decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
  const text = Buffer.concat([decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
  const [name, email, phone] = JSON.parse(text) as [string | null, string | null, string | null];
  return { name, email, phone };
}

function hmac(purpose: string, value: string, ring: PiiKeyring): Buffer {
  return createHmac('sha256', ring.indexKey).update(purpose).update('\0').update(value).digest();
}

export const normalizeEmail = (email: string) => email.trim().toLowerCase();

/** Exact-match search on email: the same address (any case) always gives the same index. */
export function emailBlindIndex(email: string | null, ring: PiiKeyring = keyring()): Buffer | null {
  return email ? hmac('email', normalizeEmail(email), ring) : null;
}

/** Changes when any PII field changes; null when there is none. Lets imports skip unchanged rows. */
export function piiDigest(pii: PersonPii, ring: PiiKeyring = keyring()): Buffer | null {
  return hasPii(pii) ? hmac('digest', JSON.stringify([pii.name, pii.email, pii.phone]), ring) : null;
}

/**
 * A contact's identity within its organization, for upserts: name and email (case-insensitive),
 * or the phone when a contact has neither. Null when the row names no contact at all.
 */
export function contactKey(contact: PersonPii, ring: PiiKeyring = keyring()): Buffer | null {
  const { name, email, phone } = contact;
  if (!name && !email && !phone) return null;
  const identity = name || email ? [name?.trim().toLowerCase() ?? '', email ? normalizeEmail(email) : ''] : ['', '', phone];
  return hmac('contact', JSON.stringify(identity), ring);
}

/** Everything stored for one person's PII: sealed text, key id, email index and change digest (all null without PII). */
export interface StoredPii {
  keyId: string | null;
  ciphertext: Buffer | null;
  emailIndex: Buffer | null;
  digest: Buffer | null;
}

/** `digest`: when the caller already computed piiDigest(pii), it is not computed twice. */
export function storedPii(pii: PersonPii, table: PiiTable, agencyId: string, ring: PiiKeyring = keyring(), digest?: Buffer): StoredPii {
  if (!hasPii(pii)) return { keyId: null, ciphertext: null, emailIndex: null, digest: null };
  const sealed = sealPii(pii, table, agencyId, ring);
  return {
    keyId: sealed.keyId,
    ciphertext: sealed.ciphertext,
    emailIndex: emailBlindIndex(pii.email, ring),
    digest: digest ?? piiDigest(pii, ring),
  };
}
