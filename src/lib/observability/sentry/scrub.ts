import type { Breadcrumb, Event } from '@sentry/nextjs';
import { redact, redactDeep } from '@/lib/observability/redact';

/**
 * What leaves the app in an error report. Names cannot be found reliably by a pattern, so the
 * rules are first about structure: request bodies, cookies, query strings (search terms), all but
 * a few headers, console and click breadcrumbs and every user field but the id are dropped; what
 * is left goes through the same redaction as the logs (emails, phones, tokens), messages through
 * more (below). No Node built-ins here: shared by the server, the browser and the tunnel, which
 * re-scrubs what a browser sends because an old or tampered page may not have.
 */
const KEPT_HEADERS = new Set(['user-agent', 'content-type', 'accept', 'x-request-id']);
const KEPT_BREADCRUMB_CATEGORIES = new Set(['navigation', 'fetch', 'xhr', 'http']);
const KEPT_CONTEXTS = new Set(['runtime', 'os', 'browser', 'device', 'app', 'culture', 'trace', 'nextjs']);

/**
 * Error messages are free text: ours, the database's ("invalid input syntax for type uuid:
 * \"…\""), the browser's (`Unexpected token 'J', "Jane Doe" is not valid JSON`), or a message a
 * bug built from a customer's record. Beyond the log redaction, quoted values go, and so do runs
 * of two or more capitalised words, the shape of a person's or a company's name. Best effort by
 * design (a lone first name survives); it costs some harmless words ("Server Components").
 */
/** A capitalised word with a lowercase letter in it: Jane, O'Kon, McDonald, Parker-Lindgren, José. */
const NAME_WORD = String.raw`\p{Lu}[\p{L}\p{M}'’-]*?\p{Ll}[\p{L}\p{M}'’-]*`;
/** Two or more of them, with up to two short lowercase particles between (Ludwig van Beethoven, María de la Cruz). */
const NAME_RUN = new RegExp(String.raw`${NAME_WORD}(?:\s+(?:\p{Ll}{1,3}\s+){0,2}${NAME_WORD})+`, 'gu');

const FREE_TEXT_RULES: [RegExp, string][] = [
  [/["“`][^"“”`\n]{1,200}["”`]/g, '"[value]"'],
  [/(?<![\p{L}\p{N}])'[^'\n]{1,200}'/gu, "'[value]'"],
  [NAME_RUN, '[name]'],
];

export function redactFreeText(text: string): string {
  return FREE_TEXT_RULES.reduce((result, [pattern, label]) => result.replace(pattern, label), redact(text));
}

/** Origin and path only: the query and fragment carry search terms and filters. */
export function withoutQuery(url: string): string {
  const cut = url.search(/[?#]/);
  return redact(cut === -1 ? url : url.slice(0, cut));
}

export function scrubBreadcrumb(breadcrumb: Breadcrumb): Breadcrumb | null {
  if (!breadcrumb.category || !KEPT_BREADCRUMB_CATEGORIES.has(breadcrumb.category)) return null;
  const data: Record<string, unknown> = {};
  for (const key of ['method', 'status_code', 'from', 'to', 'url'] as const) {
    const value = breadcrumb.data?.[key];
    if (value === undefined) continue;
    data[key] = typeof value === 'string' ? withoutQuery(value) : value;
  }
  return { ...breadcrumb, message: breadcrumb.message ? withoutQuery(breadcrumb.message) : undefined, data };
}

function scrubRequest(request: NonNullable<Event['request']>): Event['request'] {
  const headers = Object.fromEntries(Object.entries(request.headers ?? {}).filter(([name]) => KEPT_HEADERS.has(name.toLowerCase())));
  return { method: request.method, url: request.url ? withoutQuery(request.url) : undefined, headers: redactDeep(headers) };
}

export function scrubEvent<T extends Event>(event: T): T {
  const scrubbed: T = { ...event };
  if (event.request) scrubbed.request = scrubRequest(event.request);
  if (event.user) scrubbed.user = event.user.id === undefined ? undefined : { id: event.user.id };
  if (event.message) scrubbed.message = redactFreeText(event.message);
  if (event.logentry) {
    scrubbed.logentry = {
      message: event.logentry.message === undefined ? undefined : redactFreeText(event.logentry.message),
      params: event.logentry.params?.map((param) => (typeof param === 'string' ? redactFreeText(param) : param)),
    };
  }
  if (event.transaction) scrubbed.transaction = withoutQuery(event.transaction);
  if (event.exception?.values) {
    scrubbed.exception = {
      values: event.exception.values.map((value) => ({
        ...value,
        value: value.value === undefined ? undefined : redactFreeText(value.value),
        stacktrace: value.stacktrace && {
          ...value.stacktrace,
          frames: value.stacktrace.frames?.map(({ vars: _vars, ...frame }) => frame),
        },
      })),
    };
  }
  if (event.breadcrumbs) {
    scrubbed.breadcrumbs = event.breadcrumbs.map(scrubBreadcrumb).filter((crumb): crumb is Breadcrumb => crumb !== null);
  }
  if (event.contexts) {
    const kept = Object.entries(event.contexts).filter(([name]) => KEPT_CONTEXTS.has(name));
    scrubbed.contexts = redactDeep(Object.fromEntries(kept));
    const nextjs = scrubbed.contexts.nextjs as Record<string, unknown> | undefined;
    if (nextjs && typeof nextjs.request_path === 'string') nextjs.request_path = withoutQuery(nextjs.request_path);
  }
  if (event.extra) scrubbed.extra = redactDeep(event.extra);
  if (event.tags) scrubbed.tags = redactDeep(event.tags);
  return scrubbed;
}
