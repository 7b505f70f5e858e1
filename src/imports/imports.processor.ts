import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Job } from 'bullmq';
import { QUEUE } from '../queue/queue-names';
import { ImportFileError } from './csv-columns';
import { ImportJob, ImportsService } from './imports.service';
import { scrubForQueue } from '../common/error-log';

/** Runs queued imports (POST /imports/...?async=true) in the worker role. Big imports: two at a time per process. */
@Processor(QUEUE.imports, { concurrency: 2 })
export class ImportsProcessor extends WorkerHost {
  constructor(private readonly imports: ImportsService) {
    super();
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
