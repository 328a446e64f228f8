/**
 * The words of an API refusal for the person using the page: the problem's detail (RFC 9457),
 * else its title, else the fallback. Browser-safe; the one helper pages use to read problems,
 * whether the problem is a response's body or a line of a stream (the import commit's).
 */
export function problemDetail(body: unknown, fallback: string): string {
  const problem = (typeof body === 'object' && body !== null ? body : {}) as { detail?: unknown; title?: unknown };
  if (typeof problem.detail === 'string') return problem.detail;
  return typeof problem.title === 'string' ? problem.title : fallback;
}

/** What a page says when a request never got an answer (offline, DNS, the server down behind no proxy). */
export const UNREACHABLE_MESSAGE = 'Could not reach the server. Check your connection and try again.';

export async function problemText(response: Response, fallback = `The server answered ${response.status}.`): Promise<string> {
  return problemDetail(await response.json().catch(() => null), fallback);
}

/** A problem's field errors (`errors: [{ field, message }]`), by field name without the given prefix ('body.rules.'). */
export function problemFieldErrors(body: unknown, prefix = ''): Record<string, string> {
  const errors = (typeof body === 'object' && body !== null ? (body as { errors?: unknown }).errors : undefined) ?? [];
  if (!Array.isArray(errors)) return {};
  return Object.fromEntries(
    errors
      .filter((e): e is { field: string; message: string } => typeof e?.field === 'string' && typeof e?.message === 'string')
      .map((e) => [e.field.startsWith(prefix) ? e.field.slice(prefix.length) : e.field, e.message]),
  );
}
