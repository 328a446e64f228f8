import { randomBytes } from 'node:crypto';
import { config, type AppConfig } from '@/lib/config';
import { readOrCreateDataDirSecret } from '@/lib/secrets/data-dir-secret';

/**
 * The keys that protect PII at rest.
 *
 * PII_ENCRYPTION_KEY is a list of `keyId:base64(32 bytes)` entries, newest first: the first
 * encrypts, every entry decrypts (each row stores the id of the key that sealed it). Rotation is
 * therefore: put a new entry first, keep the old ones until `npm run pii:rotate` has re-sealed
 * every row, then drop them. A bare base64 key is accepted as id `k1`.
 *
 * PII_BLIND_INDEX_KEY keys the HMACs (email blind index, change digests). It is separate on
 * purpose: those values must stay stable across encryption-key rotations, or exact search and
 * idempotent imports would break while a rotation runs.
 *
 * Both are required where a real database is configured in production; embedded mode generates
 * them once into the data folder.
 */
export interface PiiKeyring {
  activeKeyId: string;
  keys: ReadonlyMap<string, Buffer>;
  indexKey: Buffer;
}

const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;

export function parseEncryptionKeys(value: string): { activeKeyId: string; keys: Map<string, Buffer> } {
  const keys = new Map<string, Buffer>();
  let activeKeyId: string | undefined;
  for (const entry of value
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)) {
    const separator = entry.indexOf(':');
    const [id, encoded] = separator === -1 ? ['k1', entry] : [entry.slice(0, separator), entry.slice(separator + 1)];
    if (!KEY_ID.test(id)) throw new Error(`PII_ENCRYPTION_KEY: key id "${id}" must be 1–32 letters, digits, "-" or "_".`);
    const key = Buffer.from(encoded, 'base64');
    if (key.length !== 32) throw new Error(`PII_ENCRYPTION_KEY: key "${id}" must be 32 bytes, base64-encoded (openssl rand -base64 32).`);
    if (keys.has(id)) throw new Error(`PII_ENCRYPTION_KEY: key id "${id}" appears twice.`);
    keys.set(id, key);
    activeKeyId ??= id;
  }
  if (!activeKeyId) throw new Error('PII_ENCRYPTION_KEY is empty.');
  return { activeKeyId, keys };
}

function parseIndexKey(value: string): Buffer {
  const key = Buffer.from(value, 'base64');
  if (key.length < 32) throw new Error('PII_BLIND_INDEX_KEY must be at least 32 bytes, base64-encoded (openssl rand -base64 32).');
  return key;
}

export function loadKeyring(settings: AppConfig = config()): PiiKeyring {
  const mustBeConfigured = settings.production && Boolean(settings.databaseUrl);
  const generated = (name: string, fileName: string, make: () => string) => {
    if (mustBeConfigured) throw new Error(`${name} is required in production (see docs/DEPLOYMENT.md).`);
    return readOrCreateDataDirSecret(settings.dataDir, fileName, make);
  };
  const encryption =
    settings.piiEncryptionKey ?? generated('PII_ENCRYPTION_KEY', 'pii-encryption-key', () => `k1:${randomBytes(32).toString('base64')}`);
  const index =
    settings.piiBlindIndexKey ?? generated('PII_BLIND_INDEX_KEY', 'pii-blind-index-key', () => randomBytes(32).toString('base64'));
  return { ...parseEncryptionKeys(encryption), indexKey: parseIndexKey(index) };
}

let cached: PiiKeyring | undefined;
export function keyring(): PiiKeyring {
  cached ??= loadKeyring();
  return cached;
}

/** Tests and the rotation script switch keys within one process. */
export function useKeyring(next: PiiKeyring | undefined) {
  cached = next;
}
