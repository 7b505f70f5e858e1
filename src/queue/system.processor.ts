import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Job } from 'bullmq';
import { QUEUE } from './queue-names';
import { SystemJobs } from './system-jobs';

export interface PingJob {
  sentAt: string;
}

/**
 * Answers round-trip pings, proving a worker consumes jobs on whichever backend is configured, and runs the
 * maintenance jobs registered in SystemJobs. Several at once, so a long maintenance job never delays a ping.
 */
@Processor(QUEUE.system, { concurrency: 4 })
export class SystemProcessor extends WorkerHost {
  constructor(private readonly jobs: SystemJobs) {
    super();
  }

  async process(job: Job): Promise<unknown> {
    const handler = this.jobs.handlerFor(job.name);
    if (handler) return handler(job);
    const ping = job.data as PingJob;
    return { pong: true, sentAt: ping.sentAt, processedAt: new Date().toISOString() };
  }
}
