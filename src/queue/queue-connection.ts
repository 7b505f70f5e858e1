import { ConnectionOptions, createPostgresBackend, setDefaultBackendFactory } from 'bullmq';

export type QueueBackendKind = 'redis' | 'postgres';

export interface QueueConnection {
  kind: QueueBackendKind;
  connection: ConnectionOptions;
  prefix: string;
}

export function redisConnectionOptions(redisUrl: string): ConnectionOptions {
  const url = new URL(redisUrl);
  return {
    host: url.hostname,
    port: url.port ? Number(url.port) : 6379,
    username: url.username ? decodeURIComponent(url.username) : undefined,
    password: url.password ? decodeURIComponent(url.password) : undefined,
    db: url.pathname.length > 1 ? Number(url.pathname.slice(1)) : 0,
    tls: url.protocol === 'rediss:' ? {} : undefined,
    // BullMQ workers block on Redis; ioredis must not give up on those commands.
    maxRetriesPerRequest: null,
  };
}

/**
 * The one place that decides where BullMQ keeps its jobs: Redis when REDIS_URL is set, otherwise BullMQ's
 * PostgreSQL backend in the application's own database, in a schema of its own. Installs the matching
 * process-wide backend factory, which `@nestjs/bullmq` then uses for every Queue and Worker it creates.
 */
export function configureQueueBackend(options: {
  redisUrl?: string;
  databaseUrl: string;
  prefix: string;
}): QueueConnection {
  if (options.redisUrl) {
    setDefaultBackendFactory(undefined);
    return { kind: 'redis', connection: redisConnectionOptions(options.redisUrl), prefix: options.prefix };
  }
  setDefaultBackendFactory(createPostgresBackend);
  const connection = {
    connectionString: options.databaseUrl,
    schema: `${options.prefix}_queue`,
    migrate: true,
    max: 4,
  } as unknown as ConnectionOptions;
  return { kind: 'postgres', connection, prefix: options.prefix };
}
