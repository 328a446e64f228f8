/**
 * GET  /api/customers/import?limit= — the agency's import history (use case: importHistory).
 * POST /api/customers/import?fileName=&mode=merge|replace&dateOrder=mdy|dmy&mapping={json} — the whole
 *      CSV file as the body, streamed: validated into a new job (uploadImportFile); 201 with the report.
 * The upload's use case is made per request around the body stream: see ./incoming-file.ts for why.
 */
import { withAgencyAuth } from '@/lib/api/with-agency-auth';
import { importHistory } from '@/lib/import/use-cases/import-history';
import { uploadImportFile } from '@/lib/import/use-cases/upload-file';
import { incomingFile } from './incoming-file';
import { created } from '@/lib/api/presenters';

export const GET = withAgencyAuth(importHistory);
export const POST = (request: Request) => withAgencyAuth(uploadImportFile(incomingFile(request)), created())(request);
