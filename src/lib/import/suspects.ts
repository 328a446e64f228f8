import type { ImportRow } from './row';
import { SeenFilter } from './seen-filter';

/**
 * What the whole-file checks (whole-file-checks.ts) must look at, noted while rows stream in: the
 * policy ids that may be on two valid rows, and the customers that may reappear or change details
 * between their rows ('all' past a few thousand). A Bloom filter and the current run of rows
 * decide it, so a clean million-row file needs no full pass; an id wrongly suspected only costs a
 * look at that id.
 */
export interface Suspects {
  policies: string[] | 'all';
  customers: string[] | 'all';
}

/** Ids kept for the whole-file checks to look at; beyond this they look at every row. */
export const MAX_SUSPECTS = 10_000;

const hasDetails = (row: ImportRow) => row.customerKind !== null || Boolean(row.customer.name || row.customer.email || row.customer.phone);
const sameDetails = (a: ImportRow, b: ImportRow) =>
  a.customerKind === b.customerKind &&
  a.customer.name === b.customer.name &&
  a.customer.email === b.customer.email &&
  a.customer.phone === b.customer.phone;

export class SuspectTracker {
  private readonly policiesSeen: SeenFilter;
  private readonly customersSeen: SeenFilter;
  private readonly suspects = { policies: new Set<string>(), customers: new Set<string>() };
  private run: { customer: string; details: ImportRow | null } = { customer: '', details: null };

  constructor(
    maxRows: number,
    private readonly maxSuspects = MAX_SUSPECTS,
  ) {
    this.policiesSeen = new SeenFilter(maxRows);
    this.customersSeen = new SeenFilter(maxRows);
  }

  private suspect(kind: 'policies' | 'customers', id: string) {
    if (this.suspects[kind].size <= this.maxSuspects) this.suspects[kind].add(id);
  }

  /** Notes a valid row. */
  note(row: ImportRow) {
    if (this.policiesSeen.add(row.policyExternalId)) this.suspect('policies', row.policyExternalId);
    if (row.customerExternalId !== this.run.customer) {
      if (this.customersSeen.add(row.customerExternalId)) this.suspect('customers', row.customerExternalId);
      this.run = { customer: row.customerExternalId, details: hasDetails(row) ? row : null };
    } else if (hasDetails(row)) {
      if (this.run.details && !sameDetails(this.run.details, row)) this.suspect('customers', row.customerExternalId);
      this.run.details ??= row;
    }
  }

  result(): Suspects {
    const all = (ids: Set<string>) => (ids.size > this.maxSuspects ? 'all' : [...ids]);
    return { policies: all(this.suspects.policies), customers: all(this.suspects.customers) };
  }
}
