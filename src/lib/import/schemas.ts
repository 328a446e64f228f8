import { z } from 'zod';
import { FIELD_KEYS, type FieldKey } from './fields';

/** The inputs of the import use cases (use-cases/), as their routes and pages receive them. */
export const MappingSchema = z
  .record(z.string(), z.string().max(200).nullable())
  .refine((mapping) => Object.keys(mapping).every((key) => (FIELD_KEYS as string[]).includes(key)), {
    message: `Keys must be fields: ${FIELD_KEYS.join(', ')}.`,
  })
  .transform((mapping) => mapping as Partial<Record<FieldKey, string | null>>);

export const UploadQuerySchema = z.object({
  fileName: z.string().trim().min(1).max(255).default('upload.csv').meta({ description: 'The file’s name, shown in the import history.' }),
  mode: z.enum(['merge', 'replace']).default('merge').meta({
    description:
      '`merge` adds and updates customers and policies; `replace` makes the file the whole book (active policies it does not mention are marked expired).',
  }),
  dateOrder: z
    .enum(['mdy', 'dmy'])
    .default('mdy')
    .meta({ description: 'How to read a date such as 03/04/2026: month first (`mdy`) or day first (`dmy`).' }),
  mapping: z
    .string()
    .max(10_000)
    .optional()
    .meta({
      description: 'JSON object of field → column name, as the analyze step suggests; absent: the headers are matched automatically.',
    })
    .transform((value, context) => {
      if (value === undefined) return undefined;
      try {
        const parsed = MappingSchema.safeParse(JSON.parse(value));
        if (parsed.success) return parsed.data;
        context.addIssue({ code: 'custom', message: parsed.error.issues[0]?.message ?? 'Invalid mapping.' });
      } catch {
        context.addIssue({ code: 'custom', message: 'mapping must be a JSON object of field → column name.' });
      }
      return z.NEVER;
    }),
});

export const AnalyzeQuerySchema = z.object({
  size: z.coerce.number().int().min(0).meta({ description: 'The whole file’s size in bytes: tells whether the sample is the whole file.' }),
});

export const JobParamsSchema = z.object({ jobId: z.uuid().meta({ description: 'The import job’s id, from the upload’s answer.' }) });

export const HistoryQuerySchema = z.object({
  limit: z.coerce
    .number({ error: 'Must be a number.' })
    .int('Must be a whole number.')
    .min(1)
    .max(50)
    .default(50)
    .meta({ description: 'How many imports, newest first.' }),
});
