import { z } from 'zod';
import { REMINDER_ENV, reminderSettings, ReminderSettings } from '../reminders/reminder-settings';
import { passwordProblem } from '../auth/password-policy';
import { bool, duration, int } from './env-values';

/** Thrown when the environment holds a bad value; `main` prints its one-line message and exits. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

export type Role = 'all' | 'api' | 'worker';

const url = (protocols: string[], example: string) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === '') return undefined;
      let parsed: URL;
      try {
        parsed = new URL(v);
      } catch {
        ctx.addIssue({ code: 'custom', message: `is not a valid URL (expected e.g. ${example})` });
        return z.NEVER;
      }
      if (!protocols.includes(parsed.protocol)) {
        ctx.addIssue({
          code: 'custom',
          message: `must start with ${protocols.map((p) => `${p}//`).join(' or ')} (expected e.g. ${example})`,
        });
        return z.NEVER;
      }
      if (!parsed.hostname) {
        ctx.addIssue({ code: 'custom', message: `has no host (expected e.g. ${example})` });
        return z.NEVER;
      }
      return v;
    });

const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  AMPARO_ROLE: z.enum(['all', 'api', 'worker'], { message: 'must be all, api or worker' }).default('all'),
  HOST: z.string().default('0.0.0.0'),
  PORT: int(3000, 0, 65535),
  PUBLIC_BASE_URL: url(['http:', 'https:'], 'https://amparo.example.org'),
  TRUST_PROXY: int(0, 0, 10),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LOG_FORMAT: z.enum(['pretty', 'json'], { message: 'must be pretty or json' }).optional(),
  DATA_DIR: z.string().default('.data'),

  DATABASE_URL: url(['postgres:', 'postgresql:'], 'postgres://user:password@localhost:5432/amparo'),
  DATABASE_POOL_SIZE: int(10, 1, 200),
  MIGRATIONS_RUN: bool(true),

  REDIS_URL: url(['redis:', 'rediss:'], 'redis://localhost:6379'),
  QUEUE_PREFIX: z
    .string()
    .regex(/^[a-z][a-z0-9_]{0,40}$/, 'must be lower-case letters, digits and _ (e.g. amparo)')
    .default('amparo'),
  WORKER_CONCURRENCY: int(8, 1, 256),

  SMTP_URL: url(['smtp:', 'smtps:'], 'smtp://user:password@mail.example.org:587'),
  MAIL_FROM: z.string().default('Amparo <no-reply@amparo.local>'),

  JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  JWT_TTL: duration('15m'),
  LOGIN_RATE_LIMIT: int(10, 1, 10_000),
  LOGIN_RATE_WINDOW: duration('1m'),
  LOGIN_RATE_LIMIT_PER_ADDRESS: int(50, 1, 100_000),

  ADMIN_EMAIL: z.email({ message: 'must be an e-mail address' }).optional(),
  ADMIN_PASSWORD: z.string().min(12, 'must be at least 12 characters').optional(),

  CONTACT_RETENTION_DAYS: int(365, 1, 36_500),
  IMPORT_SYNC_MAX_BYTES: int(5 * 1024 * 1024, 1, 100 * 1024 * 1024),
  IMPORT_MAX_ERRORS: int(1000, 1, 1_000_000),

  OFFER_TTL: duration('72h'),
  OFFER_AUTO_ROTATE: bool(true),
  OFFER_MAX_PENDING_PER_CASE: int(1, 1, 100),
  OFFER_SWEEP_INTERVAL: duration('1m'),
  MATCHING_WEIGHTS: z
    .string()
    .optional()
    .transform((v, ctx) => {
      const weights: Record<string, number> = {};
      for (const part of (v ?? '')
        .split(',')
        .map((p) => p.trim())
        .filter(Boolean)) {
        const m = /^(language|distance|capacity|experience|fairness)\s*[=:]\s*(\d+(?:\.\d+)?)$/.exec(part);
        if (!m) {
          ctx.addIssue({
            code: 'custom',
            message: `must list factor=points pairs such as language=40,distance=20 (factors: language, distance, capacity, experience, fairness; got "${part}")`,
          });
          return z.NEVER;
        }
        weights[m[1]] = Number(m[2]);
      }
      return weights;
    }),
  MATCHING_FAIRNESS_WINDOW_DAYS: int(90, 1, 3650),
  MATCHING_REMOVAL_USES_COURT: bool(false),
  MATCHING_URGENT_WITHIN_DAYS: int(30, 0, 3650),
  MATCHING_PLAN_CANDIDATES: int(10, 1, 50),

  ENCRYPTION_KEYS: z.string().optional(),
  ENCRYPTION_ACTIVE_KEY_ID: z.string().optional(),
  BLIND_INDEX_KEY: z.string().optional(),

  ...REMINDER_ENV,
});

export interface AppConfig {
  env: 'development' | 'production' | 'test';
  role: Role;
  http: {
    host: string;
    port: number;
    publicBaseUrl: string;
    /**
     * Reverse proxies in front of the app whose X-Forwarded-For/-Proto are believed (0: none). Decides the client
     * address (login limits) and whether a request came over TLS (HSTS).
     */
    trustProxyHops: number;
  };
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Unset: readable lines on a terminal outside production, JSON otherwise (see logging/pretty.ts). */
  logFormat?: 'pretty' | 'json';
  dataDir: string;
  /** Undefined until the embedded server has been started (see `main`). */
  database: { url: string | undefined; poolSize: number; migrationsRun: boolean };
  queue: { redisUrl: string | undefined; prefix: string; concurrency: number };
  mail: { smtpUrl: string | undefined; from: string; outboxDir: string };
  auth: {
    jwtSecret: string | undefined;
    jwtTtlSeconds: number;
    loginRateLimit: number;
    loginRateWindowSeconds: number;
    /** Failed logins one client address may make per window, whatever e-mails it tries. */
    loginRateLimitPerAddress: number;
    initialAdmin: { email: string; password: string } | undefined;
  };
  /** Days after a child's last case closes before their contact data is purged. */
  retention: { contactDays: number };
  /** CSV imports (src/imports). */
  imports: {
    /** A file larger than this is not imported inside the request: it is queued as with ?async=true (202). */
    syncMaxBytes: number;
    /** An import stops reading after this many failed rows (report: stoppedEarly). */
    maxFailedRows: number;
  };
  /** Candidates, offers and plans (src/matching). */
  matching: {
    /** Overrides of the default factor weights (points), e.g. { language: 50 }. */
    weights: Partial<Record<'language' | 'distance' | 'capacity' | 'experience' | 'fairness', number>>;
    /** Offers and assignments within this many days count against an attorney's fairness factor. */
    fairnessWindowDays: number;
    /** Removal defense measures travel to the court instead of the child's home. */
    removalUsesCourtLocation: boolean;
    /** A case is urgent when its next hearing, deadline or age-out is within this many days. */
    urgentWithinDays: number;
    /** Candidates per case the assignment plan considers. */
    planCandidatesPerCase: number;
    offerTtlSeconds: number;
    /** A declined or expired offer goes to the next best candidate automatically. */
    autoRotate: boolean;
    /** Offers of one case that may be pending at once (1 = one attorney at a time). */
    maxPendingOffersPerCase: number;
    /** How often the safety-net sweep expires overdue offers. */
    offerSweepSeconds: number;
  };
  /** Reminder pipeline (src/reminders). */
  reminders: ReminderSettings;
  crypto: {
    encryptionKeys: string | undefined;
    activeKeyId: string | undefined;
    blindIndexKey: string | undefined;
  };
}

