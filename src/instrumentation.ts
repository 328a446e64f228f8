/** On server start (Node runtime): open the database, so an embedded first start migrates and seeds before the first visitor. */
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { getDb } = await import('@/lib/db');
  await getDb().catch((error: Error) => {
    // Not fatal: /api/health reports it and the next request tries again.
    console.error(JSON.stringify({ level: 'error', msg: 'database not available at start-up', error: error.message }));
  });
}
