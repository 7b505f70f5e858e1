import { BullModule } from '@nestjs/bullmq';
import { Global, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { configureQueueBackend, QueueConnection } from './queue-connection';
import { LoggedWorker, QueueErrorLog } from './queue-errors';
import { QUEUE } from './queue-names';
import { SystemJobs } from './system-jobs';

export const QUEUE_CONNECTION = Symbol('QUEUE_CONNECTION');

// Every processor's worker logs its connection errors instead of leaving them unhandled (queue-errors.ts).
BullModule.workerClass = LoggedWorker;

const queueConnectionProvider = {
  provide: QUEUE_CONNECTION,
  inject: [APP_CONFIG],
  useFactory: (config: AppConfig): QueueConnection =>
    configureQueueBackend({
      redisUrl: config.queue.redisUrl,
      databaseUrl: config.database.url ?? '',
      prefix: config.queue.prefix,
    }),
};

@Global()
@Module({
  imports: [
    DiscoveryModule,
    BullModule.forRootAsync({
      extraProviders: [queueConnectionProvider],
      inject: [QUEUE_CONNECTION],
      useFactory: (queue: QueueConnection) => ({
        connection: queue.connection,
        prefix: queue.prefix,
        defaultJobOptions: {
          // Rows in our own tables are the record of what happened; keep the queue itself small.
          removeOnComplete: { age: 24 * 3600, count: 10_000 },
          removeOnFail: { age: 14 * 24 * 3600 },
        },
      }),
    }),
    BullModule.registerQueue({ name: QUEUE.system }),
  ],
  providers: [queueConnectionProvider, SystemJobs, QueueErrorLog],
  exports: [queueConnectionProvider, BullModule, SystemJobs],
})
export class QueueModule {}
