import { Injectable, Logger } from '@nestjs/common';
import { Cron } from '@nestjs/schedule';
import { AdvisoryLock } from '../database/advisory-lock';
import { DeadlinesService } from './deadlines.service';

/**
 * Worker role: every 15 minutes, open deadlines whose due date has passed at their court become `missed`.
 * Court zones run from UTC-10 to UTC+10 with whole-hour offsets, so a quarter-hour tick marks a deadline
 * within 15 minutes of midnight at its court. One process per tick (advisory lock).
 */
@Injectable()
export class DeadlineSweeper {
  private readonly logger = new Logger(DeadlineSweeper.name);

  constructor(
    private readonly deadlines: DeadlinesService,
    private readonly lock: AdvisoryLock,
  ) {}

  @Cron('*/15 * * * *', { name: 'deadlines-missed' })
  async tick(): Promise<string[]> {
    const outcome = await this.lock.runExclusive('deadlines-missed', () => this.deadlines.markMissed());
    if (!outcome.ran) return [];
    if (outcome.result.length) this.logger.log(`marked ${outcome.result.length} deadlines missed`);
    return outcome.result;
  }
}
