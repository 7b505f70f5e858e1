import { Processor, WorkerHost } from '@nestjs/bullmq';
import { BeforeApplicationShutdown, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Job } from 'bullmq';
import { AdvisoryLock } from '../database/advisory-lock';
import { ExclusiveInterval } from '../database/exclusive-interval';
import { QUEUE } from '../queue/queue-names';
import { ImportFileError } from './csv-columns';
import { ImportJob, ImportsService } from './imports.service';
import { scrubForQueue } from '../common/error-log';

/** How often workers re-add the jobs of pending imports (an add lost after the import was committed). */
const RECHECK_MS = 60_000;

/**
 * Runs queued imports (POST /imports/...?async=true) in the worker role. Big imports: two at a time per process.
 * At start-up and every minute it re-adds the jobs of pending imports, so an import committed as queued whose
 * job was never added (or was lost with the queue) still runs.
 */
@Processor(QUEUE.imports, { concurrency: 2 })
export class ImportsProcessor
  extends WorkerHost
  implements OnApplicationBootstrap, BeforeApplicationShutdown
{
  private readonly logger = new Logger(ImportsProcessor.name);
  private readonly recheck: ExclusiveInterval<number>;

  constructor(
    private readonly imports: ImportsService,
    lock: AdvisoryLock,
  ) {
    super();
    this.recheck = new ExclusiveInterval(lock, 'imports-recheck', () => this.requeue(), this.logger);
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.recheck.tick();
    this.recheck.start(RECHECK_MS);
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.recheck.stop();
  }

  /** One re-check (skipped if one is running here or in another worker). */
  tick(): Promise<number | undefined> {
    return this.recheck.tick();
  }

  private async requeue(): Promise<number> {
    const pending = await this.imports.requeuePending();
    if (pending) this.logger.debug(`imports: ${pending} pending imports re-checked in the queue`);
    return pending;
  }

  async process(job: Job<ImportJob>): Promise<void> {
    const finalAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    try {
      await this.imports.processQueued(job.data.importId, finalAttempt);
    } catch (err) {
      // A refused file is an answer, recorded on the import: nothing to retry.
      if (err instanceof ImportFileError) return;
      throw scrubForQueue(err);
    }
  }
}
