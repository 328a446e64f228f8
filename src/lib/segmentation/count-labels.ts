/**
 * One definition of the book's headline counts, and one wording for it, wherever they are shown
 * (the dashboard, the help page's diagnostics, `npm run db:seed`, the README): tiers are computed
 * from policies in force on the as-of date (SPEC §5), so "customers" and "policies" mean those
 * in force; everything else on file is counted apart and says so.
 */
export const COUNT_LABELS = {
  customersInForce: 'Customers with a policy in force',
  customersWithoutPolicy: 'Customers without a policy in force',
  policiesInForce: 'Policies in force',
  policiesPerCustomer: 'Policies in force per customer',
  onFile: 'On file (any status)',
} as const;
