import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash, randomBytes } from 'node:crypto';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { AuthenticatedUser } from '../auth/decorators';
import { calendarFeedOwnerKind, visibility } from '../auth/visibility';
import { notFound } from '../common/app-error';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { Clock } from '../clock/clock';
import { describeInstant } from '../time';
import { CalendarFeed } from './calendar-feed.entity';
import { CalendarFeedView, CreatedCalendarFeedView } from './calendar.views';
import { buildCalendar, IcsEvent } from './ical';
import { spreadsheetSafe } from '../common/spreadsheet-safe';

/** Hearings this far back stay in a feed (so a calendar keeps recent history); older ones drop out. */
const PAST_DAYS = 180;
const MAX_EVENTS = 5000;

const HEARING_LABELS: Record<string, string> = {
  master: 'Master calendar hearing',
  individual: 'Individual (merits) hearing',
  bond: 'Bond hearing',
  status: 'Status conference',
  other: 'Hearing',
};
const HEARING_MINUTES: Record<string, number> = {
  master: 60,
  individual: 180,
  bond: 60,
  status: 30,
  other: 60,
};
const CASE_TYPE_LABELS: Record<string, string> = {
  removal_defense: 'Removal defense',
  asylum: 'Asylum',
  sijs: 'SIJS',
  t_visa: 'T visa',
  u_visa: 'U visa',
  other: 'Other',
};

interface Owner {
  kind: 'attorney' | 'organization';
  id: string;
  label: string;
}

interface FeedHearingRow {
  id: string;
  hearing_type: string;
  status: 'scheduled' | 'completed' | 'cancelled';
  version: number;
  starts_at: Date;
  time_zone: string;
  remote: boolean;
  remote_link: string | null;
  remote_instructions: string | null;
  location_note: string | null;
  updated_at: Date;
  court_code: string;
  location_court_code: string;
  location_name: string;
  location_address: string | null;
  first_name: string;
  last_name: string;
  case_type: string;
}

interface FeedDeadlineRow {
  id: string;
  title: string;
  due_date: string;
  time_zone: string;
  explanation: string | null;
  actor: string;
  updated_at: Date;
  first_name: string;
  last_name: string;
  case_type: string;
}

export function hashFeedToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** 'Ana T.': enough for counsel to recognise their matter, nothing that identifies the child to anyone else. */
export function shortName(first: string, last: string): string {
  const initial = last.trim().charAt(0).toUpperCase();
  // A name typed as a formula (=HYPERLINK…) stays neutral wherever the event text lands.
  return spreadsheetSafe(initial ? `${first.trim()} ${initial}.` : first.trim());
}

/**
 * Calendar subscriptions: an attorney's feed has the hearings and open deadlines of their matters; a
 * coordinator's feed those of the organization's open cases. The URL carries a random 256-bit token; only its
 * SHA-256 is stored. Creating a feed again rotates it (the old URL stops working).
 */
