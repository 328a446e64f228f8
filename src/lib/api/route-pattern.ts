/**
 * The route a request was served by, as its file path names it (`/api/customers/[customerId]`),
 * for metric labels and log lines: the concrete path carries ids, which would make a series per
 * customer and put ids where they do not belong. Next gives a handler its params but not its
 * pattern, so the pattern is the path with each param's segment put back as `[name]`.
 */
type Params = Record<string, string | string[] | undefined>;

/** More distinct patterns than the app has routes means something else is leaking into them. */
const MAX_PATTERNS = 200;
const OTHER = '(other)';
const seen = new Set<string>();

function decoded(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

export function routePattern(pathname: string, params: Params = {}): string {
  const segments = pathname.split('/').map(decoded);
  // Dynamic segments come after the static ones of their folder: matched from the end, a value
  // that happens to equal a folder's name ("/api/customers/customers") still finds its own place.
  for (const [name, value] of Object.entries(params).reverse()) {
    if (value === undefined) continue;
    const values = Array.isArray(value) ? value : [value];
    const label = Array.isArray(value) ? `[...${name}]` : `[${name}]`;
    for (let end = segments.length; end >= values.length; end--) {
      const start = end - values.length;
      if (values.every((item, i) => segments[start + i] === item)) {
        segments.splice(start, values.length, label);
        break;
      }
    }
  }
  const pattern = segments.join('/');
  if (seen.has(pattern)) return pattern;
  if (seen.size >= MAX_PATTERNS) return OTHER;
  seen.add(pattern);
  return pattern;
}
