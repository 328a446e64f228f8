/**
 * The smoke test's HTTP client: one deployment, one signed-in session, over real HTTP as a
 * browser would reach it. It keeps the cookies the app sets (and never shows them), states its
 * origin on changes (the app refuses cross-site ones), follows no redirect by itself (a redirect
 * to the sign-in page is a finding, not a detour) and turns a network failure into words.
 */

export interface SmokeResponse {
  status: number;
  headers: Headers;
  text: string;
  /** Wall-clock time from sending the request to the end of the body. */
  ms: number;
}

/** The server did not answer at all (refused, unknown host, TLS, time-out): nothing later can be checked. */
export class UnreachableError extends Error {}

export interface RequestOptions {
  method?: 'GET' | 'POST';
  json?: unknown;
  headers?: Record<string, string>;
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 15_000;

/** Why fetch could not talk to the server, in the words an engineer would search for. */
function describeNetworkFailure(error: unknown, timeoutMs: number): string {
  const failure = error as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (failure.name === 'TimeoutError') return `no answer within ${timeoutMs / 1000} s`;
  const code = failure.cause?.code;
  if (code === 'ECONNREFUSED') return 'connection refused (nothing listens at that address)';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'host not found (check the address)';
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET') return 'the connection was closed before an answer';
  if (code === 'UND_ERR_CONNECT_TIMEOUT') return 'the connection timed out';
  const detail = failure.cause?.message ?? failure.message ?? String(error);
  return code ? `${code}: ${detail}` : detail;
}

/**
 * The deployment's origin from what the user typed: http(s) only, path ignored (the app is served
 * from the root). Throws a readable error for anything else.
 */
export function parseBaseUrl(input: string): URL {
  // "localhost:3000" parses as a URL of scheme "localhost:"; say what was probably meant.
  const example = /^[a-z][\w.+-]*:\/\//i.test(input) ? 'https://app.example.com' : `http://${input}`;
  let url: URL | null = null;
  try {
    url = new URL(input);
  } catch {
    // Reported below, with the example.
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new Error(`"${input}" is not an http(s) address: give the deployment's address, e.g. ${example}`);
  }
  if (url.username || url.password) throw new Error('Put the credentials in --email and --password, not in the address.');
  return new URL(url.origin);
}

export class SmokeClient {
  private readonly cookies = new Map<string, string>();

  constructor(readonly base: URL) {}

  get hasCookies(): boolean {
    return this.cookies.size > 0;
  }

  async request(path: string, options: RequestOptions = {}): Promise<SmokeResponse> {
    const { method = 'GET', json, timeoutMs = DEFAULT_TIMEOUT_MS } = options;
    const headers: Record<string, string> = { 'user-agent': 'customer-segmentation-smoke', ...options.headers };
    if (this.cookies.size) headers.cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    // The app accepts changes only from its own origin, as a browser states it.
    if (method !== 'GET') headers.origin = this.base.origin;
    if (json !== undefined) headers['content-type'] = 'application/json';
    const startedAt = performance.now();
    try {
      const response = await fetch(new URL(path, this.base), {
        method,
        headers,
        body: json === undefined ? undefined : JSON.stringify(json),
        redirect: 'manual',
        signal: AbortSignal.timeout(timeoutMs),
      });
      this.keepCookies(response.headers);
      const text = await response.text();
      return { status: response.status, headers: response.headers, text, ms: performance.now() - startedAt };
    } catch (error) {
      throw new UnreachableError(`cannot reach ${this.base.origin}: ${describeNetworkFailure(error, timeoutMs)}`);
    }
  }

  /** The cookies a browser would keep: set, renewed, and removed by an expired or empty one. */
  private keepCookies(headers: Headers) {
    for (const line of headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';');
      const at = pair.indexOf('=');
      if (at < 1) continue;
      const name = pair.slice(0, at).trim();
      const value = pair.slice(at + 1).trim();
      const expired = attributes.some((attribute) => /^\s*max-age\s*=\s*(0|-\d+)\s*$/i.test(attribute));
      if (!value || expired) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
}

/** The JSON body of a response, or null when it is not JSON (an HTML error page, a proxy's text). */
export function jsonOf(response: SmokeResponse): unknown {
  try {
    return JSON.parse(response.text);
  } catch {
    return null;
  }
}

/** "404 Not Found: The agency was not found." from a problem+json answer, else the status alone. */
export function describeStatus(response: SmokeResponse): string {
  const body = jsonOf(response) as { title?: unknown; detail?: unknown } | null;
  const words = [body?.title, body?.detail].filter((part): part is string => typeof part === 'string' && part.length > 0);
  const retryAfter = response.headers.get('retry-after');
  return `${response.status}${words.length ? `: ${words.join(' — ')}` : ''}${retryAfter ? ` (Retry-After ${retryAfter} s)` : ''}`;
}
