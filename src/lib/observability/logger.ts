import pino, { type DestinationStream } from 'pino';
import { redact, redactDeep } from './redact';

/**
 * Structured JSON logs on stdout (Railway collects them). Secrets and PII never go in: fields
 * that carry them are censored by name, and every string that is logged — messages, error
 * texts, values — passes through the redaction layer.
 */
export function createLogger(destination?: DestinationStream) {
  return pino(
    {
      level: process.env.LOG_LEVEL ?? (process.env.NODE_ENV === 'test' ? 'silent' : 'info'),
      base: { service: 'customer-segmentation' },
      redact: {
        paths: ['password', '*.password', 'email', '*.email', 'authorization', '*.authorization', 'cookie', '*.cookie', 'token', '*.token'],
        censor: '[redacted]',
      },
      formatters: { log: (object) => redactDeep(object) },
      hooks: {
        logMethod(args, method) {
          method.apply(this, args.map((arg) => (typeof arg === 'string' ? redact(arg) : arg)) as Parameters<typeof method>);
        },
      },
    },
    destination,
  );
}

export const logger = createLogger();
