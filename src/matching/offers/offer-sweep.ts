import { Inject, Injectable, Logger } from '@nestjs/common';
import { Clock } from '../../clock/clock';
import { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { Scheduler } from '../../scheduling/scheduler';
import { ScheduledTask } from '../../scheduling/scheduled-task';
import { OffersService } from './offers.service';
import { describeError } from '../../common/error-log';

export interface SweepResult {
  expired: number;
  mailed: number;
}

/**
 * Worker role, every OFFER_SWEEP_INTERVAL (one process per tick, advisory lock): the safety net behind the
 * delayed expiry jobs and the mail jobs. Expires pending offers past their deadline (then rotates, like the job)
 * and sends e-mails that were never sent (a lost queue, a failed send), from the offer rows.
 */
@Injectable()
export class OfferSweep {
  private readonly logger = new Logger(OfferSweep.name);
  private readonly schedule: ScheduledTask<SweepResult>;

  constructor(
    private readonly offers: OffersService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) config: AppConfig,
    scheduler: Scheduler,
  ) {
    this.schedule = scheduler.add(
      'offers-sweep',
      { everyMs: config.matching.offerSweepSeconds * 1000 },
      async () => {
        const result = await this.sweep();
        if (result.expired || result.mailed) {
          this.logger.log(`expired ${result.expired} offers, sent ${result.mailed} late e-mails`);
        }
        return result;
      },
      this.logger,
    );
  }

  /** One tick now (nothing counted when skipped or failed). */
  async tick(): Promise<SweepResult> {
    return (await this.schedule.tick()) ?? { expired: 0, mailed: 0 };
  }

  async sweep(): Promise<SweepResult> {
    let expired = 0;
    for (const id of await this.offers.dueOfferIds()) {
      if ((await this.offers.expire(id)) === 'expired') expired++;
    }
    let mailed = 0;
    // Leave a minute to the jobs added after commit before the sweep sends for them.
    const olderThan = new Date(this.clock.now().getTime() - 60_000);
    for (const { id, mail } of await this.offers.unsentMail(olderThan)) {
      try {
        const sent =
          mail === 'answer'
            ? await this.offers.mailCoordinators(id)
            : await this.offers.mailAttorney(id, mail);
        if (sent) mailed++;
      } catch (err) {
        this.logger.warn(`offer ${id}: ${mail} e-mail failed again: ${describeError(err)}`);
      }
    }
    return { expired, mailed };
  }
}
