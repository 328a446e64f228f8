/**
 * POST /api/customers/import/analyze?size=<file bytes> — the first bytes of a file (≤ 256 KB)
 * as the body. Answers how the file reads: encoding, delimiter, headers matched to fields, what
 * still needs mapping, how dates are written, and a masked preview. Owners and admins.
 */
import { withAgencyAuth } from '@/lib/api/with-agency-auth';
import { readBodyBytes } from '@/lib/api/body';
import { analyzeSample } from '@/lib/import/analyze';
import { AnalyzeQuerySchema } from '@/lib/import/api';
import { IMPORT_FIELDS } from '@/lib/import/fields';
import { LIMITS } from '@/lib/import/file-format';

export const POST = withAgencyAuth(
  async ({ request, query }) => {
    const sample = await readBodyBytes(request, LIMITS.sampleBytes);
    const analysis = analyzeSample(sample, { wholeFile: sample.length >= query.size });
    return { ...analysis, fields: IMPORT_FIELDS, limits: { maxBytes: LIMITS.maxBytes, maxRows: LIMITS.maxRows } };
  },
  { permission: 'customers:import', rateLimit: 'write', query: AnalyzeQuerySchema },
);
