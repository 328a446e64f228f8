/**
 * The demo agencies and their users (embedded auth only), as `npm run db:seed` and an embedded
 * first start create them: the seed writes them, and `npm run smoke` signs in as the demo owner
 * by default without loading the seed itself.
 */

/** Every demo user signs in with this password (embedded auth only). */
export const DEMO_PASSWORD = 'segments-demo';

export const DEMO_AGENCIES = [
  { slug: 'demo-agency', name: 'Demo Agency' },
  { slug: 'second-agency', name: 'Second Agency' },
] as const;

/** Demo Agency's owner also helps run Second Agency, so the agency switcher has work to do. */
export const DEMO_USERS = [
  {
    email: 'owner@demo-agency.test',
    memberships: [
      ['demo-agency', 'owner'],
      ['second-agency', 'admin'],
    ],
  },
  { email: 'admin@demo-agency.test', memberships: [['demo-agency', 'admin']] },
  { email: 'agent@demo-agency.test', memberships: [['demo-agency', 'agent']] },
  { email: 'viewer@demo-agency.test', memberships: [['demo-agency', 'viewer']] },
  { email: 'owner@second-agency.test', memberships: [['second-agency', 'owner']] },
] as const;

/** The smoke test's default sign-in: Demo Agency's owner, who may refresh its tiers. */
export const DEMO_OWNER_EMAIL = DEMO_USERS[0].email;
