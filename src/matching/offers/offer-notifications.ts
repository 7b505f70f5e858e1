import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from '../../clock/clock';
import { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { rowsOf } from '../../database/sql';
import { MailService } from '../../mail/mail.service';
import { AttorneyMailKind } from './offer-jobs';
import { attorneyMail, coordinatorMail } from './offer-mail';
import { OfferReads } from './offer-reads';
import { OfferRow } from './offer-row';
import { RankingContexts } from './ranking-context';

/**
 * The offer e-mails (worker): the attorney hears of a new or withdrawn offer, the organization's coordinators of
 * an answer. Each is claimed on its row first, so the job's retries and the sweep never send one twice.
 */
@Injectable()
export class OfferNotifications {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly reads: OfferReads,
    private readonly rankingContexts: RankingContexts,
    private readonly mail: MailService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Sends the attorney's e-mail for an offer once: the row's notified column is claimed first and released if
   * sending fails, so the job's retries and the sweep do not send it twice.
   */
  async mailAttorney(offerId: string, about: AttorneyMailKind): Promise<boolean> {
    const column = about === 'new' ? 'attorney_notified_at' : 'withdrawal_notified_at';
    const status = about === 'new' ? 'pending' : 'withdrawn';
    return this.claimAndSend(offerId, column, `status = '${status}'`, async (row) => {
      const [view] = await this.reads.views([row], true);
      const [to] = await this.query<{ email: string }>(`SELECT email FROM users WHERE id = $1`, [
        row.attorneyUserId,
      ]);
      const text = attorneyMail(
        view,
        about,
        this.config.http.publicBaseUrl,
        (await this.rankingContexts.at(this.clock.now())).languageNames,
      );
      await this.mail.send({ to: to.email, ...text });
    });
  }

  /** Sends the answer (accepted, declined, expired) to every active coordinator of the offer's organization. */
  async mailCoordinators(offerId: string): Promise<boolean> {
    return this.claimAndSend(
      offerId,
      'answer_notified_at',
      `status IN ('accepted', 'declined', 'expired')`,
      async (row) => {
        const [view] = await this.reads.views([row], false);
        const coordinators = await this.query<{ email: string }>(
          `SELECT email FROM users WHERE role = 'coordinator' AND organization_id = $1 AND disabled_at IS NULL ORDER BY email`,
          [row.organizationId],
        );
        const text = coordinatorMail(view, this.config.http.publicBaseUrl);
        for (const c of coordinators) await this.mail.send({ to: c.email, ...text });
      },
    );
  }

  /** Offers whose e-mail is due but was never sent (queue lost, send failed): for the sweep. */
  async unsentMail(
    olderThan: Date,
    limit = 100,
  ): Promise<{ id: string; mail: 'new' | 'withdrawn' | 'answer' }[]> {
    return this.query(
      `(SELECT id, 'new' AS mail FROM offers
        WHERE status = 'pending' AND attorney_notified_at IS NULL AND created_at < $1 LIMIT $2)
       UNION ALL
       (SELECT id, 'withdrawn' FROM offers
        WHERE status = 'withdrawn' AND withdrawal_notified_at IS NULL AND ended_at < $1 LIMIT $2)
       UNION ALL
       (SELECT id, 'answer' FROM offers
        WHERE status IN ('accepted', 'declined', 'expired') AND answer_notified_at IS NULL AND ended_at < $1 LIMIT $2)`,
      [olderThan, limit],
    );
  }

  private async claimAndSend(
    offerId: string,
    column: 'attorney_notified_at' | 'withdrawal_notified_at' | 'answer_notified_at',
    condition: string,
    send: (row: OfferRow) => Promise<void>,
  ): Promise<boolean> {
    const claimed = await this.query<{ id: string }>(
      `UPDATE offers SET ${column} = now() WHERE id = $1 AND ${column} IS NULL AND ${condition} RETURNING id`,
      [offerId],
    );
    if (claimed.length === 0) return false;
    try {
      const row = await this.reads.load(offerId);
      if (row) await send(row);
      return true;
    } catch (err) {
      await this.dataSource.query(`UPDATE offers SET ${column} = NULL WHERE id = $1`, [offerId]);
      throw err;
    }
  }

  private async query<T>(sql: string, params: readonly unknown[]): Promise<T[]> {
    return rowsOf<T>(await this.dataSource.query(sql, [...params]));
  }
}
