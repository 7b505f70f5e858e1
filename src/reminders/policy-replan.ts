import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Job, Queue } from 'bullmq';
import { DataSource, EntityManager } from 'typeorm';
import { notFound } from '../common/app-error';
import { QUEUE } from '../queue/queue-names';
import { SystemJobs } from '../queue/system-jobs';
import { AfterCommit } from '../database/after-commit';
import { PlanOutcome, ReminderPlanner } from './reminder-planner.service';
import { rowsOf } from '../database/sql';

/*
 * Re-planning every upcoming hearing and open deadline after a policy change runs as a job on the `system` queue
 * (both backends), not inside the PUT request (it once took 57 s there). One `reminder_policy_replans` row per
 * saved policy carries status and progress; a newer save supersedes a queued or running replan, which notices
 * between batches and stops (each batch is its own transaction and always plans with the policy in force, so
 * stopping half-way leaves nothing inconsistent: the newer replan goes over everything again).
 */

export const REPLAN_JOB = 'reminder-policy-replan';
const ATTEMPTS = 5;

export type ReplanStatus = 'queued' | 'running' | 'done' | 'superseded' | 'failed';

export interface ReplanView {
  id: string;
  status: ReplanStatus;
  /** Hearings and deadlines to re-plan (known once the job starts). */
  total: number | null;
  processed: number;
  outcome: PlanOutcome | null;
  error: string | null;
  requestedBy: string | null;
  requestedAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
}

interface ReplanRow {
  id: string;
  status: ReplanStatus;
  total: number | null;
  processed: number;
  outcome: PlanOutcome | null;
  error: string | null;
  requested_by: string | null;
  requested_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
}

interface ReplanJobData {
  replanId: string;
}

const toView = (r: ReplanRow): ReplanView => ({
  id: String(r.id),
  status: r.status,
  total: r.total,
  processed: r.processed,
  outcome: r.outcome,
  error: r.error,
  requestedBy: r.requested_by,
  requestedAt: r.requested_at,
  startedAt: r.started_at,
  finishedAt: r.finished_at,
});

const jobIdOf = (replanId: string) => `${REPLAN_JOB}-${replanId}`;

/** Asks for a replan (in the policy's transaction) and reports on it. */
@Injectable()
export class PolicyReplans {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectQueue(QUEUE.system) private readonly queue: Queue,
    private readonly afterCommit: AfterCommit,
  ) {}

  /** Supersedes any queued or running replan and queues a new one once the transaction commits. */
  async request(manager: EntityManager, userId: string | null): Promise<ReplanView> {
    await manager.query(
      `UPDATE reminder_policy_replans SET status = 'superseded', finished_at = now()
       WHERE status IN ('queued', 'running')`,
    );
    const [row] = (await manager.query(
      `INSERT INTO reminder_policy_replans (requested_by) VALUES ($1) RETURNING *`,
      [userId],
    )) as ReplanRow[];
    await this.afterCommit.run(manager, () => this.enqueue(String(row.id)));
    return toView(row);
  }

  async enqueue(replanId: string): Promise<void> {
    await this.queue.add(REPLAN_JOB, { replanId } satisfies ReplanJobData, {
      jobId: jobIdOf(replanId),
      attempts: ATTEMPTS,
      backoff: { type: 'exponential', delay: 2_000 },
    });
  }

  async latest(): Promise<ReplanView> {
    const [row] = (await this.dataSource.query(
      `SELECT * FROM reminder_policy_replans ORDER BY id DESC LIMIT 1`,
    )) as ReplanRow[];
    if (!row)
      throw notFound('replan_not_found', 'No reminder policy has been saved yet, so nothing was re-planned.');
    return toView(row);
  }
}

class Superseded extends Error {}

/** Worker role: runs replan jobs, and on start re-queues any replan a crash left unfinished. */
@Injectable()
export class PolicyReplanWorker implements OnModuleInit, OnApplicationBootstrap {
  private readonly logger = new Logger(PolicyReplanWorker.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly jobs: SystemJobs,
    private readonly replans: PolicyReplans,
    private readonly planner: ReminderPlanner,
  ) {}

  onModuleInit(): void {
    this.jobs.register(REPLAN_JOB, (job: Job) => this.process(job as Job<ReplanJobData>));
  }

  async onApplicationBootstrap(): Promise<void> {
    try {
      const open = (await this.dataSource.query(
        `SELECT id FROM reminder_policy_replans WHERE status IN ('queued', 'running')`,
      )) as { id: string }[];
      // Same job id as the original: a job still in the queue is not added twice.
      for (const { id } of open) await this.replans.enqueue(String(id));
    } catch (err) {
      this.logger.warn(`could not re-queue unfinished reminder replans: ${errorCode(err)}`);
    }
  }

  private async process(job: Job<ReplanJobData>): Promise<ReplanStatus | 'skipped'> {
    const final = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    try {
      return await this.run(job.data.replanId);
    } catch (err) {
      const code = errorCode(err);
      await this.dataSource.query(
        `UPDATE reminder_policy_replans SET error = $2,
                status = CASE WHEN $3::boolean THEN 'failed' ELSE status END,
                finished_at = CASE WHEN $3::boolean THEN now() ELSE finished_at END
         WHERE id = $1 AND status = 'running'`,
        [job.data.replanId, code, final],
      );
      this.logger.warn(`reminder replan ${job.data.replanId} failed (${code})${final ? '' : '; will retry'}`);
      throw err;
    }
  }

  /** Re-plans everything for one replan row, counting progress per batch; stops if superseded. */
  async run(replanId: string): Promise<ReplanStatus | 'skipped'> {
    const started = rowsOf<{ id: string }>(
      await this.dataSource.query(
        `UPDATE reminder_policy_replans
         SET status = 'running', started_at = now(), processed = 0, error = NULL,
             total = (SELECT count(*) FROM hearings WHERE status = 'scheduled' AND starts_at > now())
                   + (SELECT count(*) FROM deadlines WHERE status = 'open')
         WHERE id = $1 AND status IN ('queued', 'running') RETURNING id`,
        [replanId],
      ),
    );
    if (started.length === 0) return 'skipped'; // superseded (or done) before it started
    try {
      const outcome = await this.planner.replanAll(
        (work) => this.dataSource.transaction((manager) => work(manager)),
        async (manager, planned) => {
          const still = rowsOf<{ id: string }>(
            await manager.query(
              `UPDATE reminder_policy_replans SET processed = processed + $2
               WHERE id = $1 AND status = 'running' RETURNING id`,
              [replanId, planned],
            ),
          );
          if (still.length === 0) throw new Superseded(); // rolls this batch back; the newer replan redoes it
        },
      );
      const done = rowsOf<{ id: string }>(
        await this.dataSource.query(
          `UPDATE reminder_policy_replans SET status = 'done', outcome = $2::jsonb, finished_at = now()
           WHERE id = $1 AND status = 'running' RETURNING id`,
          [replanId, JSON.stringify(outcome)],
        ),
      );
      return done.length ? 'done' : 'superseded';
    } catch (err) {
      if (err instanceof Superseded) return 'superseded';
      throw err;
    }
  }
}

/** What went wrong, without values (a failed statement's parameters can hold personal data). */
function errorCode(err: unknown): string {
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string') return code;
  return err instanceof Error ? err.name : 'error';
}
