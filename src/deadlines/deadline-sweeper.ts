import { Injectable, Logger } from '@nestjs/common';
import { Scheduler } from '../scheduling/scheduler';
import { ScheduledTask } from '../scheduling/scheduled-task';
import { DeadlinesService } from './deadlines.service';

/**
 * Worker role: every 15 minutes, open deadlines whose due date has passed at their court become `missed`.
 * Court zones run from UTC-10 to UTC+10 with whole-hour offsets, so a quarter-hour tick marks a deadline
 * within 15 minutes of midnight at its court. One process per tick (advisory lock).
 */
@Injectable()
export class DeadlineSweeper {
  private readonly logger = new Logger(DeadlineSweeper.name);
  private readonly schedule: ScheduledTask<string[]>;

  constructor(
    private readonly deadlines: DeadlinesService,
    scheduler: Scheduler,
  ) {
    this.schedule = scheduler.add(
      'deadlines-missed',
      { cron: '*/15 * * * *' },
      async () => {
        const marked = await this.deadlines.markMissed();
        if (marked.length) this.logger.log(`marked ${marked.length} deadlines missed`);
        return marked;
      },
      this.logger,
    );
  }

  /** One tick now: the deadlines marked missed ([] when skipped or failed). */
  async tick(): Promise<string[]> {
    return (await this.schedule.tick()) ?? [];
  }
}
