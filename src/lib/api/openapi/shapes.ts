/**
 * What the API answers, as zod schemas for the reference (rendered as JSON Schema 2020-12 by
 * zod-openapi). Objects are loose: they name every field a client relies on and allow more, so
 * a new field is not a breaking change.
 */
import { z } from 'zod';
import { TIERS } from '@/lib/segmentation/tiers';
import { AGENCY_ROLES } from '@/lib/tenancy/permissions';

const obj = z.looseObject;
export const Uuid = z.uuid();
export const IsoDate = z.iso.date().meta({ description: 'A day, YYYY-MM-DD.' });
export const Timestamp = z.iso.datetime({ offset: true }).meta({ description: 'An instant, ISO 8601.' });
/** Exact amounts travel as decimal strings ("1234.50"): no rounding on the way. */
export const Decimal = z
  .string()
  .regex(/^-?\d+(\.\d+)?$/)
  .meta({ description: 'An exact decimal number as a string, e.g. "1234.50".' });
export const Tier = z.enum(TIERS);
export const Role = z.enum(AGENCY_ROLES);
const Rate = z
  .string()
  .regex(/^\d\.\d{4}$/)
  .meta({ description: 'A share from 0 to 1, four decimals, as a string.' });
const Cursor = z.string().nullable().meta({ description: 'Pass as `cursor` for the next page; null on the last page.' });

export const Rules = obj({
  elite: z.array(obj({ minPremium: z.number(), minLines: z.int() })),
  premium: z.array(obj({ minPremium: z.number(), minLines: z.int() })),
  standard: z.array(obj({ minPremium: z.number(), minLines: z.int() })),
}).meta({ id: 'TierRules', description: 'Per tier, the rules a customer may meet (any one): premium at least, lines at least.' });

const Segment = obj({
  tier: Tier,
  label: z.string(),
  count: z.int(),
  shareOfCustomers: z.number(),
  annualPremium: z.number(),
  shareOfPremium: z.number(),
  avgPremium: z.number(),
  avgLines: z.number(),
});

const Portfolio = {
  methodology: obj({ version: z.int(), rules: Rules }),
  totals: obj({
    customers: z.int(),
    inactiveCustomers: z.int(),
    policies: z.int(),
    annualPremium: z.number(),
    avgPremium: z.number(),
    avgLinesPerCustomer: z.number(),
    crossSellOpportunities: z.int(),
  }),
  segments: z.array(Segment).length(4).meta({ description: 'Always four, in order: elite, premium, standard, entry.' }),
};

export const Summary = obj({
  dataMode: z
    .enum(['live', 'demo'])
    .meta({ description: '`demo` when the agency has no customers: an illustrative book, clearly labelled.' }),
  agency: obj({ id: Uuid, name: z.string() }),
  asOf: IsoDate,
  computedAt: Timestamp.nullable(),
  ...Portfolio,
  freshness: obj({ stale: z.boolean(), computedAt: Timestamp.nullable(), staleAfterHours: z.number() }).optional(),
}).meta({ id: 'TierSummary', description: 'The tier summary of the current agency (SPEC §7).' });

export const ScoredBatch = obj({ portfolioAnalysis: obj({ asOf: IsoDate, ...Portfolio }) });

export const RuleSettings = obj({
  rules: Rules,
  version: z.int().min(1),
  history: z.array(obj({ version: z.int(), rules: Rules, changedAt: Timestamp, changedBy: z.string().nullable() })),
}).meta({ id: 'RuleSettings' });

export const RulePreview = obj({
  asOf: IsoDate,
  segments: z.array(obj({ tier: Tier, customers: z.int(), annualPremium: Decimal })),
});

const Period = {
  days: z.array(IsoDate).meta({ description: 'The snapshot days on record, newest first.' }),
  from: IsoDate.nullable(),
  to: IsoDate.nullable(),
  fromPeriod: z.string().nullable(),
};

