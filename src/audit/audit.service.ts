import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
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

  async recordMany(entries: AuditEntry[], manager?: EntityManager): Promise<void> {
    if (entries.length === 0) return;
    const context = RequestContext.current();
    const rows = entries.map((entry) => {
      const actor = entry.actor ?? context?.actor;
      return {
        actorUserId: actor?.userId ?? null,
        actorRole: actor?.role ?? null,
        action: entry.action,
        entityType: entry.entityType,
        entityId: entry.entityId,
        requestId: context?.requestId ?? null,
        details: entry.details ?? {},
      };
    });
    const repository = manager ? manager.getRepository(AuditEvent) : this.events;
    await repository.insert(rows as QueryDeepPartialEntity<AuditEvent>[]);
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
