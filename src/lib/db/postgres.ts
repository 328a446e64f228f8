import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFromStdin } from 'pg-copy-streams';
import { timeDatabase } from '@/lib/observability/request-timing';
import { guarded } from './errors';
import type { Database, Queryable, SqlParam } from './types';

const DATE_OID = 1082;
const INT8_OID = 20;
// Their arrays too: pg would give Date objects, strings and (losing cents) floats where PGlite gives
// what the scalars give. tests/integration/row-types.test.ts checks both backends agree.
const DATE_ARRAY_OID = 1182;
const INT8_ARRAY_OID = 1016;
const NUMERIC_ARRAY_OID = 1231;
const TEXT_ARRAY_OID: number = 1009;

type Nested<T> = T | null | Nested<T>[];
const parseTextArray = pg.types.getTypeParser(TEXT_ARRAY_OID) as (value: string) => Nested<string>[];
const toNumbers = (value: Nested<string>): Nested<number> =>
  Array.isArray(value) ? value.map(toNumbers) : value === null ? null : Number(value);

/** Per-pool type parsing (not pg's global registry), so both backends return the same values. */
const typeParsers = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === DATE_OID) return (value: string) => value;
    if (oid === INT8_OID) return (value: string) => Number(value);
    if (oid === DATE_ARRAY_OID || oid === NUMERIC_ARRAY_OID) return parseTextArray;
    if (oid === INT8_ARRAY_OID) return (value: string) => toNumbers(parseTextArray(value));
    return pg.types.getTypeParser(oid, format);
  },
} as pg.CustomTypesConfig;

/** A statement or checkout of the adapter: connection failures classified, the time counted for the request (Server-Timing). */
const measured = <T>(operation: () => Promise<T>): Promise<T> => timeDatabase(() => guarded(operation()));

function wrap(target: pg.Pool | pg.PoolClient): Queryable {
  return {
    async query<Row>(sql: string, params: readonly SqlParam[] = []) {
      const result = await measured(() => target.query({ text: sql, values: params as unknown[], types: typeParsers }));
      return result.rows as Row[];
    },
    async exec(sql: string) {
      await measured(() => target.query(sql));
    },
    copyFrom(sql: string, data: string) {
      return timeDatabase(async () => {
        // COPY needs one connection for its whole stream: the pool lends one when not in a transaction.
        const client = 'release' in target ? target : await guarded((target as pg.Pool).connect());
        try {
          await guarded(pipeline(Readable.from([data]), client.query(copyFromStdin(sql))));
        } finally {
          if (client !== target) (client as pg.PoolClient).release();
        }
      });
    },
  };
}

export interface PostgresOptions {
  /** Fail fast when the server is unreachable, so health checks answer instead of hanging. */
  connectionTimeoutMillis?: number;
  max?: number;
  /** Per-statement limit; 0 turns it off (bulk loads in benchmarks). */
  statementTimeoutMillis?: number;
}

export function createPostgresDatabase(connectionString: string, options: PostgresOptions = {}): Database {
  const pool = new pg.Pool({
    connectionString,
    max: options.max ?? 10,
    connectionTimeoutMillis: options.connectionTimeoutMillis ?? 3000,
    idleTimeoutMillis: 30_000,
    // A statement that runs away must not hold a pooled connection forever.
    statement_timeout: options.statementTimeoutMillis ?? 30_000,
  });
  // An idle client losing its server must not crash the process; the next checkout reconnects.
  pool.on('error', () => {});
  const outer = wrap(pool);
  return {
    backend: 'postgres',
    ...outer,
    async transaction(work) {
      // Waiting for a pooled connection is database time too: a full pool shows up as a slow `db`.
      const client = await measured(() => pool.connect());
      // While checked out, a client has no pool error listener: a connection dropped between two
      // statements would otherwise crash the process. Remember it and destroy the client.
      let connectionLost = false;
      const onError = () => {
        connectionLost = true;
      };
      client.on('error', onError);
      try {
        await measured(() => client.query('begin'));
        const result = await work(wrap(client));
        await measured(() => client.query('commit'));
        client.off('error', onError);
        client.release(connectionLost);
        return result;
      } catch (error) {
        // A connection that cannot even roll back is broken: destroy it instead of pooling it.
        const rollbackFailed = await timeDatabase(() => client.query('rollback')).then(
          () => false,
          () => true,
        );
        client.release(rollbackFailed);
        throw error;
      }
    },
    poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
    close: () => pool.end(),
  };
}
