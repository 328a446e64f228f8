/** The signed-in user's agencies, and switching between them (the switcher in the header). */
import { z } from 'zod';
import { notFoundError } from '@/lib/domain-error';
import { userUseCase } from '@/lib/use-case';
import { chooseAgency } from '../agencies';

export const listMyAgencies = userUseCase({
  rateLimit: 'read',
  errors: [],
  run: async ({ memberships, currentAgency }) => ({ agencies: memberships, currentAgencyId: currentAgency?.agencyId ?? null }),
});

/** Only an agency the caller belongs to; any other id is the same "not found" as one that does not exist. */
export const switchAgency = userUseCase({
  rateLimit: 'write',
  body: z.object({ agencyId: z.uuid('Must be an agency id.') }),
  errors: ['not-found'],
  run: async ({ memberships }, { body }) => {
    const chosen = chooseAgency(memberships, body.agencyId);
    if (!chosen) throw notFoundError('Agency');
    return { agency: chosen };
  },
});
