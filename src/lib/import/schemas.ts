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
  fileName: z.string().trim().min(1).max(255).default('upload.csv'),
  mode: z.enum(['merge', 'replace']).default('merge'),
  dateOrder: z.enum(['mdy', 'dmy']).default('mdy'),
  // JSON: field → header name. Absent: the headers are matched automatically.
  mapping: z
    .string()
    .max(10_000)
    .optional()
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
  // The whole file's size: tells whether the sample is the whole file.
  size: z.coerce.number().int().min(0),
});

export const JobParamsSchema = z.object({ jobId: z.uuid() });

export const HistoryQuerySchema = z.object({
  limit: z.coerce.number({ error: 'Must be a number.' }).int('Must be a whole number.').min(1).max(50).default(50),
});
