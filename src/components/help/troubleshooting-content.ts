import { COUNT_LABELS } from '@/lib/segmentation/count-labels';

/**
 * The words of the troubleshooting page (/help/troubleshooting) that do not depend on the agency:
 * the diagnostics' labels and the common questions. docs/TROUBLESHOOTING.md repeats them section
 * by section for support and the engineer on call, and a unit test (troubleshooting-doc.test.ts)
 * fails when the two drift apart: change a question or a label here, then the doc.
 */

/** The diagnostics the page lists, by key, in the order shown. */
export const DIAGNOSTIC_LABELS = {
  agency: 'Agency',
  role: 'Your role',
  'data-mode': 'Data mode',
  'last-refresh': 'Last refresh',
  // The dashboard's figures (same refresh, same words), then everything on file.
  'customers-in-force': COUNT_LABELS.customersInForce,
  'customers-without-policy': COUNT_LABELS.customersWithoutPolicy,
  'policies-in-force': COUNT_LABELS.policiesInForce,
  'on-file': COUNT_LABELS.onFile,
  // In words support can repeat to a customer; the technical names are in the README.
  'data-storage': 'Data kept in',
  accounts: 'Accounts',
  version: 'Version',
} as const;

export const TROUBLESHOOTING_QUESTIONS: readonly { q: string; a: string }[] = [
  {
    q: 'Why does the dashboard say “○ Demo Data”?',
    a: 'Your agency has no customers yet, so the dashboard shows an illustrative book, scored with your rules. It switches to “● Live Data” as soon as your book of business is uploaded (owners and admins can upload a CSV of policies).',
  },
  {
    q: 'How fresh are the figures?',
    a: 'Tiers are recomputed by the scheduled refresh and right after every import; owners and admins can also press Refresh on the dashboard to recompute now. The badge says when the figures were computed; the diagnostics above show the last runs.',
  },
  {
    q: 'What do the tiers mean?',
    a: 'Elite 💎, Premium ⭐, Standard 🛡️ and Entry 🎯 group customers by the annual premium and the number of distinct lines of business of their policies in force. The dashboard’s “How tiers are computed” panel shows your agency’s exact rules in words.',
  },
  {
    q: 'A customer is missing from every tier.',
    a: 'Customers with no policy in force on the as-of date (only cancelled, expired or not-yet-effective policies) have no tier; they are counted as “without a policy in force”. The dashboard’s customer and policy counts are those in force; the diagnostics above also show everything on file.',
  },
  {
    q: 'My import reported errors.',
    a: 'Each rejected row is listed with its row number, column and reason. Fix those rows in your spreadsheet and import the file again: importing the same rows twice changes nothing.',
  },
  {
    q: 'A cancelled policy is missing from earlier months.',
    a: 'Looking back, a policy counts until the day it ended: its cancellation date, the day an import marked it expired, or its expiration date. A policy imported as cancelled without a date counts as never in force. Add a cancellation_date column (also read as “Cancel date” or “Cancelled on”) to your file and import it again, then have an owner or admin choose “Recompute history” under Retention on the dashboard: months already computed keep the dates they were computed with until then.',
  },
  {
    q: 'Names and emails are shown as initials and stars.',
    a: 'Viewers see customer details masked. An owner or admin can change your role.',
  },
];
