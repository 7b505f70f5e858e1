import { z } from 'zod';

/*
 * Parsers for environment values, shared by every settings schema: a bad value becomes one line naming what was
 * expected and what was given.
 */

export const bool = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'must be true or false' })
    .optional()
    .transform((v) => (v === undefined ? fallback : ['true', '1', 'yes'].includes(v)));

export const int = (fallback: number, min: number, max: number) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === '') return fallback;
      const n = Number(v);
      if (!Number.isInteger(n) || n < min || n > max) {
        ctx.addIssue({
          code: 'custom',
          message: `must be a whole number from ${min} to ${max} (got "${v}")`,
        });
        return z.NEVER;
      }
      return n;
    });

const SECONDS_PER_UNIT = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400 } as const;

/**
 * Durations such as `45s`, `15m`, `12h`, `30d` → seconds. With `milliseconds`, `500ms` too (fractional seconds),
 * for the short intervals tests and tuning use.
 */
export const duration = (fallback: string, options: { milliseconds?: boolean } = {}) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      const raw = v === undefined || v === '' ? fallback : v;
      const m = (options.milliseconds ? /^(\d+)\s*(ms|s|m|h|d)$/ : /^(\d+)\s*(s|m|h|d)$/).exec(raw.trim());
      if (!m) {
        const examples = options.milliseconds ? '500ms, 45s, 15m, 12h or 3d' : '45s, 15m, 12h or 30d';
        ctx.addIssue({ code: 'custom', message: `must be a duration like ${examples} (got "${raw}")` });
        return z.NEVER;
      }
      return Number(m[1]) * SECONDS_PER_UNIT[m[2] as keyof typeof SECONDS_PER_UNIT];
    });
