import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Job } from 'bullmq';
import { QUEUE } from '../queue/queue-names';
import { ImportFileError } from './csv-columns';
import { ImportJob, ImportsService } from './imports.service';
import { scrubForQueue } from '../common/error-log';
import { ScheduledTask } from '../scheduling/scheduled-task';
import { Scheduler } from '../scheduling/scheduler';

/**
 * Runs queued imports (POST /imports/...?async=true) in the worker role. Big imports: two at a time per process.
 * At start-up and every minute it gives back their job to queued imports that lost it (an add that failed or
 * never happened after the import was committed, or a queue that lost its jobs), so they still run.
 */
@Processor(QUEUE.imports, { concurrency: 2 })
export class ImportsProcessor extends WorkerHost implements OnApplicationBootstrap {
  private readonly logger = new Logger(ImportsProcessor.name);
  private readonly recheck: ScheduledTask<number>;

  constructor(
    private readonly imports: ImportsService,
    scheduler: Scheduler,
  ) {
    super();
    this.recheck = scheduler.add(
      'imports-recheck',
      { everyMs: 60_000 },
      async () => {
        const added = await this.imports.requeuePending();
        if (added) this.logger.warn(`imports: ${added} queued imports had lost their job; added it again`);
        return added;
      },
      this.logger,
    );
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.tick();
  }

  /** One re-check now: how many lost jobs were added again (0 when skipped or failed). */
  async tick(): Promise<number> {
    return (await this.recheck.tick()) ?? 0;
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