@Injectable()
export class CalendarService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async create(user: AuthenticatedUser): Promise<CreatedCalendarFeedView> {
    const owner = await this.ownerOf(user);
    const token = randomBytes(32).toString('base64url');
    const result = await this.dataSource.transaction(async (manager) => {
      const active = await this.activeFeed(manager, owner);
      if (active) await manager.update(CalendarFeed, { id: active.id }, { revokedAt: this.clock.now() });
      const feed = await manager.save(
        manager.create(CalendarFeed, {
          ownerKind: owner.kind,
          attorneyId: owner.kind === 'attorney' ? owner.id : null,
          organizationId: owner.kind === 'organization' ? owner.id : null,
          tokenHash: hashFeedToken(token),
          createdBy: user.id,
        }),
      );
      await this.audit.record(
        {
          action: active ? 'calendar.feed_rotate' : 'calendar.feed_create',
          entityType: 'calendar_feed',
          entityId: feed.id,
          details: { owner: owner.kind, replaced: active?.id ?? null },
        },
        manager,
      );
      return { feed, replaced: active?.id ?? null };
    });
    return {
      ...feedView(await this.dataSource.getRepository(CalendarFeed).findOneByOrFail({ id: result.feed.id })),
      url: `${this.config.http.publicBaseUrl}/calendar/${token}.ics`,
      replacedFeedId: result.replaced,
    };
  }

  async list(user: AuthenticatedUser): Promise<CalendarFeedView[]> {
    await this.ownerOf(user); // refuses admins, and attorneys without a profile
    const rows = await this.dataSource
      .getRepository(CalendarFeed)
      .createQueryBuilder('f')
      .where(...visibility.calendarFeed.forQueryBuilder(user, 'f'))
      .orderBy('f.createdAt', 'DESC')
      .getMany();
    return rows.map(feedView);
  }

  async revoke(user: AuthenticatedUser, id: string): Promise<void> {
    await this.ownerOf(user);
    await this.dataSource.transaction(async (manager) => {
      const feed = await manager
        .createQueryBuilder(CalendarFeed, 'f')
        .setLock('pessimistic_write')
        .where('f.id = :id', { id })
        .andWhere(...visibility.calendarFeed.forQueryBuilder(user, 'f'))
        .getOne();
      if (!feed) throw visibility.calendarFeed.hidden(id);
      if (feed.revokedAt) return;
      await manager.update(CalendarFeed, { id }, { revokedAt: this.clock.now() });
      await this.audit.record(
        { action: 'calendar.feed_revoke', entityType: 'calendar_feed', entityId: id },
        manager,
      );
    });
  }

  /** The iCalendar text for a token, or 404 when the token is unknown or revoked. */
  async render(token: string): Promise<string> {
    const feed = /^[A-Za-z0-9_-]{20,100}$/.test(token)
      ? await this.dataSource
          .getRepository(CalendarFeed)
          .findOneBy({ tokenHash: hashFeedToken(token), revokedAt: IsNull() })
      : null;
    if (!feed || !(await this.creatorStillEntitled(feed)))
      throw notFound(
        'calendar_feed_not_found',
        'This calendar link is not valid (it may have been revoked or replaced).',
      );
    const now = this.clock.now();
    const filter = feed.ownerKind === 'attorney' ? 'k.attorney_id = $1' : 'k.organization_id = $1';
    const ownerId = (feed.ownerKind === 'attorney' ? feed.attorneyId : feed.organizationId)!;
    const since = new Date(now.getTime() - PAST_DAYS * 86_400_000);
    const hearings = (await this.dataSource.query(
      `SELECT h.id, h.hearing_type, h.status, h.version, h.starts_at, h.time_zone, h.remote, h.remote_link,
              h.remote_instructions, h.location_note, h.updated_at, h.court_code, h.location_court_code,
              lc.name AS location_name, lc.address AS location_address, c.first_name, c.last_name, k.case_type
         FROM hearings h
         JOIN cases k ON k.id = h.case_id
         JOIN children c ON c.id = k.child_id
         JOIN courts lc ON lc.code = h.location_court_code
        WHERE ${filter} AND k.status <> 'closed' AND h.starts_at >= $2
        ORDER BY h.starts_at, h.id
        LIMIT ${MAX_EVENTS}`,
      [ownerId, since],
    )) as FeedHearingRow[];
    const deadlines = (await this.dataSource.query(
      `SELECT d.id, d.title, d.due_date::text AS due_date, d.time_zone, d.explanation, d.actor, d.updated_at,
              c.first_name, c.last_name, k.case_type
         FROM deadlines d
         JOIN cases k ON k.id = d.case_id
         JOIN children c ON c.id = k.child_id
        WHERE ${filter} AND k.status <> 'closed' AND d.status = 'open'
        ORDER BY d.due_date, d.id
        LIMIT ${MAX_EVENTS}`,
      [ownerId],
    )) as FeedDeadlineRow[];

    await this.dataSource.transaction(async (manager: EntityManager) => {
      await manager.update(CalendarFeed, { id: feed.id }, { lastUsedAt: now });
      await this.audit.record(
        {
          action: 'calendar.feed_read',
          entityType: 'calendar_feed',
          entityId: feed.id,
          details: { hearings: hearings.length, deadlines: deadlines.length },
        },
        manager,
      );
    });

    const host = new URL(this.config.http.publicBaseUrl).hostname;
    const events: IcsEvent[] = [
      ...hearings.map((h) => hearingEvent(h, host)),
      ...deadlines.map((d) => deadlineEvent(d, host)),
    ];
    return buildCalendar({
      name:
        feed.ownerKind === 'attorney'
          ? 'Amparo: my hearings and deadlines'
          : 'Amparo: organization hearings and deadlines',
      description:
        'Immigration-court hearings (in the court’s time zone) and open legal deadlines, from Amparo.',
      now,
      events,
    });
  }

  /**
   * A feed serves only while the person who made it could still make it now: their account is active, and they
   * are still a coordinator of the feed's organization, or still the attorney whose matters it shows. Checked on
   * every fetch (changes through the users API also revoke the feed outright; this covers every other way).
   * A feed that fails is answered like an unknown token.
   */
  private async creatorStillEntitled(feed: CalendarFeed): Promise<boolean> {
    const [row] = (await this.dataSource.query(
      feed.ownerKind === 'organization'
        ? `SELECT 1 AS ok FROM users u
            WHERE u.id = $1 AND u.disabled_at IS NULL AND u.role = 'coordinator' AND u.organization_id = $2`
        : `SELECT 1 AS ok FROM users u JOIN attorneys a ON a.user_id = u.id
            WHERE u.id = $1 AND u.disabled_at IS NULL AND u.role = 'attorney' AND a.id = $2`,
      [feed.createdBy, feed.ownerKind === 'organization' ? feed.organizationId : feed.attorneyId],
    )) as { ok: number }[];
    return Boolean(row);
  }

  private async ownerOf(user: AuthenticatedUser): Promise<Owner> {
    const kind = calendarFeedOwnerKind(user);
    if (kind.kind === 'attorney') {
      const [row] = (await this.dataSource.query(`SELECT id FROM attorneys WHERE user_id = $1`, [
        user.id,
      ])) as { id: string }[];
      if (!row) throw notFound('attorney_profile_not_found', 'Your account has no attorney profile yet.');
      return { kind: 'attorney', id: row.id, label: user.displayName };
    }
    return { kind: 'organization', id: kind.organizationId, label: kind.organizationId };
  }

  private activeFeed(manager: EntityManager, owner: Owner): Promise<CalendarFeed | null> {
    return manager.findOne(CalendarFeed, {
      where:
        owner.kind === 'attorney'
          ? { attorneyId: owner.id, revokedAt: IsNull() }
          : { organizationId: owner.id, revokedAt: IsNull() },
      lock: { mode: 'pessimistic_write' },
    });
  }
}

