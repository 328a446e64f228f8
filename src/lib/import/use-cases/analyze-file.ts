/**
 * Analyze: how the first bytes of a file (≤ 256 KB) read — encoding, delimiter, headers matched to
 * fields, what still needs mapping, how dates are written, a masked preview — with the field list
 * and limits the mapping step shows. Nothing is stored. Owners and admins.
 */
import { agencyUseCase } from '@/lib/use-case';
import { analyzeSample } from '../analyze';
import { IMPORT_FIELDS } from '../fields';
import { LIMITS } from '../file-format';
import { readAtMost, type IncomingFile } from '../incoming-file';
import { AnalyzeQuerySchema } from '../schemas';

export const analyzeImportFile = (sample: IncomingFile) =>
  agencyUseCase({
    permission: 'customers:import',
    rateLimit: 'write',
    query: AnalyzeQuerySchema,
    errors: ['invalid', 'too-large', 'unprocessable'],
    run: async (_caller, { query }) => {
      const bytes = await readAtMost(sample, LIMITS.sampleBytes);
      const analysis = analyzeSample(bytes, { wholeFile: bytes.length >= query.size });
      return { ...analysis, fields: IMPORT_FIELDS, limits: { maxBytes: LIMITS.maxBytes, maxRows: LIMITS.maxRows } };
    },
  });
