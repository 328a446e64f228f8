/** What the sign-in form says for each way sign-in can fail (JSON detail and form redirect alike). */
export const SIGN_IN_MESSAGES = {
  'invalid-credentials': 'That email and password do not match. Check them and try again.',
  'rate-limited': 'Too many sign-in attempts. Wait a minute and try again.',
  validation: 'Enter your email address and your password.',
  unavailable: 'Sign-in is unavailable for a moment. Try again in a few seconds.',
} as const;

export function signInMessageFor(code: string | undefined): string | null {
  if (!code) return null;
  return SIGN_IN_MESSAGES[code as keyof typeof SIGN_IN_MESSAGES] ?? 'Sign-in failed. Try again.';
}
