import { Processor, WorkerHost } from '@nestjs/bullmq';
import { DelayedError, Job } from 'bullmq';
import { QUEUE } from '../../queue/queue-names';
import { OFFER_JOB, OfferJobData, OfferJobName } from './offer-jobs';
import { OffersService } from './offers.service';
import { scrubForQueue } from '../../common/error-log';

/**
 * Offer jobs (worker role): expiry at the offer's deadline (re-delayed when it fires early, e.g. after the
 * deadline moved) and the e-mails. Each job re-reads the offer row and does nothing when there is nothing to do.
 */
@Processor(QUEUE.offers)
export class OffersProcessor extends WorkerHost {
  constructor(private readonly offers: OffersService) {
    super();
  }

  async process(job: Job<OfferJobData, unknown, OfferJobName>, token?: string): Promise<string> {
    // What a failed job leaves in the queue is what a log line may say.
    return this.run(job, token).catch((err: unknown) => Promise.reject(scrubForQueue(err)));
  }

  private async run(job: Job<OfferJobData, unknown, OfferJobName>, token?: string): Promise<string> {
    const { offerId } = job.data;
    switch (job.name) {
      case OFFER_JOB.expire: {
        const outcome = await this.offers.expire(offerId);
        if (outcome === 'not_due') {
          const at = await this.offers.pendingExpiry(offerId);
          if (at) {
            await job.moveToDelayed(at.getTime(), token);
            throw new DelayedError();
          }
        }
        return outcome;
      }
      case OFFER_JOB.mailAttorney:
        return (await this.offers.mailAttorney(offerId, job.data.kind ?? 'new')) ? 'sent' : 'nothing to send';
      case OFFER_JOB.mailCoordinators:
        return (await this.offers.mailCoordinators(offerId)) ? 'sent' : 'nothing to send';
      default:
        throw new Error(`unknown offer job ${String(job.name)}`);
    }
  }
}
