/**
 * A Sentry DSN, `https://<public key>@<host>[/<path>]/<project id>`, taken apart: where its
 * envelopes go and the key that authenticates them. Pure (no Node built-ins, no SDK): config
 * validates SENTRY_DSN with it and the tunnel finds its one upstream with it.
 */
export interface ParsedDsn {
  publicKey: string;
  projectId: string;
  /** `https://o1.ingest.sentry.io/api/42/envelope/`: the only address the tunnel forwards to. */
  envelopeUrl: string;
}

export function parseDsn(dsn: string): ParsedDsn | null {
  let url: URL;
  try {
    url = new URL(dsn);
  } catch {
    return null;
  }
  const match = /^(.*)\/(\d+)\/?$/.exec(url.pathname);
  // The SDK takes a key of letters, digits and underscores only (Sentry's are hex) and drops any other DSN silently.
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || !/^\w+$/.test(url.username) || !match || url.search || url.hash)
    return null;
  const [, prefix, projectId] = match;
  return { publicKey: url.username, projectId: projectId!, envelopeUrl: `${url.origin}${prefix}/api/${projectId}/envelope/` };
}
