import pino from 'pino';

/**
 * Structured JSON logs on stdout (Railway collects them). Secrets and PII never go in: the
 * redact list covers the fields that could carry them, and callers log ids, not people.
 */
export const logger = pino({
  level: process.env.LOG_LEVEL ?? (process.env.NODE_ENV === 'test' ? 'silent' : 'info'),
  base: { service: 'customer-segmentation' },
  redact: {
    paths: ['password', '*.password', 'email', '*.email', 'authorization', '*.authorization', 'cookie', '*.cookie', 'token', '*.token'],
    censor: '[redacted]',
  },
});
