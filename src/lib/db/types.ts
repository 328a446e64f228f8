/**
 * The one query interface the app uses, whichever backend sits behind it (embedded PGlite or a
 * PostgreSQL server). Values come back identically from both: numeric as string (exact cents),
 * bigint as number, date as 'YYYY-MM-DD', timestamptz as Date.
 */
export type SqlParam = string | number | boolean | null | Date | Uint8Array | readonly unknown[] | Record<string, unknown>;

export interface Queryable {
  /** One statement with bound parameters ($1, $2, …). Never interpolate values into `sql`. */
  query<Row = Record<string, unknown>>(sql: string, params?: readonly SqlParam[]): Promise<Row[]>;
  /** A whole script of statements without parameters (migrations, seeds). */
  exec(sql: string): Promise<void>;
  /**
   * Bulk load: `sql` is a `copy … from stdin` statement, `data` its rows in COPY text format
   * (see copyText). Several times faster than INSERT for large imports.
   */
  copyFrom(sql: string, data: string): Promise<void>;
}

const NEEDS_ESCAPE = /[\\\t\n\r]/;
const ESCAPES = /[\\\t\n\r]/g;
const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** A value in COPY text format: \N for null; backslash, tab, newline and CR escaped; bytes as \\x hex. */
export function copyValue(value: string | number | boolean | Uint8Array | null | undefined): string {
  if (value === null || value === undefined) return '\\N';
  if (typeof value === 'boolean') return value ? 't' : 'f';
  if (typeof value === 'number') return String(value);
  if (value instanceof Uint8Array) return `\\\\x${Buffer.from(value).toString('hex')}`;
  // Most values need no escaping; testing first is much cheaper than always replacing.
  return NEEDS_ESCAPE.test(value) ? value.replace(ESCAPES, (char) => COPY_ESCAPES[char]!) : value;
}

export type DatabaseBackend = 'pglite' | 'postgres';

/** Connections of a database right now, for the pool gauges of /api/metrics. */
export interface PoolStats {
  /** Open connections (the embedded database has exactly one). */
  total: number;
  /** Open connections nobody is using. */
  idle: number;
  /** Callers waiting for a connection: a pool that is too small, or slow statements holding it. */
  waiting: number;
}

export interface Database extends Queryable {
  readonly backend: DatabaseBackend;
  poolStats(): PoolStats;
  /** Runs `work` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
