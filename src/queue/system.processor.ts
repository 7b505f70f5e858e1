import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Job } from 'bullmq';
import { QUEUE } from './queue-names';

export interface PingJob {
  sentAt: string;
}

/** Answers round-trip pings, proving a worker consumes jobs on whichever backend is configured. */
@Processor(QUEUE.system)
export class SystemProcessor extends WorkerHost {
  async process(job: Job<PingJob>): Promise<{ pong: true; sentAt: string; processedAt: string }> {
    return { pong: true, sentAt: job.data.sentAt, processedAt: new Date().toISOString() };
  }
}
