import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { Processor, Queue, QueueEvents, Worker, WorkerOptions } from 'bullmq';
import { describeError } from '../common/error-log';

const logger = new Logger('Queue');

type QueueEmitter = Queue | Worker | QueueEvents;

/**
 * BullMQ reports a lost connection (Redis or PostgreSQL restarting, a terminated session, "Connection
 * terminated unexpectedly") as an 'error' event and retries by itself. An emitter with no 'error' listener
 * turns that event into ERR_UNHANDLED_ERROR, so every Queue, Worker and QueueEvents we create gets this one
 * listener, which logs a warning.
 */
export function logQueueErrors<T extends QueueEmitter>(emitter: T, what: string): T {
  (emitter as Queue).on('error', (err: Error) => logger.warn(`${what} ${emitter.name}: ${describeError(err)}`));
  return emitter;
}

/** The Worker `@nestjs/bullmq` builds for each `@Processor` (see `BullModule.workerClass` in queue.module). */
export class LoggedWorker<D = unknown, R = unknown> extends Worker<D, R> {
  constructor(name: string, processor: string | URL | null | Processor<D, R> | undefined, opts: WorkerOptions) {
    super(name, processor, opts);
    logQueueErrors(this, 'queue worker');
  }
}

/** Queues are built while the module graph is assembled: give each one its listener before anything uses it. */
@Injectable()
export class QueueErrorLog implements OnModuleInit {
  constructor(private readonly discovery: DiscoveryService) {}

  onModuleInit(): void {
    for (const { instance } of this.discovery.getProviders()) {
      if (instance instanceof Queue) logQueueErrors(instance, 'queue');
    }
  }
}
