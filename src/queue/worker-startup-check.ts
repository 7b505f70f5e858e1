import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { QUEUE } from './queue-names';

const PROCESSOR_METADATA = 'bullmq:processor_metadata';
const CONSUMER_METADATA = 'amparo:consumes_queue';

/**
 * Marks a provider that builds its own BullMQ Worker for a queue (instead of `@Processor`, e.g. to take its
 * options from configuration), so that the start-up check counts the queue as handled.
 */
export function ConsumesQueue(queueName: string): ClassDecorator {
  return (target) => Reflect.defineMetadata(CONSUMER_METADATA, queueName, target);
}

/** A job added to a queue nobody processes would wait forever: refuse to start a worker like that. */
@Injectable()
export class WorkerStartupCheck implements OnApplicationBootstrap {
  constructor(private readonly discovery: DiscoveryService) {}

  onApplicationBootstrap(): void {
    const handled = new Set<string>();
    for (const wrapper of this.discovery.getProviders()) {
      const type = wrapper.metatype as (new (...args: unknown[]) => unknown) | undefined;
      if (!type) continue;
      const meta = Reflect.getMetadata(PROCESSOR_METADATA, type) as { name?: string } | undefined;
      if (meta?.name) handled.add(meta.name);
      const consumed = Reflect.getMetadata(CONSUMER_METADATA, type) as string | undefined;
      if (consumed) handled.add(consumed);
    }
    const missing = Object.values(QUEUE).filter((name) => !handled.has(name));
    if (missing.length > 0)
      throw new Error(`no job processor registered for queue(s): ${missing.join(', ')}`);
  }
}
