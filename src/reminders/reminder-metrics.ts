import { Injectable } from '@nestjs/common';
import { Counter, Histogram } from 'prom-client';
import { MetricsService } from '../metrics/metrics.service';

/** Prometheus series of the reminder pipeline (GET /metrics). */
@Injectable()
export class ReminderMetrics {
  readonly sent: Counter<'channel' | 'role'>;
  readonly failed: Counter<'channel' | 'role' | 'permanent'>;
  readonly retried: Counter<'channel'>;
  readonly skipped: Counter<'reason'>;
  readonly requeued: Counter<'source'>;
  /** Seconds from the planned send time to the provider accepting the message. */
  readonly lateness: Histogram<'channel'>;

  constructor(metrics: MetricsService) {
    this.sent = metrics.counter('amparo_reminders_sent_total', 'Reminders accepted by the provider', [
      'channel',
      'role',
    ]);
    this.failed = metrics.counter('amparo_reminders_failed_total', 'Reminders given up on', [
      'channel',
      'role',
      'permanent',
    ]);
    this.retried = metrics.counter('amparo_reminders_retried_total', 'Send attempts that will be retried', [
      'channel',
    ]);
    this.skipped = metrics.counter('amparo_reminders_skipped_total', 'Reminders not sent, by reason', [
      'reason',
    ]);
    this.requeued = metrics.counter(
      'amparo_reminders_requeued_total',
      'Jobs (re-)added by the outbox sweep or the reconciler',
      ['source'],
    );
    this.lateness = metrics.histogram(
      'amparo_reminder_lateness_seconds',
      'Sent at minus planned send time',
      ['channel'],
      [0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300, 900, 3600, 21600],
    );
  }
}
