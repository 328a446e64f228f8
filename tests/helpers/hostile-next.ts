/**
 * `next` values an attacker would try for an open redirect after sign-in: dot segments that
 * resolve to "//host", backslashes, control characters browsers strip, encoded forms, schemes.
 * Every one must end on this site.
 */
export const HOSTILE_NEXT_VALUES = [
  '//evil.test',
  '///evil.test',
  '////evil.test/x',
  '/.//evil.test',
  '/..//evil.test/x',
  '/./..//evil.test',
  '/a/..//evil.test',
  '/a/b/../..//evil.test',
  '/%2e//evil.test',
  '/%2E%2E//evil.test',
  '/.%2e//evil.test',
  '/\\evil.test',
  '\\\\evil.test',
  '/\\/evil.test',
  '/.\\\\evil.test',
  '/\t/evil.test',
  '/\n/evil.test',
  '/\r\n//evil.test',
  '/.\t//evil.test',
  '\u0000//evil.test',
  '/\u007f/evil.test',
  ' //evil.test',
  'https://evil.test',
  'HTTPS://evil.test/x',
  'https:evil.test',
  'javascript:alert(1)',
  'data:text/html,<script>alert(1)</script>',
  '//%65vil.test',
  '%2F%2Fevil.test',
  'evil.test',
  '/\u2028//evil.test',
];

/** True when a browser on https://app.example following `location` stays on https://app.example. */
export function staysOnSite(location: string | null): boolean {
  if (!location) return false;
  try {
    return new URL(location, 'https://app.example/sign-in').origin === 'https://app.example';
  } catch {
    return false;
  }
}
