/** On server start (Node runtime): open the database, so an embedded first start migrates and seeds before the first visitor. */
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { startServer } = await import('@/lib/startup/first-start');
  await startServer();
}
