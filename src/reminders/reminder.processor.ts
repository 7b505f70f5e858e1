import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { DelayedError, Job, Worker, WorkerOptions } from 'bullmq';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { QUEUE_CONNECTION } from '../queue/queue.module';
import type { QueueConnection } from '../queue/queue-connection';
import { QUEUE } from '../queue/queue-names';
import { LoggedWorker } from '../queue/queue-errors';
import { ConsumesQueue } from '../queue/worker-startup-check';
import { ReminderJobData } from './reminder-queue';
import { ReminderSettings } from './reminder-settings';
import { DeliverOutcome, ReminderSender } from './reminder-sender.service';
import { describeError, scrubForQueue, scrubText } from '../common/error-log';

/** The reminder worker's concurrency and lock timing, from the validated configuration. */
export function reminderWorkerOptions(
  settings: Pick<ReminderSettings, 'concurrency' | 'lockDurationSeconds'>,
): Pick<
  WorkerOptions,
  'concurrency' | 'lockDuration' | 'lockRenewTime' | 'stalledInterval' | 'maxStalledCount'
> {
  const lockDuration = Math.round(settings.lockDurationSeconds * 1000);
  return {
    concurrency: settings.concurrency,
    lockDuration,
    lockRenewTime: Math.round(lockDuration / 2),
    stalledInterval: lockDuration,
    // A killed worker's jobs come back after the lock expires; allow a few of those before BullMQ fails a job
    // (the reconciler re-adds a failed job whose row is still scheduled anyway).
    maxStalledCount: 5,
  };
}

/**
 * Consumes reminder jobs: the job carries only the row id; ReminderSender decides from the database.
 * The BullMQ worker is built here rather than by `@Processor`, whose options are fixed when the class is
 * declared: concurrency and lock timing come from the validated configuration, through the Worker's
 * constructor options (BullMQ's supported API).
 */
@Injectable()
@ConsumesQueue(QUEUE.reminders)
export class ReminderProcessor implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(ReminderProcessor.name);
  private _worker: Worker<ReminderJobData, DeliverOutcome> | undefined;

  constructor(
    private readonly sender: ReminderSender,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(QUEUE_CONNECTION) private readonly queue: QueueConnection,
  ) {}

  /** The running worker (after start-up). */
  get worker(): Worker<ReminderJobData, DeliverOutcome> {
    if (!this._worker) throw new Error('the reminder worker starts with the application');
    return this._worker;
  }

  onApplicationBootstrap(): void {
    // LoggedWorker logs connection errors (Redis or PostgreSQL restarting), which BullMQ retries by itself.
    const worker = new LoggedWorker<ReminderJobData, DeliverOutcome>(
      QUEUE.reminders,
      (job, token) => this.process(job, token),
      {
        connection: this.queue.connection,
        prefix: this.queue.prefix,
        autorun: false,
        ...reminderWorkerOptions(this.config.reminders),
      },
    );
    this._worker = worker;
    worker.run().catch((err: unknown) => this.logger.error(`reminder worker stopped: ${describeError(err)}`));
  }

  /** Stop taking jobs, let running ones finish, then wait until every send they made is recorded. */
  async beforeApplicationShutdown(): Promise<void> {
    await this._worker?.close();
    await this.sender.drain();
  }

  async process(job: Job<ReminderJobData>, token?: string): Promise<DeliverOutcome> {
    const outcome = await this.sender
      .deliver(job.data.reminderId, { number: job.attemptsMade + 1, max: job.opts.attempts ?? 1 })
      .catch((err: unknown) => Promise.reject(scrubForQueue(err)));
    if (outcome.kind === 'wait') {
      await job.moveToDelayed(outcome.until.getTime(), token);
      throw new DelayedError();
    }
    // The job's failure reason is kept in the queue: no recipient address in it.
    if (outcome.kind === 'retry') throw new Error(scrubText(outcome.error));
    return outcome;
  }
}
