/** GET /api/customers/import/template — the CSV template to start a book-of-business file from (use case: importTemplate). */
import { withAgencyAuth } from '@/lib/api/with-agency-auth';
import { importTemplate } from '@/lib/import/use-cases/template';
import { csvDownload } from '@/lib/api/presenters';

export const GET = withAgencyAuth(importTemplate, csvDownload);