function hearingEvent(h: FeedHearingRow, host: string): IcsEvent {
  const label = HEARING_LABELS[h.hearing_type] ?? 'Hearing';
  const local = describeInstant(h.starts_at, h.time_zone);
  const who = shortName(h.first_name, h.last_name);
  const place = [h.location_name, h.location_address].filter(Boolean).join(', ');
  const location = h.remote
    ? (h.remote_link ?? `Remote: ${place}`)
    : [place, h.location_note].filter(Boolean).join(' — ');
  const description = [
    `${label} for ${who} (${CASE_TYPE_LABELS[h.case_type] ?? h.case_type}).`,
    `At the court: ${local.display} (${local.zoneName}).`,
    h.remote ? `Remote hearing${h.remote_link ? `: ${h.remote_link}` : ''}.` : `Court: ${place}.`,
    h.remote_instructions ? `Instructions: ${h.remote_instructions}` : null,
    h.location_note ? `Where: ${h.location_note}` : null,
    h.court_code !== h.location_court_code ? `Court of filing: ${h.court_code}.` : null,
    h.status === 'cancelled' ? 'CANCELLED.' : h.status === 'completed' ? 'Held (outcome recorded).' : null,
  ]
    .filter((line): line is string => line !== null)
    .join('\n');
  return {
    uid: `hearing-${h.id}@${host}`,
    sequence: h.version,
    status: h.status === 'cancelled' ? 'CANCELLED' : 'CONFIRMED',
    summary: `${h.status === 'cancelled' ? 'Cancelled: ' : ''}${label}: ${who} — ${h.location_name}`,
    description,
    location,
    categories: ['Hearing'],
    lastModified: h.updated_at,
    start: {
      kind: 'zoned',
      instant: h.starts_at,
      timeZone: h.time_zone,
      durationMinutes: HEARING_MINUTES[h.hearing_type] ?? 60,
    },
  };
}

function deadlineEvent(d: FeedDeadlineRow, host: string): IcsEvent {
  const who = shortName(d.first_name, d.last_name);
  return {
    uid: `deadline-${d.id}@${host}`,
    sequence: 0,
    status: 'CONFIRMED',
    summary: `Due: ${d.title} — ${who}`,
    description: [
      `Deadline for ${who} (${CASE_TYPE_LABELS[d.case_type] ?? d.case_type}), due ${d.due_date} at the court (${d.time_zone}).`,
      `Who acts: ${d.actor}.`,
      d.explanation,
    ]
      .filter((line): line is string => Boolean(line))
      .join('\n'),
    categories: ['Deadline'],
    lastModified: d.updated_at,
    start: { kind: 'date', date: d.due_date },
  };
}

function feedView(feed: CalendarFeed): CalendarFeedView {
  return {
    id: feed.id,
    ownerKind: feed.ownerKind,
    attorneyId: feed.attorneyId,
    organizationId: feed.organizationId,
    active: feed.revokedAt === null,
    createdAt: feed.createdAt,
    revokedAt: feed.revokedAt,
    lastUsedAt: feed.lastUsedAt,
  };
}
