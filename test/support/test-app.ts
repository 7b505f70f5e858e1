import { INestApplication } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import TestAgent from 'supertest/lib/agent';
import { createApp } from '../../src/app.factory';
import { UserRole } from '../../src/auth/user.entity';
import { UsersService } from '../../src/auth/users.service';
import { OrganizationsService } from '../../src/organizations/organizations.service';
import { AppConfig, loadConfig } from '../../src/config/app-config';
import { createTestDatabase } from './test-database';
import { testRedisUrl } from './test-database';

export type QueueBackend = 'postgres' | 'redis';
export const QUEUE_BACKENDS: QueueBackend[] = ['postgres', 'redis'];

export interface TestApp {
  app: INestApplication;
  config: AppConfig;
  databaseUrl: string;
  http(): TestAgent;
  /**
   * Creates a user with the role and returns a bearer token for it. Coordinators get a new organization
   * unless one is given.
   */
  login(role: UserRole, options?: { email?: string; organizationId?: string }): Promise<Session>;
  createOrganization(name?: string): Promise<string>;
  close(): Promise<void>;
}

export interface Session {
  token: string;
  userId: string;
  email: string;
  organizationId: string | null;
  auth: { Authorization: string };
}

export interface TestAppOptions {
  backend?: QueueBackend;
  role?: 'all' | 'api' | 'worker';
  env?: Record<string, string>;
  /** Join another test app's database and queue (e.g. an api process plus a worker process). */
  shareWith?: TestApp;
  /** Receives every log line instead of stdout (set LOG_LEVEL in `env` to choose how much). */
  logs?: { write(line: string): void };
}

export const TEST_PASSWORD = 'correct horse battery staple';

/** The real application (same module graph and pipes as production) on a fresh database of its own. */
export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const database = options.shareWith
    ? { url: options.shareWith.databaseUrl, drop: async () => undefined }
    : await createTestDatabase();
  const dataDir = mkdtempSync(join(tmpdir(), 'amparo-test-data-'));
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    DATA_DIR: dataDir,
    DATABASE_URL: database.url,
    DATABASE_POOL_SIZE: '5',
    REDIS_URL: options.backend === 'redis' ? testRedisUrl() : undefined,
    QUEUE_PREFIX: options.shareWith?.config.queue.prefix ?? `t${randomBytes(4).toString('hex')}`,
    AMPARO_ROLE: options.role ?? 'all',
    JWT_SECRET: options.shareWith?.config.auth.jwtSecret ?? randomBytes(32).toString('hex'),
    ENCRYPTION_KEYS:
      options.shareWith?.config.crypto.encryptionKeys ?? `test1:${randomBytes(32).toString('base64')}`,
    ENCRYPTION_ACTIVE_KEY_ID: options.shareWith?.config.crypto.activeKeyId ?? 'test1',
    BLIND_INDEX_KEY: options.shareWith?.config.crypto.blindIndexKey ?? randomBytes(32).toString('base64'),
    ...options.env,
  });
  const app = await createApp(config, { logDestination: options.logs });
  await app.init();
  let counter = 0;
  const createOrganization = async (name?: string) =>
    (
      await app.get(OrganizationsService).create({ name: name ?? `Test Org ${++counter} ${randomBytes(3).toString('hex')}` })
    ).id;
  return {
    createOrganization,
    app,
    config,
    databaseUrl: database.url,
    http: () => request(app.getHttpServer()),
    async login(role, options = {}) {
      const address = options.email ?? `${role}-${++counter}-${randomBytes(3).toString('hex')}@test.amparo`;
      const organizationId =
        options.organizationId ?? (role === 'coordinator' ? await createOrganization() : undefined);
      const user = await app
        .get(UsersService)
        .create({ email: address, role, displayName: `Test ${role}`, password: TEST_PASSWORD, organizationId });
      const res = await request(app.getHttpServer())
        .post('/auth/login')
        .send({ email: address, password: TEST_PASSWORD });
      if (res.status !== 200) throw new Error(`login failed: ${res.status} ${JSON.stringify(res.body)}`);
      const token = (res.body as { accessToken: string }).accessToken;
      return { token, userId: user.id, email: address, organizationId: organizationId ?? null, auth: { Authorization: `Bearer ${token}` } };
    },
    async close() {
      await app.close();
      await database.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
