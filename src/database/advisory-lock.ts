import { Injectable, Logger } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';

/** Stable 64-bit lock id for a task name (first 8 bytes of its SHA-256, as a signed bigint). */
export function lockIdFor(name: string): string {
  return createHash('sha256').update(name).digest().readBigInt64BE(0).toString();
}

/**
 * Runs a scheduled task at most once at a time across every worker process sharing the database:
 * the process that gets the transaction-scoped advisory lock runs it, the others skip this tick.
 */
@Injectable()
export class AdvisoryLock {
  private readonly logger = new Logger(AdvisoryLock.name);

  constructor(private readonly dataSource: DataSource) {}

  async runExclusive<T>(
    name: string,
    task: () => Promise<T>,
  ): Promise<{ ran: true; result: T } | { ran: false }> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      const [{ locked }] = (await runner.query('SELECT pg_try_advisory_lock($1::bigint) AS locked', [
        lockIdFor(name),
      ])) as [{ locked: boolean }];
      if (!locked) {
        this.logger.debug(`${name}: another process holds the lock, skipping this tick`);
        return { ran: false };
      }
      try {
        return { ran: true, result: await task() };
      } finally {
        await runner.query('SELECT pg_advisory_unlock($1::bigint)', [lockIdFor(name)]);
      }
    } finally {
      await runner.release();
    }
  }
}
