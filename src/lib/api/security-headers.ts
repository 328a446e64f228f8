/**
 * The security headers of every response, in one place: pages and API routes (src/proxy.ts),
 * routes the proxy does not see (the import upload, through the route wrappers) and the
 * framework's own responses (static files, its error pages: next.config.ts). Pure data and
 * functions, so next.config.ts can import it too.
 */

/** Headers that are the same on every response. */
export const STATIC_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'X-Frame-Options': 'DENY',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'strict-origin-when-cross-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=()',
};

/**
 * Sent only on responses to HTTPS requests: over plain HTTP the header means nothing to a
 * browser, and a development server on http://localhost must not pin itself to HTTPS.
 */
export const HSTS = { name: 'Strict-Transport-Security', value: 'max-age=63072000; includeSubDomains' } as const;

/** JSON and CSV answers render nothing: they may load nothing and be framed by no one. */
export const API_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'";

/** A page's policy: scripts only with this response's nonce (and what they load). */
export function pageContentSecurityPolicy(options: { nonce: string; development: boolean; connectTo: (string | undefined)[] }): string {
  const connect = ["'self'", ...options.connectTo.filter(Boolean)].join(' ');
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${options.nonce}' 'strict-dynamic'${options.development ? " 'unsafe-eval'" : ''}`,
    // Inline style attributes come from React and animation libraries; scripts stay nonce-only.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src ${connect}${options.development ? ' ws:' : ''}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

export function applySecurityHeaders(headers: Headers, options: { https: boolean; contentSecurityPolicy: string }): void {
  for (const [name, value] of Object.entries(STATIC_SECURITY_HEADERS)) headers.set(name, value);
  headers.set('Content-Security-Policy', options.contentSecurityPolicy);
  if (options.https) headers.set(HSTS.name, HSTS.value);
  else headers.delete(HSTS.name);
}
