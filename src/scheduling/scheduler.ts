import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { Counter, Histogram } from 'prom-client';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { AdvisoryLock } from '../database/advisory-lock';
import { MetricsService } from '../metrics/metrics.service';
import { Cadence, ScheduledTask, TickOutcome, serialGate } from './scheduled-task';
import { nextCronTime, parseCron } from './cron';

/**
 * The one way to run something on a schedule: a named task with a cadence (an interval from configuration,
 * or a cron expression), under a PostgreSQL advisory lock of its name so that one process runs each tick,
 * never overlapping itself. Within a process, ticks of different tasks run one after another. Tasks start when the application has started, only in processes whose role runs
 * workers, and stop (waiting for a tick in progress) before shutdown. Each tick's outcome is counted
 * (`amparo_scheduled_task_runs_total`, `amparo_scheduled_task_duration_seconds`); a failure is logged, never
 * thrown, and the next tick runs as planned.
 */
@Injectable()
export class Scheduler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(Scheduler.name);
  private readonly tasks: { task: ScheduledTask<unknown>; cadence: Cadence }[] = [];
  private readonly runs: Counter<'task' | 'outcome'>;
  private readonly duration: Histogram<'task'>;
  private started = false;
  /** One tick at a time in this process (see Gate): a lock per running tick could exhaust the pool. */
  private readonly gate = serialGate();

  constructor(
    private readonly lock: AdvisoryLock,
    metrics: MetricsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.runs = metrics.counter('amparo_scheduled_task_runs_total', 'Ticks of scheduled tasks by outcome', [
      'task',
      'outcome',
    ]);
    this.duration = metrics.histogram(
      'amparo_scheduled_task_duration_seconds',
      'Duration of scheduled task runs',
      ['task'],
      [0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60, 300, 900],
    );
  }

  /**
   * Registers a task; it starts with the application (or at once, when added later). `logger` names the owner
   * in the failure line. The returned task's `tick()` runs it once now, under the same rules.
   */
  add<R>(
    name: string,
    cadence: Cadence,
    run: () => Promise<R>,
    logger: Logger = this.logger,
  ): ScheduledTask<R> {
    if (this.tasks.some((t) => t.task.name === name)) throw new Error(`scheduled task '${name}' added twice`);
    if ('cron' in cadence)
      nextCronTime(parseCron(cadence.cron), new Date()); // a bad expression fails at start-up
    else if (!(cadence.everyMs > 0)) throw new Error(`scheduled task '${name}': interval must be positive`);
    const task = new ScheduledTask(
      this.lock,
      name,
      run,
      logger,
      (n, outcome, seconds) => this.record(n, outcome, seconds),
      this.gate,
    );
    this.tasks.push({ task, cadence });
    if (this.started) task.start(cadence);
    return task;
  }

  onApplicationBootstrap(): void {
    // Defence in depth: the task owners live in the worker module, but a task must never run in an api process.
    if (this.config.role === 'api') return;
    this.started = true;
    for (const { task, cadence } of this.tasks) task.start(cadence);
    if (this.tasks.length)
      this.logger.log(
        `scheduled: ${this.tasks.map(({ task, cadence }) => `${task.name} (${describeCadence(cadence)})`).join(', ')}`,
      );
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.started = false;
    await Promise.all(this.tasks.map(({ task }) => task.stop()));
  }

  private record(task: string, outcome: TickOutcome, seconds: number): void {
    this.runs.inc({ task, outcome });
    if (outcome === 'ran' || outcome === 'failed') this.duration.observe({ task }, seconds);
  }
}

function describeCadence(cadence: Cadence): string {
  return 'cron' in cadence ? `cron ${cadence.cron}` : `every ${cadence.everyMs / 1000}s`;
}
