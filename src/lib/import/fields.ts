/**
 * How a person's details are headed in the exports agencies bring ("Email Addr", "Cell", "Phone
 * Number"). Customers' and contacts' columns use the same words, after a word naming whose they
 * are ("Client Email", "Contact Cell"), so both lists are built from these.
 */
const PERSON_WORDS = {
  name: ['name', 'full name'],
  email: ['email', 'email address', 'email addr', 'e-mail', 'e-mail address', 'e-mail addr'],
  phone: [
    'phone',
    'phone number',
    'phone no',
    'telephone',
    'telephone number',
    'tel',
    'tel no',
    'cell',
    'cell phone',
    'cell number',
    'mobile',
    'mobile phone',
    'mobile number',
    'home phone',
    'work phone',
    'business phone',
  ],
};
/** Words that say a column is about the customer itself (the insured), not a contact. */
const CUSTOMER_WORDS = ['customer', 'client', 'insured', 'account', 'policyholder', 'policy holder'];
/** Words that say a column is about an organization's contact person. */
const CONTACT_WORDS = ['contact', 'primary contact', 'main contact', 'contact person'];

/** "email" → "email", "client email", "insured email"…: the bare words and each after a subject. */
const about = (subjects: readonly string[], words: readonly string[], bare = true) => [
  ...(bare ? words : []),
  ...subjects.flatMap((subject) => words.map((word) => `${subject} ${word}`)),
];

/**
 * The columns of a policy-level book-of-business file (SPEC §6): what each is called in the
 * exports agencies bring, whether it is required, and whether it holds PII (masked in reports).
 * Browser-safe: the mapping step of the upload page uses the same list. No two fields may share
 * an alias (a unit test checks); a header that means nothing here is left for the user to map.
 */
export const IMPORT_FIELDS = [
  {
    key: 'customer_id',
    label: 'Customer ID',
    required: true,
    pii: false,
    aliases: ['client id', 'account number', 'account no', 'account id', 'insured id', 'customer number', 'client number', 'customer no'],
  },
  {
    key: 'customer_name',
    label: 'Customer name',
    required: false,
    pii: true,
    aliases: [
      ...about(CUSTOMER_WORDS, PERSON_WORDS.name),
      'named insured',
      'first named insured',
      'insured',
      'policyholder',
      'policy holder',
      'account holder',
      'business name',
      'company name',
      'organization name',
    ],
  },
  {
    key: 'customer_type',
    label: 'Customer type',
    required: false,
    pii: false,
    aliases: [...about(CUSTOMER_WORDS, ['type', 'kind']), 'entity type', 'personal or commercial', 'personal commercial'],
  },
  {
    key: 'email',
    label: 'Email',
    required: false,
    pii: true,
    aliases: [...about(CUSTOMER_WORDS, PERSON_WORDS.email), ...about(['primary'], PERSON_WORDS.email, false)],
  },
  {
    key: 'phone',
    label: 'Phone',
    required: false,
    pii: true,
    aliases: [...about(CUSTOMER_WORDS, PERSON_WORDS.phone), ...about(['primary'], PERSON_WORDS.phone, false)],
  },
  {
    key: 'policy_id',
    label: 'Policy ID',
    required: true,
    pii: false,
    aliases: ['policy number', 'policy no', 'policy #', 'policy num', 'policy'],
  },
  {
    key: 'line_of_business',
    label: 'Line of business',
    required: true,
    pii: false,
    aliases: ['lob', 'line', 'coverage', 'policy type', 'product', 'line of insurance'],
  },
  {
    key: 'annual_premium',
    label: 'Annual premium',
    required: true,
    pii: false,
    aliases: ['premium', 'written premium', 'annualized premium', 'annual written premium'],
  },
  {
    key: 'effective_date',
    label: 'Effective date',
    required: true,
    pii: false,
    aliases: ['eff date', 'inception date', 'effective', 'start date', 'policy effective date'],
  },
  {
    key: 'expiration_date',
    label: 'Expiration date',
    required: false,
    pii: false,
    aliases: [
      'exp date',
      'expiry',
      'expiration',
      'expiry date',
      'end date',
      'renewal date',
      'policy expiration date',
      'policy expiry date',
      'expires',
      'exp',
      'x date',
      'term end date',
    ],
  },
  { key: 'status', label: 'Status', required: false, pii: false, aliases: ['policy status', 'current status'] },
  {
    // The day a cancelled policy stopped being in force (SPEC §11); "lapse" as the status column reads it.
    key: 'cancellation_date',
    label: 'Cancellation date',
    required: false,
    pii: false,
    aliases: [
      'cancel date',
      'cancelled on',
      'canceled on',
      'cancelled date',
      'canceled date',
      'cancelation date',
      'date cancelled',
      'date canceled',
      'cancel effective date',
      'cancel eff date',
      'cancellation effective date',
      'policy cancellation date',
      'lapse date',
      'lapsed on',
    ],
  },
  {
    key: 'contact_name',
    label: 'Contact name',
    required: false,
    pii: true,
    aliases: ['contact', 'main contact', 'contact person', ...about(CONTACT_WORDS, PERSON_WORDS.name, false)],
  },
  { key: 'contact_email', label: 'Contact email', required: false, pii: true, aliases: about(CONTACT_WORDS, PERSON_WORDS.email, false) },
  { key: 'contact_phone', label: 'Contact phone', required: false, pii: true, aliases: about(CONTACT_WORDS, PERSON_WORDS.phone, false) },
  {
    key: 'contact_role',
    label: 'Contact role',
    required: false,
    pii: false,
    aliases: ['contact title', 'role', 'title', 'contact position', 'position', 'job title', 'contact job title'],
  },
  {
    key: 'is_primary_contact',
    label: 'Primary contact',
    required: false,
    pii: false,
    aliases: ['primary contact', 'primary', 'is primary', 'is primary contact', 'primary contact yn', 'primary contact flag'],
  },
] as const;

