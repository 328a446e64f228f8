/** SPEC §3 as data: what each agency role may do. The API checks these; RLS enforces the same. */
export const AGENCY_ROLES = ['owner', 'admin', 'agent', 'viewer'] as const;
export type AgencyRole = (typeof AGENCY_ROLES)[number];

export type Permission =
  | 'analytics:read' // dashboard aggregates, methodology
  | 'customers:read' // drill-down lists (viewers see PII masked)
  | 'customers:pii' // names, emails, phones unmasked
  | 'customers:export'
  | 'customers:import'
  | 'insights:refresh'
  | 'rules:write'
  | 'members:read'
  | 'members:manage' // admins manage everyone but owners; that finer rule lives in the member verbs
  | 'service:status'; // the service's SLO states on /help/troubleshooting (SPEC §13)

const MEMBER: Permission[] = ['analytics:read', 'customers:read', 'members:read'];
const STAFF: Permission[] = [...MEMBER, 'customers:pii', 'customers:export'];
const MANAGER: Permission[] = [...STAFF, 'customers:import', 'insights:refresh', 'rules:write', 'members:manage', 'service:status'];

const ROLE_PERMISSIONS: Record<AgencyRole, ReadonlySet<Permission>> = {
  owner: new Set(MANAGER),
  admin: new Set(MANAGER),
  agent: new Set(STAFF),
  viewer: new Set(MEMBER),
};

export function roleHas(role: AgencyRole, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].has(permission);
}

export function isAgencyRole(value: unknown): value is AgencyRole {
  return typeof value === 'string' && (AGENCY_ROLES as readonly string[]).includes(value);
}
