import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { Clock } from '../clock/clock';
import { Scheduler } from '../scheduling/scheduler';
import { ScheduledTask } from '../scheduling/scheduled-task';

/**
 * Closed cases lose contact data after the retention period: when every case of a child has been closed for
 * longer than CONTACT_RETENTION_DAYS, the child's and sponsor's phone, e-mail and street addresses (current
 * and past) are erased. Names, dates and the legal record stay. Nightly at 03:17 (process time), in one
 * worker process.
 */
@Injectable()
export class ContactRetention {
  private readonly logger = new Logger(ContactRetention.name);
  private readonly schedule: ScheduledTask<string[]>;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    scheduler: Scheduler,
  ) {
    this.schedule = scheduler.add(
      'contact-retention',
      { cron: '17 3 * * *' },
      async () => {
        const purged = await this.purgeExpired();
        if (purged.length) this.logger.log(`purged contact data of ${purged.length} children`);
        return purged;
      },
      this.logger,
    );
  }

  /** One run now (skipped if one is running or another process holds the lock); the children purged. */
  async nightly(): Promise<string[]> {
    return (await this.schedule.tick()) ?? [];
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
