import { z } from 'zod';
import { ApiError } from '@/lib/api/problem';
import { FIELD_KEYS, type FieldKey } from './fields';
import { ImportFileError } from './file-format';
import type { ValidationOutcome } from './jobs';

/** Request shapes of the import routes, shared by the routes and their tests. */
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

/** A whole-file problem as problem+json that still names the (failed) job, which stays in the history. */
export function fileProblem(outcome: ValidationOutcome): ApiError {
  const error = outcome.fileError!;
  return new ApiError(error.httpStatus, error.code, 'File cannot be imported', error.message, { members: { jobId: outcome.job.id } });
}

/** Chunks of a request body, for the streaming validator. */
export async function* requestChunks(request: Request): AsyncGenerator<Uint8Array> {
  const reader = request.body?.getReader();
  if (!reader) return;
  try {
    for (;;) {
      let chunk: ReadableStreamReadResult<Uint8Array>;
      try {
        chunk = await reader.read();
      } catch {
        // The client went away mid-upload: its mistake or its network, not a server error.
        throw new ImportFileError(
          'upload-interrupted',
          'The upload was interrupted before the whole file arrived; nothing was imported.',
          400,
        );
      }
      if (chunk.done) return;
      yield chunk.value;
    }
  } finally {
    // Stopped early (a file problem): the route wrapper reads or cuts off what is left of the
    // body (finishReadingBody), so the connection is not left half-read.
    reader.releaseLock();
  }
}
