import { Logger } from '@nestjs/common';
import { AdvisoryLock } from './advisory-lock';
import { describeError } from '../common/error-log';

/**
 * A task run every few seconds in worker processes, at most once at a time: never overlapping itself in this
 * process, and in one process per tick across all of them (advisory lock `name`). A failing tick is logged and
 * the next one tries again; stop() waits for a tick in progress.
 */
export class ExclusiveInterval<R> {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<R | undefined> | undefined;

  constructor(
    private readonly lock: AdvisoryLock,
    private readonly name: string,
    private readonly task: () => Promise<R>,
    private readonly logger: Logger,
  ) {}

  start(everyMs: number): void {
    this.timer = setInterval(() => void this.tick(), everyMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** One tick; undefined when skipped (still running here, or another process holds the lock) or failed. */
  tick(): Promise<R | undefined> {
    if (this.running) return Promise.resolve(undefined);
    const run = this.lock
      .runExclusive(this.name, this.task)
      .then(
        (outcome) => (outcome.ran ? outcome.result : undefined),
        (err: unknown) => {
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
}
