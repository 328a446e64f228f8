import type { Queryable } from '@/lib/db';
import type { Columns } from '@/lib/db/rows';
import { DEFAULT_RULES, SegmentationRulesSchema, type SegmentationRules } from '@/lib/segmentation';

export interface AgencyRules {
  rules: SegmentationRules;
  /** 1 for the default rules; each saved change adds one. */
  version: number;
}

/** The agency's tier rules, or the SPEC §5 defaults when it never changed them. */
export async function loadAgencyRules(tx: Queryable, agencyId: string): Promise<AgencyRules> {
  // rules is JSON: parsed here, so a row written by an older version cannot pass unchecked.
  const [row] = await tx.query<Columns<'segmentation_settings', 'rules' | 'version'>>(
    'select rules, version from public.segmentation_settings where agency_id = $1',
    [agencyId],
  );
  if (!row) return { rules: DEFAULT_RULES, version: 1 };
  return { rules: SegmentationRulesSchema.parse(row.rules), version: row.version };
}