/** Parses and validates the environment; throws ConfigError naming the first bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv): AppConfig {
  const result = schema.safeParse(env);
  if (!result.success) {
    const issue = result.error.issues[0];
    const variable = String(issue.path[0] ?? 'environment');
    const got = env[variable];
    const message =
      issue.code === 'invalid_value' && got !== undefined ? `${issue.message} (got "${got}")` : issue.message;
    throw new ConfigError(`Invalid configuration: ${variable} ${message}`);
  }
  const e = result.data;
  if (e.ADMIN_EMAIL && !e.ADMIN_PASSWORD)
    throw new ConfigError('Invalid configuration: ADMIN_PASSWORD is required when ADMIN_EMAIL is set');
  const adminPasswordProblem =
    e.ADMIN_PASSWORD && passwordProblem(e.ADMIN_PASSWORD, { email: e.ADMIN_EMAIL });
  if (adminPasswordProblem)
    throw new ConfigError(`Invalid configuration: ADMIN_PASSWORD ${adminPasswordProblem}`);
  if (e.NODE_ENV === 'production') {
    for (const name of ['JWT_SECRET', 'ENCRYPTION_KEYS', 'BLIND_INDEX_KEY'] as const) {
      if (!e[name])
        throw new ConfigError(`Invalid configuration: ${name} is required when NODE_ENV=production`);
    }
  }
  const port = e.PORT;
  return {
    env: e.NODE_ENV,
    role: e.AMPARO_ROLE,
    http: {
      host: e.HOST,
      port,
      publicBaseUrl: (e.PUBLIC_BASE_URL ?? `http://localhost:${port}`).replace(/\/$/, ''),
      trustProxyHops: e.TRUST_PROXY,
    },
    logLevel: e.LOG_LEVEL,
    logFormat: e.LOG_FORMAT,
    dataDir: e.DATA_DIR,
    database: { url: e.DATABASE_URL, poolSize: e.DATABASE_POOL_SIZE, migrationsRun: e.MIGRATIONS_RUN },
    queue: { redisUrl: e.REDIS_URL, prefix: e.QUEUE_PREFIX, concurrency: e.WORKER_CONCURRENCY },
    mail: { smtpUrl: e.SMTP_URL, from: e.MAIL_FROM, outboxDir: `${e.DATA_DIR}/outbox` },
    auth: {
      jwtSecret: e.JWT_SECRET,
      jwtTtlSeconds: e.JWT_TTL,
      loginRateLimit: e.LOGIN_RATE_LIMIT,
      loginRateWindowSeconds: e.LOGIN_RATE_WINDOW,
      loginRateLimitPerAddress: e.LOGIN_RATE_LIMIT_PER_ADDRESS,
      initialAdmin:
        e.ADMIN_EMAIL && e.ADMIN_PASSWORD ? { email: e.ADMIN_EMAIL, password: e.ADMIN_PASSWORD } : undefined,
    },
    retention: { contactDays: e.CONTACT_RETENTION_DAYS },
    imports: { syncMaxBytes: e.IMPORT_SYNC_MAX_BYTES, maxFailedRows: e.IMPORT_MAX_ERRORS },
    matching: {
      weights: e.MATCHING_WEIGHTS,
      fairnessWindowDays: e.MATCHING_FAIRNESS_WINDOW_DAYS,
      removalUsesCourtLocation: e.MATCHING_REMOVAL_USES_COURT,
      urgentWithinDays: e.MATCHING_URGENT_WITHIN_DAYS,
      planCandidatesPerCase: e.MATCHING_PLAN_CANDIDATES,
      offerTtlSeconds: e.OFFER_TTL,
      autoRotate: e.OFFER_AUTO_ROTATE,
      maxPendingOffersPerCase: e.OFFER_MAX_PENDING_PER_CASE,
      offerSweepSeconds: e.OFFER_SWEEP_INTERVAL,
    },
    reminders: reminderSettings(e),
    crypto: {
      encryptionKeys: e.ENCRYPTION_KEYS,
      activeKeyId: e.ENCRYPTION_ACTIVE_KEY_ID,
      blindIndexKey: e.BLIND_INDEX_KEY,
    },
  };
}
