import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { HearingOutcome } from './hearing.entity';

export const HEARING_CHANGE_KINDS = ['created', 'rescheduled', 'updated', 'cancelled', 'outcome'] as const;
export type HearingChangeKind = (typeof HEARING_CHANGE_KINDS)[number];

/** The attendance-relevant state of a hearing, as kept in its history. */
export interface HearingState {
  hearingType: string;
  status: string;
  courtCode: string;
  locationCourtCode: string;
  locationNote: string | null;
  startsAt: string;
  timeZone: string;
  /** The local reading at the court, e.g. 'Tue, Mar 3, 2026, 9:00 AM EST'. */
  localDisplay: string;
  remote: boolean;
  remoteLink: string | null;
  remoteInstructions: string | null;
  outcome?: HearingOutcome;
}

/** One row per change of a hearing: append-only. */
@Entity({ name: 'hearing_changes' })
export class HearingChange {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ name: 'hearing_id', type: 'uuid' })
  hearingId!: string;

  /** The hearing's version after the change. */
  @Column({ type: 'integer' })
  version!: number;

  @Column({ type: 'text' })
  change!: HearingChangeKind;

  @Column({ type: 'jsonb', nullable: true })
  previous!: HearingState | null;

  @Column({ type: 'jsonb' })
  current!: HearingState;

  @Column({ type: 'text', nullable: true })
  reason!: string | null;

  @Column({ name: 'actor_user_id', type: 'uuid', nullable: true })
  actorUserId!: string | null;

  @Column({ name: 'changed_at', type: 'timestamptz', default: () => 'now()' })
  changedAt!: Date;
}
