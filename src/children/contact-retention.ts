import { Inject, Injectable, Logger } from '@nestjs/common';
import { Cron } from '@nestjs/schedule';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { Clock } from '../clock/clock';
import { AdvisoryLock } from '../database/advisory-lock';

/**
 * Closed cases lose contact data after the retention period: when every case of a child has been closed for
 * longer than CONTACT_RETENTION_DAYS, the child's and sponsor's phone, e-mail and street addresses (current
 * and past) are erased. Names, dates and the legal record stay.
 */
@Injectable()
export class ContactRetention {
  private readonly logger = new Logger(ContactRetention.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly lock: AdvisoryLock,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Cron('17 3 * * *', { name: 'contact-retention' })
  async nightly(): Promise<void> {
    const outcome = await this.lock.runExclusive('contact-retention', () => this.purgeExpired());
    if (outcome.ran && outcome.result.length)
      this.logger.log(`purged contact data of ${outcome.result.length} children`);
  }

  /** Purges what is due now; returns the ids of the children purged. */
  async purgeExpired(): Promise<string[]> {
    const cutoff = new Date(this.clock.now().getTime() - this.config.retention.contactDays * 86_400_000);
    return this.dataSource.transaction(async (manager) => {
      const due = (await manager.query(
        `SELECT c.id FROM children c
         WHERE c.contact_purged_at IS NULL
           AND EXISTS (SELECT 1 FROM cases k WHERE k.child_id = c.id)
           AND NOT EXISTS (SELECT 1 FROM cases k WHERE k.child_id = c.id AND (k.status <> 'closed' OR k.closed_at > $1))
         FOR UPDATE OF c SKIP LOCKED`,
        [cutoff],
      )) as { id: string }[];
      const ids = due.map((r) => r.id);
      if (ids.length === 0) return ids;
      await manager.query(
        `UPDATE children SET phone_enc = NULL, email_enc = NULL, street_enc = NULL, reminder_channels = '{}',
                contact_purged_at = $2, updated_at = now() WHERE id = ANY($1::uuid[])`,
        [ids, this.clock.now()],
      );
      await manager.query(
        `UPDATE sponsors SET phone_enc = NULL, email_enc = NULL, street_enc = NULL, reminder_channels = '{}', updated_at = now() WHERE child_id = ANY($1::uuid[])`,
        [ids],
      );
      await manager.query(`UPDATE child_addresses SET street_enc = NULL WHERE child_id = ANY($1::uuid[])`, [
        ids,
      ]);
      await this.audit.recordMany(
        ids.map((id) => ({
          action: 'child.contact_purged',
          entityType: 'child',
          entityId: id,
          details: { retentionDays: this.config.retention.contactDays },
        })),
        manager,
      );
      return ids;
    });
  }
}