const TierOrState = z.string().meta({ description: 'A tier, or `inactive` / `new` for customers without one that day.' });

export const Movement = obj({
  ...Period,
  paths: z.array(obj({ from: TierOrState, to: TierOrState, customers: z.int(), premiumFrom: Decimal, premiumTo: Decimal })),
});

export const MoversPage = obj({
  ...Period,
  direction: z.enum(['down', 'up']),
  sort: z.string(),
  movers: z.array(
    obj({
      id: Uuid,
      externalId: z.string(),
      from: TierOrState,
      to: TierOrState,
      premiumFrom: Decimal,
      premiumTo: Decimal,
      premiumMoved: Decimal,
      name: z.string().nullable(),
      email: z.string().nullable(),
      phone: z.string().nullable(),
    }),
  ),
  nextCursor: Cursor,
  total: obj({ customers: z.int(), premiumMoved: Decimal }),
});

const RetentionFigures = {
  customersThen: z.int(),
  customersRetained: z.int(),
  linesThen: z.int(),
  linesRetained: z.int(),
  premiumThen: Decimal,
  premiumNow: Decimal,
  customerRate: Rate.nullable(),
  lineRate: Rate.nullable(),
  premiumRate: Rate.nullable(),
};

export const Retention = obj({
  asOf: IsoDate.nullable(),
  since: IsoDate.nullable(),
  available: z.array(IsoDate),
  overall: obj(RetentionFigures).nullable(),
  byTier: z.array(obj({ tier: Tier, ...RetentionFigures })),
  byLines: z.array(obj({ lines: z.string(), ...RetentionFigures })),
  empty: obj({ message: z.string() }).nullable(),
});

const TierFigures = obj({ customers: z.int(), annualPremium: Decimal });
export const Trends = obj({
  dataMode: z.enum(['live', 'demo']),
  months: z.int().min(1).max(36),
  points: z.array(
    obj({ month: z.string(), asOf: IsoDate, customers: z.int(), annualPremium: Decimal, tiers: z.record(Tier, TierFigures) }),
  ),
  empty: obj({ reason: z.enum(['demo-data', 'no-history']), message: z.string() }).nullable(),
});

export const BackfillRun = obj({
  id: Uuid,
  status: z.enum(['running', 'done', 'failed', 'interrupted']),
  monthsDone: z.int(),
  monthsTotal: z.int(),
  startedAt: Timestamp,
  updatedAt: Timestamp,
  finishedAt: Timestamp.nullable(),
  error: z.string().nullable(),
}).meta({ id: 'BackfillRun' });

export const HistoryState = obj({
  run: BackfillRun.nullable(),
  history: obj({ earliest: IsoDate.nullable(), latest: IsoDate.nullable(), snapshotDays: z.int(), reachesYearBack: z.boolean() }),
  hasCustomers: z.boolean(),
  months: z.int(),
});

const Pii = { name: z.string().nullable(), email: z.string().nullable(), phone: z.string().nullable() };
const PiiNote = 'Names, emails and phones are masked for roles without PII access (viewers).';

export const TierCustomersPage = obj({
  customers: z.array(
    obj({
      id: Uuid,
      externalId: z.string(),
      kind: z.string(),
      tier: Tier.nullable(),
      annualPremium: Decimal,
      distinctLines: z.int(),
      nextRenewalDate: IsoDate.nullable(),
      tenureYears: Decimal.nullable(),
      ...Pii,
    }),
  ),
  nextCursor: Cursor,
  bookIsEmpty: z.boolean().meta({ description: 'True on an empty first page when the agency has no customers at all.' }),
}).meta({ description: PiiNote });

export const BookPage = obj({
  customers: z.array(obj({ id: Uuid, externalId: z.string(), kind: z.string(), customerSince: IsoDate.nullable(), ...Pii })),
  nextCursor: Cursor,
}).meta({ description: PiiNote });

