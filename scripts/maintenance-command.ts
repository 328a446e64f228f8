import { parseArgs } from 'node:util';

/**
 * A maintenance command's frame: one path argument and an optional --replace, a usage line when
 * they are wrong (exit 2), and any failure as one readable line on stderr (exit 1), never a stack.
 */
export async function runMaintenanceCommand(
  name: string,
  usage: string,
  work: (target: string, flags: { replace: boolean }) => Promise<void>,
): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({ allowPositionals: true, options: { replace: { type: 'boolean', default: false } } });
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\nUsage: ${usage}`);
    process.exit(2);
  }
  const [target, ...extra] = parsed.positionals;
  if (!target || extra.length) {
    console.error(`Usage: ${usage}`);
    process.exit(2);
  }
  try {
    await work(target, { replace: parsed.values.replace ?? false });
  } catch (error) {
    console.error(`${name} failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  }
}
