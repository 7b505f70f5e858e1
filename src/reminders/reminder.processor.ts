import { Processor, WorkerHost } from '@nestjs/bullmq';
import { BeforeApplicationShutdown, Inject, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DelayedError, Job } from 'bullmq';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { QUEUE } from '../queue/queue-names';
import { ReminderJobData } from './reminder-queue';
import { DeliverOutcome, ReminderSender } from './reminder-sender.service';

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
    worker.on('error', (err: Error) => this.logger.warn(`reminder worker: ${err.message}`));
    worker.run().catch((err: unknown) => this.logger.error(`reminder worker stopped: ${String(err)}`));
  }

  /** Stop taking jobs, let running ones finish, then wait until every send they made is recorded. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.worker.close();
    await this.sender.drain();
  }

  async process(job: Job<ReminderJobData>, token?: string): Promise<DeliverOutcome> {
    const outcome = await this.sender.deliver(job.data.reminderId, {
      number: job.attemptsMade + 1,
      max: job.opts.attempts ?? 1,
    });
    if (outcome.kind === 'wait') {
      await job.moveToDelayed(outcome.until.getTime(), token);
      throw new DelayedError();
    }
    if (outcome.kind === 'retry') throw new Error(outcome.error);
    return outcome;
  }
}