export const CustomerDetail = obj({
  customer: obj({ id: Uuid, externalId: z.string(), kind: z.string(), customerSince: IsoDate.nullable(), ...Pii }),
  tier: obj({ current: Tier.nullable(), previous: Tier.nullable(), changedOn: IsoDate.nullable() }).nullable(),
  policies: z.array(
    obj({
      id: Uuid,
      externalId: z.string(),
      lineOfBusiness: z.string(),
      annualPremium: Decimal,
      effectiveDate: IsoDate,
      expirationDate: IsoDate.nullable(),
      status: z.string(),
    }),
  ),
  contacts: z.array(obj({})),
}).meta({ description: PiiNote });

export const ImportJob = obj({
  id: Uuid,
  source: z.string(),
  fileName: z.string().nullable(),
  fileBytes: z.int().nullable(),
  mode: z.enum(['merge', 'replace']),
  status: z.enum(['validating', 'validated', 'committed', 'failed', 'cancelled']),
  rowsTotal: z.int().nullable(),
  rowsValid: z.int().nullable(),
  rowsInvalid: z.int().nullable(),
  result: obj({}).nullable().meta({ description: 'After the commit: customers, contacts and policies created, updated and unchanged.' }),
  error: z.string().nullable(),
  createdAt: Timestamp,
  validatedAt: Timestamp.nullable(),
  finishedAt: Timestamp.nullable(),
}).meta({ id: 'ImportJob' });

const ImportIssue = obj({
  rowNumber: z.int().nullable(),
  column: z.string().nullable(),
  severity: z.enum(['error', 'warning']),
  code: z.string(),
  message: z.string(),
  value: z.string().nullable(),
}).meta({ description: 'One problem of the file: its row, column and what is wrong (PII masked).' });
export const ImportReport = obj({ job: ImportJob, issues: z.array(ImportIssue) });
export const ImportHistory = obj({ imports: z.array(ImportJob) });
export const CommittedImport = obj({ job: ImportJob });

export const FileAnalysis = obj({
  encoding: z.string(),
  delimiter: z.string(),
  headers: z.array(z.string()),
  mapping: z.record(z.string(), z.string().nullable()),
  missingRequired: z.array(z.string()),
  unmatched: z.array(z.string()),
  preview: z.array(z.record(z.string(), z.string())),
  fields: z.array(obj({ key: z.string(), label: z.string(), required: z.boolean(), pii: z.boolean() })),
  limits: obj({ maxBytes: z.int(), maxRows: z.int() }),
});

const Membership = obj({ agencyId: Uuid, name: z.string(), slug: z.string(), role: Role }).meta({ id: 'Membership' });
export const MyAgencies = obj({ agencies: z.array(Membership), currentAgencyId: Uuid.nullable() });
export const ChosenAgency = obj({ agency: Membership });

const Member = obj({ userId: Uuid, email: z.string(), role: Role, joinedAt: Timestamp }).meta({ id: 'Member' });
export const MemberList = obj({ members: z.array(Member) });
export const OneMember = obj({ member: Member });

export const SignedIn = obj({ userId: Uuid });

export const Health = obj({
  status: z.enum(['ok', 'unavailable']),
  version: z.string(),
  commit: z.string().nullable(),
  time: Timestamp,
  database: obj({ status: z.enum(['up', 'down']), backend: z.enum(['pglite', 'postgres', 'unknown']), latencyMs: z.number().optional() }),
}).meta({ description: 'Liveness and one database round trip.' });

export const RefreshOutcome = obj({
  mode: z.enum(['full', 'recent', 'agency']),
  agencies: z.int(),
  failed: z.int(),
  rows: z.int(),
  results: z.array(obj({ agencyId: Uuid, status: z.string(), rows: z.int(), durationMs: z.number() })),
});

export const OpenApiDocument = obj({ openapi: z.string(), info: obj({}), paths: obj({}) });

/** An answer made of named parts. */
export const looseResult = (shape: Record<string, z.ZodType>) => obj(shape);
