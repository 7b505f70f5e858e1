import { DataSource } from 'typeorm';
import type { SmtpSink } from '../../support/smtp-sink';

export interface DeliveryCount {
  expected: number;
  delivered: number;
  lost: number;
  duplicated: number;
  /** Rows not 'sent' at the end, by status. */
  notSent: Record<string, number>;
}

/**
 * Compares the reminder rows of the given cases with what the SMTP server received (each message carries its
 * reminder id): lost = a row never received, duplicated = extra copies of a received one.
 */
export async function countDeliveries(
  db: DataSource,
  sink: SmtpSink,
  caseIds: string[],
): Promise<DeliveryCount> {
  const rows = (await db.query(
    `SELECT id, status FROM reminders WHERE case_id = ANY($1::uuid[]) AND status <> 'cancelled'`,
    [caseIds],
  )) as { id: string; status: string }[];
  const received = new Map<string, number>();
  for (const m of sink.messages) {
    const id = m.headers.get('x-amparo-reminder');
    if (id) received.set(id, (received.get(id) ?? 0) + 1);
  }
  let lost = 0;
  let duplicated = 0;
  let delivered = 0;
  const notSent: Record<string, number> = {};
  for (const row of rows) {
    const n = received.get(row.id) ?? 0;
    if (n === 0) lost += 1;
    else delivered += 1;
    duplicated += Math.max(0, n - 1);
    if (row.status !== 'sent') notSent[row.status] = (notSent[row.status] ?? 0) + 1;
  }
  return { expected: rows.length, delivered, lost, duplicated, notSent };
}

export function report(name: string, counts: DeliveryCount, extra = ''): void {
  process.stderr.write(
    `[fault] ${name}: expected ${counts.expected}, delivered ${counts.delivered}, lost ${counts.lost}, ` +
      `duplicated ${counts.duplicated}${Object.keys(counts.notSent).length ? `, not sent ${JSON.stringify(counts.notSent)}` : ''}` +
      `${extra ? `; ${extra}` : ''}\n`,
  );
}

export async function allFinal(db: DataSource, caseIds: string[]): Promise<boolean> {
  const [{ n }] = (await db.query(
    `SELECT count(*)::int AS n FROM reminders WHERE case_id = ANY($1::uuid[]) AND status = 'scheduled'`,
    [caseIds],
  )) as { n: number }[];
  return n === 0;
}
