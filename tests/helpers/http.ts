import { POST as signInRoute } from '@/app/api/auth/sign-in/route';
import { DEMO_PASSWORD } from '@/lib/seed/demo-seed';

/**
 * Calls route handlers as Next does: a real fetch Request in, a real Response out. Each test
 * IP is distinct so the sign-in limit of one test never leaks into another.
 */
type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;

export interface CallOptions {
  method?: string;
  path: string;
  cookie?: string;
  agencyId?: string;
  body?: unknown;
  rawBody?: string;
  params?: Record<string, string>;
  headers?: Record<string, string>;
}

export function buildRequest(options: CallOptions): Request {
  const headers = new Headers(options.headers);
  if (options.cookie) headers.set('cookie', options.cookie);
  if (options.agencyId) headers.set('x-agency-id', options.agencyId);
  let body: string | undefined;
  if (options.rawBody !== undefined || options.body !== undefined) {
    body = options.rawBody ?? JSON.stringify(options.body);
    if (!headers.has('content-type')) headers.set('content-type', 'application/json');
  }
  return new Request(`http://localhost${options.path}`, { method: options.method ?? 'GET', headers, body });
}

export function call(handler: Handler, options: CallOptions): Promise<Response> {
  return handler(buildRequest(options), { params: Promise.resolve(options.params ?? {}) });
}

let ipCounter = 0;
export const nextTestIp = () => `198.51.100.${(ipCounter = (ipCounter % 250) + 1)}`;

/** Signs in through the real route and returns the Cookie header a browser would send. */
export async function signIn(email: string, password = DEMO_PASSWORD): Promise<string> {
  const response = await call(signInRoute as Handler, {
    method: 'POST',
    path: '/api/auth/sign-in',
    body: { email, password },
    headers: { 'x-forwarded-for': nextTestIp() },
  });
  if (response.status !== 200) throw new Error(`sign-in as ${email} failed: ${response.status} ${await response.text()}`);
  const setCookie = response.headers.get('set-cookie') ?? '';
  return setCookie.split(';')[0]!;
}

export async function problemOf(response: Response) {
  expectProblemContentType(response);
  return (await response.json()) as {
    type: string;
    title: string;
    status: number;
    detail?: string;
    requestId: string;
    errors?: { field: string; message: string }[];
  };
}

function expectProblemContentType(response: Response) {
  const type = response.headers.get('content-type');
  if (type !== 'application/problem+json') throw new Error(`expected problem+json, got ${type} (status ${response.status})`);
}
