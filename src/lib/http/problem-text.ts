/**
 * The words of an API refusal for the person using the page: the problem's detail (RFC 9457),
 * else its title, else the fallback. Browser-safe; the one helper pages use to read problems.
 */
export async function problemText(response: Response, fallback = `The server answered ${response.status}.`): Promise<string> {
  const body = (await response.json().catch(() => null)) as { detail?: string; title?: string } | null;
  return body?.detail ?? body?.title ?? fallback;
}
