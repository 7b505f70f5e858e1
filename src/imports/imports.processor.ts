import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Cron } from '@nestjs/schedule';
import { Job } from 'bullmq';
import { QUEUE } from '../queue/queue-names';
import { ImportFileError } from './csv-columns';
import { ImportJob, ImportsService } from './imports.service';
import { describeError, scrubForQueue } from '../common/error-log';

/**
 * Runs queued imports (POST /imports/...?async=true) in the worker role. Big imports: two at a time per process.
 * At start-up and every minute it gives back their job to queued imports that lost it (an add that failed or
 * never happened after the import was committed, or a queue that lost its jobs), so they still run.
 */
@Processor(QUEUE.imports, { concurrency: 2 })
export class ImportsProcessor extends WorkerHost implements OnApplicationBootstrap {
  private readonly logger = new Logger(ImportsProcessor.name);
  private running: Promise<number> | undefined;

  constructor(private readonly imports: ImportsService) {
    super();
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.tick();
  }

  /**
   * One re-check, never two at once in this process. No advisory lock: running it in several workers at once is
   * harmless (a job is added under the import's id), and a lock would hold a pooled connection while the
   * re-check needs another.
   */
  @Cron('* * * * *', { name: 'imports-recheck' })
  tick(): Promise<number> {
    this.running ??= this.imports
      .requeuePending()
      .then(
        (added) => {
          if (added) this.logger.warn(`imports: ${added} queued imports had lost their job; added it again`);
          return added;
        },
        (err: unknown) => {
          this.logger.warn(`imports re-check failed: ${describeError(err)}`);
          return 0;
        },
      )
      .finally(() => (this.running = undefined));
    return this.running;
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
