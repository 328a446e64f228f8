/**
 * POST /api/customers/import/analyze?size=<file bytes> — the first bytes of a file (≤ 256 KB) as the
 * body; answers how the file reads (use case: analyzeImportFile). Made per request around the body
 * stream, like the upload (see ../incoming-file.ts).
 */
import { withAgencyAuth } from '@/lib/api/with-agency-auth';
import { analyzeImportFile } from '@/lib/import/use-cases/analyze-file';
import { incomingFile } from '../incoming-file';

export const POST = (request: Request) => withAgencyAuth(analyzeImportFile(incomingFile(request)))(request);
