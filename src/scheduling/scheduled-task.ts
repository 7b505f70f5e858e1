import { Logger } from '@nestjs/common';
import { AdvisoryLock } from '../database/advisory-lock';
import { describeError } from '../common/error-log';
import { CronSchedule, nextCronTime, parseCron } from './cron';

/** How often a task runs: every `everyMs` from start, or at the minutes a cron expression names. */
export type Cadence = { everyMs: number } | { cron: string };

/** What one tick came to: ran, busy (still running here), locked (another process runs it) or failed. */
export type TickOutcome = 'ran' | 'busy' | 'locked' | 'failed';

export interface TickObserver {
  (name: string, outcome: TickOutcome, seconds: number): void;
}

/**
 * Runs one piece of work after the ones already given to it. The scheduler runs its tasks' ticks through one,
 * so a process holds at most one advisory-lock connection at a time: each lock keeps a pooled connection for
 * the whole run while the task needs others, and several at once could take the whole pool and wait forever.
 */
export type Gate = <T>(work: () => Promise<T>) => Promise<T>;

/** A gate that runs work one piece at a time, in the order given; a failure does not stop the next piece. */
export function serialGate(): Gate {
  let last: Promise<unknown> = Promise.resolve();
  return <T>(work: () => Promise<T>): Promise<T> => {
    const run = last.then(() => work());
    last = run.catch(() => undefined);
    return run;
  };
}

/** Node's timers hold at most 2^31-1 ms (about 24.8 days); a longer wait is taken in steps. */
const MAX_TIMER_MS = 2_147_483_647;

/**
 * A task run on a cadence in worker processes, at most once at a time: never overlapping itself in this
 * process, and in one process per tick across all of them (PostgreSQL advisory lock `name`). A failing tick is
 * logged and the next one tries again; stop() waits for a tick in progress.
 */
export class ScheduledTask<R> {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<R | undefined> | undefined;
  private stopped = true;

  constructor(
    private readonly lock: AdvisoryLock,
    readonly name: string,
    private readonly task: () => Promise<R>,
    private readonly logger: Logger,
    private readonly observe: TickObserver = () => undefined,
    private readonly gate: Gate = (work) => work(),
  ) {}

  start(cadence: Cadence): void {
    if (!this.stopped) return;
    this.stopped = false;
    if ('everyMs' in cadence) {
      this.timer = setInterval(() => void this.tick(), cadence.everyMs);
      this.timer.unref();
    } else {
      this.scheduleNext(parseCron(cadence.cron));
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** One tick; undefined when skipped (still running here, or another process holds the lock) or failed. */
  tick(): Promise<R | undefined> {
    if (this.running) {
      this.observe(this.name, 'busy', 0);
      return Promise.resolve(undefined);
    }
    const started = performance.now();
    const seconds = () => (performance.now() - started) / 1000;
    const run = this.gate(() => this.lock.runExclusive(this.name, this.task))
      .then(
        (outcome) => {
          this.observe(this.name, outcome.ran ? 'ran' : 'locked', seconds());
          return outcome.ran ? outcome.result : undefined;
        },
        (err: unknown) => {
          this.observe(this.name, 'failed', seconds());
          this.logger.warn(`${this.name} failed this tick: ${describeError(err)}`);
          return undefined;
        },
      )
      .finally(() => {
        this.running = undefined;
      });
    this.running = run;
    return run;
  }

  private scheduleNext(schedule: CronSchedule): void {
    const at = nextCronTime(schedule, new Date()).getTime();
    const wait = (): void => {
      if (this.stopped) return;
      const left = at - Date.now();
      if (left > 0) {
        this.timer = setTimeout(wait, Math.min(left, MAX_TIMER_MS));
        this.timer.unref();
        return;
      }
      void this.tick();
      this.scheduleNext(schedule);
    };
    wait();
  }
}
