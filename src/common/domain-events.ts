import { Global, Injectable, Module } from '@nestjs/common';
import { EntityManager } from 'typeorm';

/** Changes other domains react to, e.g. deadlines recompute when a child moves or a hearing is rescheduled. */
export interface DomainEventMap {
  'child.changed': { childId: string; fields: string[]; moved: boolean };
  /** A case was opened (fields: ['opened']) or changed (the names of the fields). */
  'case.changed': { caseId: string; fields: string[] };
  /** A hearing was created, rescheduled, edited, cancelled or got an outcome (version already bumped). */
  'hearing.changed': {
    hearingId: string;
    caseId: string;
    change: 'created' | 'rescheduled' | 'updated' | 'cancelled' | 'outcome';
  };
  /** A case's deadline rows were inserted, moved, closed or superseded. */
  'deadlines.changed': { caseId: string; deadlineIds: string[] };
  /** The sweep marked these open deadlines missed (they may belong to many cases). */
  'deadlines.missed': { deadlineIds: string[] };
}
export type DomainEventName = keyof DomainEventMap;

/** Something a subscriber wants the person who made the change to know (e.g. a family no reminder can reach). */
export interface DomainWarning {
  code: string;
  message: string;
  [detail: string]: unknown;
}
type Handler<K extends DomainEventName> = (
  manager: EntityManager,
  event: DomainEventMap[K],
) => Promise<void | readonly DomainWarning[]>;

/**
 * In-transaction subscribers: the emitter passes its transaction's EntityManager, so what a subscriber writes
 * (recomputed deadlines, re-planned reminders) commits or rolls back together with the change itself.
 * Modules subscribe in their constructor or onModuleInit; emitters do not know who listens.
 */
@Injectable()
export class DomainEvents {
  private readonly handlers = new Map<DomainEventName, Handler<DomainEventName>[]>();

  on<K extends DomainEventName>(name: K, handler: Handler<K>): void {
    const list = this.handlers.get(name) ?? [];
    list.push(handler as unknown as Handler<DomainEventName>);
    this.handlers.set(name, list);
  }

  async emit<K extends DomainEventName>(
    manager: EntityManager,
    name: K,
    event: DomainEventMap[K],
  ): Promise<DomainWarning[]> {
    const warnings: DomainWarning[] = [];
    for (const handler of this.handlers.get(name) ?? [])
      warnings.push(...((await handler(manager, event)) ?? []));
    return warnings;
  }
}

@Global()
@Module({ providers: [DomainEvents], exports: [DomainEvents] })
export class DomainEventsModule {}
