/** The reference's operations on the book: lists, one customer, exports, and the import of a book-of-business file. */
import { exportView } from '@/lib/customers/use-cases/export-view';
import { getCustomerDetail } from '@/lib/customers/use-cases/get-customer';
import { listBook } from '@/lib/customers/use-cases/list-book';
import { listCustomersInView } from '@/lib/customers/use-cases/list-view';
import { analyzeImportFile } from '@/lib/import/use-cases/analyze-file';
import { cancelImportJob } from '@/lib/import/use-cases/cancel-job';
import { commitImportJob } from '@/lib/import/use-cases/commit-job';
import { importHistory } from '@/lib/import/use-cases/import-history';
import { importJobReport } from '@/lib/import/use-cases/job-report';
import { skippedRowsDownload } from '@/lib/import/use-cases/skipped-rows';
import { importTemplate } from '@/lib/import/use-cases/template';
import { uploadImportFile } from '@/lib/import/use-cases/upload-file';
import type { IncomingFile } from '@/lib/import/incoming-file';
import { CUSTOMER_ID, IMPORT_JOB } from '../examples';
import { operationOf, type ApiOperation } from '../operation';
import * as shape from '../shapes';

/**
 * The upload and analyze use cases are made per request around the streamed body; the
 * reference reads only their declarations (schemas, permission, limit, errors), never runs them.
 */
const NO_FILE = null as unknown as IncomingFile;

const CSV_SAMPLE =
  'customer_id,customer_name,email,policy_id,line_of_business,annual_premium,effective_date\r\nC-1001,Jordan Example,jordan@example.com,P-1,Personal Auto,1250.00,2026-01-15\r\n';
const CSV_BODY = { mediaType: 'text/csv', example: CSV_SAMPLE, description: 'The file itself, as the body (not a form).' };
const TIER_CUSTOMER = {
  id: '85216c8b-d7c4-5ee0-8ac8-2cf139b24c0b',
  externalId: 'C-100031',
  kind: 'individual',
  tier: 'entry',
  annualPremium: '689.01',
  distinctLines: 1,
  nextRenewalDate: '2027-05-23',
  tenureYears: '12.65',
  name: 'Domenico Sanford',
  email: 'domenico.sanford30@example.com',
  phone: '(277) 555-0146',
};
const BOOK_CUSTOMER = {
  id: CUSTOMER_ID,
  externalId: 'C-100001',
  kind: 'individual',
  customerSince: '2010-01-21',
  name: 'Jamil Pfeffer',
  email: 'jamil.pfeffer0@example.com',
  phone: '(478) 555-0153',
};

