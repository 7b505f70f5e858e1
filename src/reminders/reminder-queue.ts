import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Queue } from 'bullmq';
import { DataSource, EntityManager } from 'typeorm';
import { Clock } from '../clock/clock';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { QUEUE } from '../queue/queue-names';
import { describeError } from '../common/error-log';

/** What a reminder job carries: the row id, nothing else. The row is the truth. */
export interface ReminderJobData {
  reminderId: string;
}

export const REMINDER_JOB_NAME = 'send';

export interface JobToAdd {
  id: string;
  dedupeKey: string;
  /** The job runs from here (the start of the send window). */
  startAt: Date;
  sendAt: Date;
}

/** The columns a JobToAdd is read from. */
export interface JobRow {
  id: string;
  dedupe_key: string;
  start_at: Date;
  send_at: Date;
}

export const JOB_COLUMNS = 'id, dedupe_key, start_at, send_at';

export const jobOf = (row: JobRow): JobToAdd => ({
  id: row.id,
  dedupeKey: row.dedupe_key,
  startAt: row.start_at,
  sendAt: row.send_at,
});

const ADD_BATCH = 5_000;
const CHECK_BATCH = 500;

/**
 * The reminder queue from the database's point of view: adds jobs for committed rows (job id = dedupe key, so
 * adding twice is harmless), removes jobs of cancelled rows, and finds rows whose job went missing.
 */
@Injectable()
export class ReminderQueue {
  private readonly logger = new Logger(ReminderQueue.name);

  constructor(
    @InjectQueue(QUEUE.reminders) readonly queue: Queue<ReminderJobData>,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  jobOptions(row: JobToAdd, now = this.clock.now()) {
    const settings = this.config.reminders;
    return {
      jobId: row.dedupeKey,
      delay: Math.max(0, row.startAt.getTime() - now.getTime()),
      attempts: settings.attempts,
      backoff: { type: 'exponential', delay: Math.round(settings.backoffSeconds * 1000) },
      // The row records what happened; a finished job only has to be gone so the id can be reused.
      removeOnComplete: true,
      removeOnFail: { age: 7 * 24 * 3600, count: 10_000 },
    };
  }

  /** Adds one job per row; a job id that already exists is left alone, so adding twice is harmless. */
  async add(rows: readonly JobToAdd[]): Promise<void> {
    for (let i = 0; i < rows.length; i += ADD_BATCH) {
      const now = this.clock.now();
      await this.queue.addBulk(
        rows.slice(i, i + ADD_BATCH).map((row) => ({
          name: REMINDER_JOB_NAME,
          data: { reminderId: row.id },
          opts: this.jobOptions(row, now),
        })),
      );
    }
  }

  /** Adds the jobs of one outbox entry, then deletes the entry (on `manager`'s connection). */
  async addFromOutbox(rows: readonly JobToAdd[], outboxId: string, manager: EntityManager): Promise<void> {
    await this.add(rows);
    await manager.query(`DELETE FROM reminder_outbox WHERE id = $1`, [outboxId]);
  }

  /** Best effort: a job left behind finds its row cancelled and does nothing. */
  async remove(dedupeKeys: readonly string[]): Promise<void> {
    for (let i = 0; i < dedupeKeys.length; i += CHECK_BATCH) {
      await Promise.all(
        dedupeKeys.slice(i, i + CHECK_BATCH).map((key) =>
          this.queue.remove(key).catch((err: unknown) => {
            // An active (locked) job cannot be removed; it will re-read its row.
            this.logger.debug(`could not remove job ${key}: ${describeError(err)}`);
            return 0;
          }),
        ),
      );
    }
  }

  /**
   * For rows that should have a pending job: which have none (missing, or already finished, e.g. failed after
   * a database outage while the row stayed scheduled). Finished jobs are removed so the id can be added again.
   */
  async findMissing(rows: readonly JobToAdd[]): Promise<JobToAdd[]> {
    const missing: JobToAdd[] = [];
    for (let i = 0; i < rows.length; i += CHECK_BATCH) {
      const batch = rows.slice(i, i + CHECK_BATCH);
      const states = await Promise.all(batch.map((row) => this.queue.getJobState(row.dedupeKey)));
      const finished: string[] = [];
      batch.forEach((row, index) => {
        const state = states[index];
        if (state === 'unknown') missing.push(row);
        else if (state === 'completed' || state === 'failed') {
          finished.push(row.dedupeKey);
          missing.push(row);
        }
      });
      if (finished.length) await this.remove(finished);
    }
    return missing;
  }
}
