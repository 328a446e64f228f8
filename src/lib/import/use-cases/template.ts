/** The CSV template: every column of a book-of-business file under its canonical name, with example rows (../template.ts). Owners and admins, like the import. */
import type { CsvDownload } from '@/lib/downloads';
import { agencyUseCase } from '@/lib/use-case';
import { IMPORT_TEMPLATE_FILE_NAME, importTemplateCsv } from '../template';

export const importTemplate = agencyUseCase({
  permission: 'customers:import',
  rateLimit: 'read',
  errors: [],
  run: async (): Promise<CsvDownload> => ({ filename: IMPORT_TEMPLATE_FILE_NAME, lines: [importTemplateCsv()] }),
});
