import { Processor, WorkerHost } from '@nestjs/bullmq';
import { BeforeApplicationShutdown, Inject, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DelayedError, Job } from 'bullmq';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { QUEUE } from '../queue/queue-names';
import { ReminderJobData } from './reminder-queue';
import { DeliverOutcome, ReminderSender } from './reminder-sender.service';
import { describeError, scrubForQueue, scrubText } from '../common/error-log';

/**
 * Consumes reminder jobs: the job carries only the row id; ReminderSender decides from the database.
 * Started by hand (autorun off) so that concurrency and lock timing come from the validated configuration.
 */
@Processor(QUEUE.reminders, { autorun: false })
export class ReminderProcessor
  extends WorkerHost
  implements OnApplicationBootstrap, BeforeApplicationShutdown
{
  private readonly logger = new Logger(ReminderProcessor.name);

  constructor(
    private readonly sender: ReminderSender,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    super();
  }

  onApplicationBootstrap(): void {
    const settings = this.config.reminders;
    const lockDuration = Math.round(settings.lockDurationSeconds * 1000);
    const worker = this.worker;
    // A killed worker's jobs come back after the lock expires; allow a few of those before BullMQ fails a job
    // (the reconciler re-adds a failed job whose row is still scheduled anyway).
    Object.assign(worker.opts, {
      lockDuration,
      lockRenewTime: Math.round(lockDuration / 2),
      stalledInterval: lockDuration,
      maxStalledCount: 5,
    });
    (worker as unknown as { createLockManager(): void }).createLockManager();
    worker.concurrency = settings.concurrency;
    // Connection errors (Redis or PostgreSQL restarting) are expected and retried by BullMQ: log, do not throw.
    worker.on('error', (err: Error) => this.logger.warn(`reminder worker: ${describeError(err)}`));
    worker.run().catch((err: unknown) => this.logger.error(`reminder worker stopped: ${describeError(err)}`));
  }

  /** Stop taking jobs, let running ones finish, then wait until every send they made is recorded. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.worker.close();
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
