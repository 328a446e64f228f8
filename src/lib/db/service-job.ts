import { asService, getDb } from './index';
import type { Database, Queryable } from './types';

/**
 * Bounds of a job transaction (an import's whole-file checks and commit, an insights refresh):
 * work that may take minutes, so it gets 10 minutes per statement instead of the pool's 30 s,
 * and work that must not outlive the process that started it. When that process dies (a server
 * killed mid-commit) its backend carries on alone: an orphan that keeps its locks (the import
 * lock: every next import of the agency refused) until its statement ends. On a PostgreSQL
 * server the transaction therefore also sets:
 * - client_connection_check_interval: a running statement checks every 2 s that its client is
 *   still connected and aborts when it is not, so a client that closed its connection (a
 *   killed process does) leaves an orphan for at most about 2 s;
 * - TCP keepalives after 10 s idle, every 5 s, 3 probes: a client host that vanished without
 *   closing the connection is noticed within about 25 s (the kernel default is 2 hours);
 * - idle_in_transaction_session_timeout: a transaction whose live client stopped sending
 *   statements (a hung process) is ended after 60 s.
 * All are local to the transaction (set_config(…, true)), so they work through a transaction
 * pooler. The embedded database lives inside the process and dies with it, so none of this
 * applies there (PGlite also blocks the whole process on an idle-in-transaction timeout).
 */
export const JOB_TRANSACTION_BOUNDS = {
  statementTimeoutSeconds: 600,
  clientConnectionCheckSeconds: 2,
  keepalivesIdleSeconds: 10,
  keepalivesIntervalSeconds: 5,
  keepalivesCount: 3,
  idleInTransactionSeconds: 60,
} as const;

async function boundJobTransaction(tx: Queryable, backend: Database['backend']) {
  const b = JOB_TRANSACTION_BOUNDS;
  if (backend !== 'postgres') {
    await tx.query(`select set_config('statement_timeout', $1, true)`, [`${b.statementTimeoutSeconds}s`]);
    return;
  }
  await tx.query(
    `select set_config('statement_timeout', $1, true), set_config('client_connection_check_interval', $2, true),
       set_config('tcp_keepalives_idle', $3, true), set_config('tcp_keepalives_interval', $4, true),
       set_config('tcp_keepalives_count', $5, true), set_config('idle_in_transaction_session_timeout', $6, true)`,
    [
      `${b.statementTimeoutSeconds}s`,
      `${b.clientConnectionCheckSeconds}s`,
      String(b.keepalivesIdleSeconds),
      String(b.keepalivesIntervalSeconds),
      String(b.keepalivesCount),
      `${b.idleInTransactionSeconds}s`,
    ],
  );
}

/** asService for a job transaction: see JOB_TRANSACTION_BOUNDS. */
export async function asServiceJob<T>(work: (tx: Queryable) => Promise<T>, db?: Database): Promise<T> {
  const target = db ?? (await getDb());
  return asService(async (tx) => {
    await boundJobTransaction(tx, target.backend);
    return work(tx);
  }, target);
}
