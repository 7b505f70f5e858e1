import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import { JobsOptions, Queue } from 'bullmq';
import { Clock } from '../../clock/clock';
import { QUEUE } from '../../queue/queue-names';
import { describeError } from '../../common/error-log';

export const OFFER_JOB = {
  expire: 'expire',
  mailAttorney: 'mail-attorney',
  mailCoordinators: 'mail-coordinators',
} as const;
export type OfferJobName = (typeof OFFER_JOB)[keyof typeof OFFER_JOB];

export type AttorneyMailKind = 'new' | 'withdrawn';

/** What an offer job carries: the offer id (the row is the truth) and, for attorney mail, which one. */
export interface OfferJobData {
  offerId: string;
  kind?: AttorneyMailKind;
}

/** Work to do once an offer's transaction has committed. */
export type OfferEffect =
  | { kind: 'expire-at'; offerId: string; at: Date }
  | { kind: 'cancel-expiry'; offerId: string }
  | { kind: 'mail-attorney'; offerId: string; about: AttorneyMailKind }
  | { kind: 'mail-coordinators'; offerId: string };

/** Deterministic job ids: adding a job twice is harmless, and the expiry job of an offer can be found again. */
export function expiryJobId(offerId: string): string {
  return `offer-expire-${offerId}`;
}

/**
 * The offers queue from the services' side. Jobs are added only after the transaction that wrote the offer
 * committed; a failure here is logged, never turned into an error for a committed change: the scheduled
 * sweep expires overdue offers and sends unsent e-mails from the rows.
 */
@Injectable()
export class OfferJobs {
  private readonly logger = new Logger(OfferJobs.name);

  constructor(
    @InjectQueue(QUEUE.offers) private readonly queue: Queue<OfferJobData, unknown, OfferJobName>,
    private readonly clock: Clock,
  ) {}

  async apply(effects: readonly OfferEffect[]): Promise<void> {
    for (const effect of effects) {
      try {
        await this.applyOne(effect);
      } catch (err) {
        this.logger.warn(
          `offer ${effect.offerId}: ${effect.kind} not queued (the sweep will catch up): ${describeError(err)}`,
        );
      }
    }
  }

  private async applyOne(effect: OfferEffect): Promise<void> {
    const retry: JobsOptions = { attempts: 5, backoff: { type: 'exponential', delay: 5_000 } };
    switch (effect.kind) {
      case 'expire-at':
        await this.queue.add(
          OFFER_JOB.expire,
          { offerId: effect.offerId },
          {
            ...retry,
            jobId: expiryJobId(effect.offerId),
            delay: Math.max(0, effect.at.getTime() - this.clock.now().getTime()),
            removeOnComplete: true,
          },
        );
        return;
      case 'cancel-expiry':
        // Best effort: a job left behind finds the offer answered and does nothing.
        await this.queue.remove(expiryJobId(effect.offerId));
        return;
      case 'mail-attorney':
        await this.queue.add(
          OFFER_JOB.mailAttorney,
          { offerId: effect.offerId, kind: effect.about },
          { ...retry, jobId: `offer-mail-${effect.about}-${effect.offerId}` },
        );
        return;
      case 'mail-coordinators':
        await this.queue.add(
          OFFER_JOB.mailCoordinators,
          { offerId: effect.offerId },
          { ...retry, jobId: `offer-answer-${effect.offerId}` },
        );
        return;
    }
  }
}
