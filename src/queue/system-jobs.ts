import { Injectable } from '@nestjs/common';
import { Job } from 'bullmq';

export type SystemJobHandler = (job: Job) => Promise<unknown>;

/**
 * Occasional maintenance jobs on the `system` queue, by job name (e.g. re-planning reminders after a policy
 * change). Domain modules of the worker role register their handler; the system processor dispatches to it.
 */
@Injectable()
export class SystemJobs {
  private readonly handlers = new Map<string, SystemJobHandler>();

  register(name: string, handler: SystemJobHandler): void {
    this.handlers.set(name, handler);
  }

  handlerFor(name: string): SystemJobHandler | undefined {
    return this.handlers.get(name);
  }
}
