import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { Queue } from 'bullmq';
import { QUEUE_CONNECTION } from '../queue/queue.module';
import { QueueConnection } from '../queue/queue-connection';
import { QUEUE } from '../queue/queue-names';

@Injectable()
export class QueueHealthIndicator {
  constructor(
    @InjectQueue(QUEUE.system) private readonly queue: Queue,
    @Inject(QUEUE_CONNECTION) private readonly connection: QueueConnection,
    private readonly indicator: HealthIndicatorService,
  ) {}

  async check(key: string, timeoutMs = 2000): Promise<HealthIndicatorResult> {
    const session = this.indicator.check(key);
    const started = Date.now();
    try {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      });
      await Promise.race([this.queue.getJobCounts('waiting'), timeout]).finally(() => clearTimeout(timer));
      return session.up({ backend: this.connection.kind, ms: Date.now() - started });
    } catch (err) {
      return session.down({ backend: this.connection.kind, message: (err as Error).message });
    }
  }
}
