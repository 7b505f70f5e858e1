import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { RequestActor, RequestContext } from '../common/request-context';
import { AuditEvent } from './audit-event.entity';

export interface AuditEntry {
  action: string;
  entityType: string;
  entityId: string | null;
  details?: Record<string, unknown>;
  /** Defaults to the user of the current request. */
  actor?: RequestActor;
}

export interface AuditQuery {
  entityType?: string;
  entityId?: string;
  actorUserId?: string;
  action?: string;
  since?: Date;
  until?: Date;
  limit: number;
  offset: number;
}

/** The append-only record of who did or saw what. Pass a transaction's manager to record inside it. */
@Injectable()
export class AuditService {
  constructor(@InjectRepository(AuditEvent) private readonly events: Repository<AuditEvent>) {}

  async record(entry: AuditEntry, manager?: EntityManager): Promise<void> {
    await this.recordMany([entry], manager);
  }

  /**
   * One statement for any number of entries: they travel as ONE JSON parameter, so a batch of 100,000 stays far
   * from PostgreSQL's 65,535 bind-parameter limit (a multi-row VALUES with 7 parameters a row passed it at 9,363).
   */
  async recordMany(entries: AuditEntry[], manager?: EntityManager): Promise<void> {
    if (entries.length === 0) return;
    const context = RequestContext.current();
    const rows = entries.map((entry) => {
      const actor = entry.actor ?? context?.actor;
      return {
        actor_user_id: actor?.userId ?? null,
        actor_role: actor?.role ?? null,
        action: entry.action,
        entity_type: entry.entityType,
        entity_id: entry.entityId,
        request_id: context?.requestId ?? null,
        details: entry.details ?? {},
      };
    });
    const runner = manager ?? this.events.manager;
    await runner.query(
      `INSERT INTO audit_events (actor_user_id, actor_role, action, entity_type, entity_id, request_id, details)
       SELECT (e.x->>'actor_user_id')::uuid, e.x->>'actor_role', e.x->>'action', e.x->>'entity_type',
              e.x->>'entity_id', e.x->>'request_id', e.x->'details'
         FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS e(x, n)
        ORDER BY e.n`,
      [JSON.stringify(rows)],
    );
  }

  async find(query: AuditQuery): Promise<{ items: AuditEvent[]; total: number }> {
    const qb = this.events.createQueryBuilder('e').orderBy('e.occurredAt', 'DESC').addOrderBy('e.id', 'DESC');
    if (query.entityType) qb.andWhere('e.entityType = :entityType', { entityType: query.entityType });
    if (query.entityId) qb.andWhere('e.entityId = :entityId', { entityId: query.entityId });
    if (query.actorUserId) qb.andWhere('e.actorUserId = :actorUserId', { actorUserId: query.actorUserId });
    if (query.action) qb.andWhere('e.action = :action', { action: query.action });
    if (query.since) qb.andWhere('e.occurredAt >= :since', { since: query.since });
    if (query.until) qb.andWhere('e.occurredAt < :until', { until: query.until });
    const [items, total] = await qb.take(query.limit).skip(query.offset).getManyAndCount();
    return { items, total };
  }
}
