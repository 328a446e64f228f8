/**
 * GET /api/customers/import/template — a CSV template: every column of a book-of-business file
 * under its canonical name, with example rows that import cleanly. Built from the field list the
 * import itself uses (src/lib/import/template.ts). Owners and admins, like the import.
 */
import { withAgencyAuth } from '@/lib/api/with-agency-auth';
import { IMPORT_TEMPLATE_FILE_NAME, importTemplateCsv } from '@/lib/import/template';

export const GET = withAgencyAuth(
  async () =>
    new Response(importTemplateCsv(), {
      headers: {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="${IMPORT_TEMPLATE_FILE_NAME}"`,
      },
    }),
  { permission: 'customers:import', rateLimit: 'read' },
);
