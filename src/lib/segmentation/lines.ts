/**
 * Line-of-business normalization (SPEC §5). The SQL function public.normalize_line_of_business
 * does exactly the same; the parity test holds them together.
 *
 * Steps: lower-case A–Z only (so every platform and database collation agrees), turn every run of
 * other characters into '_', trim '_', then map known aliases. Unknown lines are kept in that
 * normalized form and count as their own line; an empty result is 'other'.
 */
export const LINE_ALIASES: Readonly<Record<string, string>> = {
  auto: 'auto',
  personal_auto: 'auto',
  ppa: 'auto',
  private_passenger_auto: 'auto',
  automobile: 'auto',
  car: 'auto',
  home: 'home',
  homeowners: 'home',
  homeowner: 'home',
  ho3: 'home',
  ho_3: 'home',
  condo: 'condo',
  ho6: 'condo',
  ho_6: 'condo',
  renters: 'renters',
  renter: 'renters',
  ho4: 'renters',
  ho_4: 'renters',
  umbrella: 'umbrella',
  personal_umbrella: 'umbrella',
  pup: 'umbrella',
  life: 'life',
  term_life: 'life',
  whole_life: 'life',
  motorcycle: 'motorcycle',
  boat: 'boat',
  watercraft: 'boat',
  flood: 'flood',
  bop: 'bop',
  business_owners: 'bop',
  businessowners: 'bop',
  business_owners_policy: 'bop',
  workers_comp: 'workers_comp',
  workers_compensation: 'workers_comp',
  work_comp: 'workers_comp',
  wc: 'workers_comp',
  commercial_auto: 'commercial_auto',
  business_auto: 'commercial_auto',
  general_liability: 'general_liability',
  gl: 'general_liability',
  cgl: 'general_liability',
  commercial_property: 'commercial_property',
  cyber: 'cyber',
  cyber_liability: 'cyber',
  professional_liability: 'professional_liability',
  e_o: 'professional_liability',
  errors_omissions: 'professional_liability',
  errors_and_omissions: 'professional_liability',
};

export function normalizeLineOfBusiness(raw: string): string {
  const key = raw
    .replace(/[A-Z]/g, (letter) => letter.toLowerCase())
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  if (key === '') return 'other';
  // Own keys only: a line called "constructor" or "toString" is its own line, not Object's.
  return Object.hasOwn(LINE_ALIASES, key) ? LINE_ALIASES[key]! : key;
}