export type FieldKey = (typeof IMPORT_FIELDS)[number]['key'];
export type ImportField = (typeof IMPORT_FIELDS)[number];

export const FIELD_KEYS = IMPORT_FIELDS.map((field) => field.key) as FieldKey[];
export const REQUIRED_FIELDS = IMPORT_FIELDS.filter((field) => field.required).map((field) => field.key) as FieldKey[];
export const fieldByKey = (key: FieldKey): ImportField => IMPORT_FIELDS.find((field) => field.key === key)!;
/** The columns that hold dates: read in the file's date order, which the analysis guesses from all of them. */
export const DATE_FIELDS = ['effective_date', 'expiration_date', 'cancellation_date'] as const satisfies readonly FieldKey[];

/** Which file header feeds each field (null: not in the file). */
export type ColumnMapping = Partial<Record<FieldKey, string | null>>;

/** "Policy #", "policy_no" and "POLICY NO." all become "policyno…": case, spaces, underscores and punctuation do not matter. */
export function normalizeHeader(header: string): string {
  return header
    .toLowerCase()
    .replace(/#/g, 'number')
    .replace(/[^a-z0-9]/g, '');
}

const HEADER_INDEX: ReadonlyMap<string, FieldKey> = new Map(
  IMPORT_FIELDS.flatMap((field) => [field.key, field.label, ...field.aliases].map((name) => [normalizeHeader(name), field.key] as const)),
);

export interface HeaderMatch {
  mapping: ColumnMapping;
  missingRequired: FieldKey[];
  /** Headers that feed no field (ignored unless the user maps them). */
  unmatched: string[];
}

/** Maps file headers to fields by name and alias; the first header wins when two mean the same field. */
export function matchHeaders(headers: readonly string[]): HeaderMatch {
  const mapping: ColumnMapping = {};
  const unmatched: string[] = [];
  for (const header of headers) {
    const key = HEADER_INDEX.get(normalizeHeader(header));
    if (key && !mapping[key]) mapping[key] = header;
    else unmatched.push(header);
  }
  return { mapping, missingRequired: REQUIRED_FIELDS.filter((key) => !mapping[key]), unmatched };
}

/**
 * The file's columns the import will not read, in the words the mapping step shows. A field is
 * read from the first column of its mapped name, so a second column with the same name is never
 * imported, and a column without a name cannot be mapped at all.
 */
export function ignoredColumns(headers: readonly string[], mapping: ColumnMapping): string[] {
  const used = new Set(Object.values(mapping).filter((value): value is string => Boolean(value)));
  return headers.flatMap((header, index) => {
    const first = headers.indexOf(header);
    if (header && used.has(header) && first === index) return [];
    if (!header) return [`column ${index + 1} (no name)`];
    return [first === index ? header : `${header} (column ${index + 1}, a second column of that name)`];
  });
}