export const CUSTOMER_OPERATIONS: ApiOperation[] = [
  operationOf(listCustomersInView, {
    method: 'get',
    path: '/api/analytics/segmentation/customers',
    tag: 'Customers',
    summary: 'A tier’s customers (drill-down)',
    description:
      'A tier’s customers, or a working list’s (`list=cross-sell|renewal-watch`), a page at a time: filter by search, cross-sell or renewal window, sort by premium, lines, tenure, renewal or name. Viewers see PII masked, search by customer id only and cannot sort by name.',
    success: {
      status: 200,
      description: 'A page of customers.',
      json: shape.TierCustomersPage,
      example: { customers: [TIER_CUSTOMER], nextCursor: 'WyI2ODkuMDEiLCI4NTIxNmM4YiJd', bookIsEmpty: false },
    },
  }),
  operationOf(exportView, {
    method: 'get',
    path: '/api/analytics/segmentation/export',
    tag: 'Customers',
    summary: 'Export a tier as CSV',
    description: 'The same view as the drill-down (same filters) as a CSV file, streamed; every export is recorded in the audit log.',
    success: {
      status: 200,
      description: 'The CSV file.',
      csv: 'customer_id,customer_name,email,phone,customer_type,tier,annual_premium,distinct_lines,tenure_years,next_renewal_date\r\nC-100031,Domenico Sanford,domenico.sanford30@example.com,(277) 555-0146,individual,entry,689.01,1,12.65,2027-05-23\r\n',
    },
  }),
  operationOf(listBook, {
    method: 'get',
    path: '/api/customers',
    tag: 'Customers',
    summary: 'The whole book, by customer id',
    description: 'Every customer of the agency in customer-id order, a page at a time: for clients that keep a copy of the book.',
    success: {
      status: 200,
      description: 'A page of customers.',
      json: shape.BookPage,
      example: { customers: [BOOK_CUSTOMER], nextCursor: 'Qy0xMDAwMDE' },
    },
  }),
  operationOf(getCustomerDetail, {
    method: 'get',
    path: '/api/customers/{customerId}',
    tag: 'Customers',
    summary: 'One customer',
    description: 'One customer with tier, policies and contacts. Another agency’s customer answers exactly like one that does not exist.',
    success: {
      status: 200,
      description: 'The customer.',
      json: shape.CustomerDetail,
      example: {
        customer: BOOK_CUSTOMER,
        tier: { current: 'standard', previous: 'entry', changedOn: '2026-06-30' },
        policies: [
          {
            id: 'a65dd117-a54c-5f59-934d-d5b7cb1801e1',
            externalId: 'P-500002',
            lineOfBusiness: 'Life',
            annualPremium: '947.55',
            effectiveDate: '2026-06-17',
            expirationDate: '2027-06-17',
            status: 'active',
          },
        ],
        contacts: [],
      },
    },
  }),
  operationOf(importHistory, {
    method: 'get',
    path: '/api/customers/import',
    tag: 'Import',
    summary: 'Import history',
    description: 'The agency’s imports, newest first: who, when, which file, and the outcome.',
    success: { status: 200, description: 'The imports.', json: shape.ImportHistory, example: { imports: [IMPORT_JOB] } },
  }),
  operationOf(analyzeImportFile(NO_FILE), {
    method: 'post',
    path: '/api/customers/import/analyze',
    tag: 'Import',
    summary: 'Analyze the start of a file',
    description:
      'Send the first bytes of a file (at most 256 KB) and its whole `size`: how it reads (encoding, delimiter, headers matched to fields, what still needs mapping, a masked preview). Nothing is stored.',
    body: CSV_BODY,
    success: {
      status: 200,
      description: 'How the file reads.',
      json: shape.FileAnalysis,
      example: {
        encoding: 'utf-8',
        delimiter: ',',
        headers: ['customer_id', 'customer_name', 'email', 'policy_id', 'line_of_business', 'annual_premium', 'effective_date'],
        mapping: {
          customer_id: 'customer_id',
          policy_id: 'policy_id',
          line_of_business: 'line_of_business',
          annual_premium: 'annual_premium',
        },
        missingRequired: [],
        unmatched: [],
        dateOrder: { order: 'mdy', ambiguous: false, conflicting: false, slashedDates: 0 },
        preview: [{ customer_id: 'C-1001', customer_name: 'J••• E•••', line_of_business: 'Personal Auto', annual_premium: '1250.00' }],
        sampleRows: 1,
        fields: [{ key: 'customer_id', label: 'Customer ID', required: true, pii: false, aliases: ['client id', 'account number'] }],
        limits: { maxBytes: 209715200, maxRows: 2000000 },
      },
    },
  }),
  operationOf(uploadImportFile(NO_FILE), {
    method: 'post',
    path: '/api/customers/import',
    tag: 'Import',
    summary: 'Upload a book-of-business file',
    description:
      'The whole CSV file as the body, streamed, with the column `mapping` from the analyze step: validated into a new import that waits for its commit. Nothing is written to the book yet.',
    body: CSV_BODY,
    success: {
      status: 201,
      description: 'The validated import and its first 200 problems.',
      json: shape.ImportReport,
      example: { job: IMPORT_JOB, issues: [] },
    },
  }),
  operationOf(importJobReport, {
    method: 'get',
    path: '/api/customers/import/{jobId}',
    tag: 'Import',
    summary: 'One import and its report',
    description: 'An import’s status, counts and report (up to 1,000 problems).',
    success: {
      status: 200,
      description: 'The import.',
      json: shape.ImportReport,
      example: {
        job: IMPORT_JOB,
        issues: [
          {
            rowNumber: 17,
            column: 'effective_date',
            severity: 'error',
            code: 'invalid-date',
            message: 'Not a date: 31/02/2026.',
            value: '31/02/2026',
          },
        ],
      },
    },
  }),
  operationOf(cancelImportJob, {
    method: 'delete',
    path: '/api/customers/import/{jobId}',
    tag: 'Import',
    summary: 'Cancel a validated import',
    description: 'Discards a validated import; nothing was written to the book. 409 for an import that is not validated.',
    success: { status: 204, description: 'Cancelled.' },
  }),
  operationOf(commitImportJob, {
    method: 'post',
    path: '/api/customers/import/{jobId}/commit',
    tag: 'Import',
    summary: 'Commit a validated import',
    description:
      'Writes the import’s valid rows to the book in one transaction, then recomputes the tiers. With `Accept: application/x-ndjson` the answer streams one JSON line per step, ending with `{"job": …}` or `{"problem": …}`.',
    success: {
      status: 200,
      description: 'The committed import.',
      json: shape.CommittedImport,
      example: {
        job: {
          ...IMPORT_JOB,
          status: 'committed',
          result: {
            customers: { created: 12, updated: 380, unchanged: 17 },
            policies: { created: 40, updated: 350, unchanged: 19, expired: 2 },
            rowsImported: 409,
            rowsSkipped: 3,
            refresh: { status: 'ok', durationMs: 240 },
          },
          finishedAt: '2026-06-30T14:03:20.288Z',
        },
      },
    },
  }),
  operationOf(skippedRowsDownload, {
    method: 'get',
    path: '/api/customers/import/{jobId}/skipped-rows',
    tag: 'Import',
    summary: 'Skipped rows as CSV',
    description: 'The rows of the file that the commit skips, with the column and the problem, to fix and import again.',
    success: {
      status: 200,
      description: 'The CSV file.',
      csv: 'file_row,column,severity,problem,value\r\n17,effective_date,error,Not a date: 31/02/2026.,31/02/2026\r\n',
    },
  }),
  operationOf(importTemplate, {
    method: 'get',
    path: '/api/customers/import/template',
    tag: 'Import',
    summary: 'CSV template',
    description: 'A CSV file with every column of a book-of-business file and example rows.',
    success: {
      status: 200,
      description: 'The template.',
      csv: 'customer_id,customer_name,customer_type,email,phone,policy_id,line_of_business,annual_premium,effective_date\r\nEXAMPLE-1001,Jordan Example,individual,jordan@example.com,(555) 010-0100,EXAMPLE-P-1,Personal Auto,1250.00,2026-01-15\r\n',
    },
  }),
];
