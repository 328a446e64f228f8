import { describe, expect, it } from 'vitest';
import { AGENCY_ROLES, roleHas, type Permission } from '@/lib/tenancy/permissions';

// SPEC §3, row by row: owner, admin, agent, viewer.
const SPEC_TABLE: [Permission, boolean[]][] = [
  ['analytics:read', [true, true, true, true]],
  ['customers:read', [true, true, true, true]],
  ['customers:pii', [true, true, true, false]],
  ['customers:export', [true, true, true, false]],
  ['customers:import', [true, true, false, false]],
  ['insights:refresh', [true, true, false, false]],
  ['rules:write', [true, true, false, false]],
  ['members:manage', [true, true, false, false]],
  ['members:read', [true, true, true, true]],
  // SPEC §13: owners and admins see the SLOs' states on the troubleshooting page.
  ['service:status', [true, true, false, false]],
];

describe('role permissions', () => {
  it.each(SPEC_TABLE)('%s follows the SPEC §3 table', (permission, allowed) => {
    expect(AGENCY_ROLES.map((role) => roleHas(role, permission))).toEqual(allowed);
  });
});
