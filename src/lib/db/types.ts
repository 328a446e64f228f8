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
}

export type DatabaseBackend = 'pglite' | 'postgres';

export interface Database extends Queryable {
  readonly backend: DatabaseBackend;
  /** Runs `work` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
