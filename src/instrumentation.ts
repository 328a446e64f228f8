/** On server start (Node runtime): check the settings, open the database (an embedded first start migrates and seeds before the first visitor) and start the daily refresh's scheduler. */
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { startServer } = await import('@/lib/startup/first-start');
  await startServer();
}
