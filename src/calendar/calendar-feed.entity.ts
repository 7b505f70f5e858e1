import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type CalendarFeedOwner = 'attorney' | 'organization';

/**
 * A secret, revocable iCalendar subscription URL. Only the SHA-256 of the token is stored: the URL is shown
 * once, when the feed is created (or rotated). At most one active feed per attorney and per organization.
 */
@Entity({ name: 'calendar_feeds' })
export class CalendarFeed {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'owner_kind', type: 'text' })
  ownerKind!: CalendarFeedOwner;

  @Column({ name: 'attorney_id', type: 'uuid', nullable: true })
  attorneyId!: string | null;

  @Column({ name: 'organization_id', type: 'uuid', nullable: true })
  organizationId!: string | null;

  @Column({ name: 'token_hash', type: 'text' })
  tokenHash!: string;

  @Column({ name: 'created_by', type: 'uuid' })
  createdBy!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;

  @Column({ name: 'last_used_at', type: 'timestamptz', nullable: true })
  lastUsedAt!: Date | null;
}
