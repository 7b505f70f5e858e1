import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export const HEARING_TYPES = ['master', 'individual', 'bond', 'status', 'other'] as const;
export type HearingKind = (typeof HEARING_TYPES)[number];

export const HEARING_STATUSES = ['scheduled', 'completed', 'cancelled'] as const;
export type HearingStatus = (typeof HEARING_STATUSES)[number];

export const HEARING_RESULTS = ['held', 'continued', 'decided'] as const;
export type HearingResult = (typeof HEARING_RESULTS)[number];

/** What happened at a hearing (set with its outcome). */
export interface HearingOutcome {
  result: HearingResult;
  note: string | null;
  /** The hearing it was continued to. */
  nextHearingId: string | null;
  /** The decision entered at it. */
  decisionId: string | null;
  recordedAt: string;
  recordedBy: string | null;
}

/**
 * An immigration-court hearing of one case. `startsAt` is the instant; `timeZone` is the zone of the court
 * where it is held (`locationCourtCode`), in which it is always shown. `version` goes up whenever what the
 * family and counsel must know to attend changes (time, place, remote details), so reminders and calendar
 * entries for an older version can be told apart.
 */
@Entity({ name: 'hearings' })
export class Hearing {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'case_id', type: 'uuid' })
  caseId!: string;

  /** Court of filing (where papers go). */
  @Column({ name: 'court_code', type: 'text' })
  courtCode!: string;

  /** Court where the hearing is held. */
  @Column({ name: 'location_court_code', type: 'text' })
  locationCourtCode!: string;

  @Column({ name: 'location_note', type: 'text', nullable: true })
  locationNote!: string | null;

  @Column({ name: 'hearing_type', type: 'text' })
  hearingType!: HearingKind;

  @Column({ name: 'starts_at', type: 'timestamptz' })
  startsAt!: Date;

  @Column({ name: 'time_zone', type: 'text' })
  timeZone!: string;

  @Column({ type: 'boolean', default: false })
  remote!: boolean;

  @Column({ name: 'remote_link', type: 'text', nullable: true })
  remoteLink!: string | null;

  @Column({ name: 'remote_instructions', type: 'text', nullable: true })
  remoteInstructions!: string | null;

  @Column({ type: 'text', default: 'scheduled' })
  status!: HearingStatus;

  @Column({ type: 'integer', default: 1 })
  version!: number;

  @Column({ type: 'jsonb', nullable: true })
  outcome!: HearingOutcome | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
