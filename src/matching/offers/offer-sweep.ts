import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { Clock } from '../../clock/clock';
import { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { AdvisoryLock } from '../../database/advisory-lock';
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
export class OfferSweep implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OfferSweep.name);
  private static readonly NAME = 'offers-sweep';

  constructor(
    private readonly offers: OffersService,
    private readonly lock: AdvisoryLock,
    private readonly clock: Clock,
    private readonly scheduler: SchedulerRegistry,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    const every = this.config.matching.offerSweepSeconds * 1000;
    this.scheduler.addInterval(
      OfferSweep.NAME,
      setInterval(() => void this.tick(), every),
    );
  }

  onApplicationShutdown(): void {
    if (this.scheduler.doesExist('interval', OfferSweep.NAME)) this.scheduler.deleteInterval(OfferSweep.NAME);
  }

  async tick(): Promise<SweepResult> {
    try {
      const outcome = await this.lock.runExclusive(OfferSweep.NAME, () => this.sweep());
      if (!outcome.ran) return { expired: 0, mailed: 0 };
      if (outcome.result.expired || outcome.result.mailed) {
        this.logger.log(
          `expired ${outcome.result.expired} offers, sent ${outcome.result.mailed} late e-mails`,
        );
      }
      return outcome.result;
    } catch (err) {
      this.logger.warn(`offer sweep failed: ${describeError(err)}`);
      return { expired: 0, mailed: 0 };
    }
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
