/**
 * POST /api/auth/sign-out[?scope=global] — ends the session on the server (a copied cookie stops
 * working at once) and clears the session and agency cookies. `scope=global` ends every session
 * of the user ("sign out everywhere"). Safe to call signed out.
 */
import { signOutRoute } from '@/lib/api/session-routes';

export const POST = signOutRoute;
