import { ConfigError, loadConfig } from '../../../src/config/app-config';

const error = (env: Record<string, string>) => {
  try {
    loadConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error('expected a ConfigError');
};

describe('configuration from the environment', () => {
  it('has working defaults for a fresh machine', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      env: 'development',
      role: 'all',
      http: { port: 3000, publicBaseUrl: 'http://localhost:3000', trustProxyHops: 0 },
      database: { url: undefined, migrationsRun: true },
      queue: { redisUrl: undefined, prefix: 'amparo' },
      mail: { smtpUrl: undefined, outboxDir: '.data/outbox' },
      auth: { jwtTtlSeconds: 900, loginRateLimit: 10, loginRateLimitPerAddress: 50 },
    });
  });

  it('reads the import limits, with defaults, and refuses values out of range naming the variable', () => {
    expect(loadConfig({}).imports).toEqual({ syncMaxBytes: 5 * 1024 * 1024, maxFailedRows: 1000 });
    expect(loadConfig({ IMPORT_SYNC_MAX_BYTES: '1048576', IMPORT_MAX_ERRORS: '50' }).imports).toEqual({
      syncMaxBytes: 1048576,
      maxFailedRows: 50,
    });
    for (const [name, value] of [
      ['IMPORT_SYNC_MAX_BYTES', '0'],
      ['IMPORT_SYNC_MAX_BYTES', '5MB'],
      ['IMPORT_SYNC_MAX_BYTES', String(200 * 1024 * 1024)],
      ['IMPORT_MAX_ERRORS', '-1'],
      ['IMPORT_MAX_ERRORS', '1.5'],
    ]) {
      expect(error({ [name]: value })).toMatch(
        new RegExp(`^Invalid configuration: ${name} must be a whole number`),
      );
    }
  });

  it('reads every documented setting', () => {
    const config = loadConfig({
      DATABASE_URL: 'postgres://u:p@db:5432/amparo',
      REDIS_URL: 'rediss://:secret@cache:6380/2',
      SMTP_URL: 'smtp://mail:1025',
      PORT: '8080',
      JWT_TTL: '2h',
      MIGRATIONS_RUN: 'false',
      AMPARO_ROLE: 'worker',
      WORKER_CONCURRENCY: '32',
    });
    expect(config.database).toMatchObject({ url: 'postgres://u:p@db:5432/amparo', migrationsRun: false });
    expect(config.queue).toMatchObject({ redisUrl: 'rediss://:secret@cache:6380/2', concurrency: 32 });
    expect(config.http.port).toBe(8080);
    expect(config.auth.jwtTtlSeconds).toBe(7200);
    expect(config.role).toBe('worker');
  });

  it.each([
    [{ DATABASE_URL: 'not a url' }, /^Invalid configuration: DATABASE_URL is not a valid URL/],
    [
      { DATABASE_URL: 'mysql://localhost/x' },
      /^Invalid configuration: DATABASE_URL must start with postgres:\/\/ or postgresql:\/\//,
    ],
    [
      { REDIS_URL: 'localhost:6379' },
      /^Invalid configuration: REDIS_URL must start with redis:\/\/ or rediss:\/\//,
    ],
    [{ REDIS_URL: 'redis//oops' }, /^Invalid configuration: REDIS_URL is not a valid URL/],
    [{ SMTP_URL: 'http://mail' }, /^Invalid configuration: SMTP_URL must start with smtp:\/\/ or smtps:\/\//],
    [
      { PORT: '70000' },
      /^Invalid configuration: PORT must be a whole number from 0 to 65535 \(got "70000"\)/,
    ],
    [{ JWT_TTL: 'forever' }, /^Invalid configuration: JWT_TTL must be a duration like 45s, 15m, 12h or 30d/],
    [{ MIGRATIONS_RUN: 'maybe' }, /^Invalid configuration: MIGRATIONS_RUN must be true or false/],
    [{ AMPARO_ROLE: 'both' }, /^Invalid configuration: AMPARO_ROLE must be all, api or worker/],
    [{ JWT_SECRET: 'short' }, /^Invalid configuration: JWT_SECRET must be at least 32 characters/],
    [
      { ADMIN_EMAIL: 'admin@example.org' },
      /^Invalid configuration: ADMIN_PASSWORD is required when ADMIN_EMAIL is set/,
    ],
    [{ NODE_ENV: 'production' }, /^Invalid configuration: JWT_SECRET is required when NODE_ENV=production/],
    [
      { LOGIN_RATE_LIMIT_PER_ADDRESS: '0' },
      /^Invalid configuration: LOGIN_RATE_LIMIT_PER_ADDRESS must be a whole number from 1 to 100000/,
    ],
    [{ TRUST_PROXY: 'yes' }, /^Invalid configuration: TRUST_PROXY must be a whole number from 0 to 10/],
    [
      { ADMIN_EMAIL: 'admin@example.org', ADMIN_PASSWORD: 'aaaaaaaaaaaa' },
      /^Invalid configuration: ADMIN_PASSWORD is mostly repeated or sequential characters/,
    ],
    [
      { ADMIN_EMAIL: 'admin@example.org', ADMIN_PASSWORD: 'Password2024!' },
      /^Invalid configuration: ADMIN_PASSWORD is one of the most common passwords/,
    ],
  ])('rejects %j with one line naming the variable', (env, expected) => {
    const message = error(env);
    expect(message).toMatch(expected);
    expect(message).not.toContain('\n');
  });
});
