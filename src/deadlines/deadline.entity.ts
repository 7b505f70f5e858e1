import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export const DEADLINE_STATUSES = ['open', 'met', 'missed', 'waived', 'superseded'] as const;
export type DeadlineStatus = (typeof DEADLINE_STATUSES)[number];

export const DEADLINE_ACTORS = ['family', 'counsel', 'coordinator'] as const;
export type DeadlineActor = (typeof DEADLINE_ACTORS)[number];

/**
 * A legal deadline of one case: computed by the deadline engine (`origin` 'rule') or set by hand ('manual',
 * e.g. by the judge). `key` (`ruleId@triggerRef`) is stable across recomputations. Rows are never deleted: a
 * deadline whose trigger went away becomes `superseded`.
 */
@Entity({ name: 'deadlines' })
export class Deadline {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'case_id', type: 'uuid' })
  caseId!: string;

  @Column({ type: 'text' })
  key!: string;

  @Column({ name: 'rule_id', type: 'text' })
  ruleId!: string;

  @Column({ type: 'text' })
  origin!: 'rule' | 'manual';

  @Column({ name: 'trigger_kind', type: 'text' })
  triggerKind!: string;

  @Column({ name: 'trigger_ref', type: 'text' })
  triggerRef!: string;

  @Column({ name: 'trigger_date', type: 'date', nullable: true })
  triggerDate!: string | null;

  /** The date the offset gives, before rolling to a business day. */
  @Column({ name: 'computed_date', type: 'date', nullable: true })
  computedDate!: string | null;

  @Column({ name: 'due_date', type: 'date' })
  dueDate!: string;

  @Column({ name: 'remind_by', type: 'date' })
  remindBy!: string;

  /** The zone of the court whose calendar the dates are in. */
  @Column({ name: 'time_zone', type: 'text' })
  timeZone!: string;

  @Column({ type: 'text' })
  actor!: DeadlineActor;

  @Column({ type: 'text' })
  title!: string;

  @Column({ type: 'text', nullable: true })
  explanation!: string | null;

  @Column({ name: 'source_status', type: 'text', nullable: true })
  sourceStatus!: 'V' | 'S' | 'U' | null;

  @Column({ type: 'text', nullable: true })
  source!: string | null;

  /** Manual deadlines: the key of the computed deadline this one replaces. */
  @Column({ name: 'replaces_key', type: 'text', nullable: true })
  replacesKey!: string | null;

  @Column({ type: 'text', default: 'open' })
  status!: DeadlineStatus;

  @Column({ name: 'status_note', type: 'text', nullable: true })
  statusNote!: string | null;

  @Column({ name: 'status_changed_at', type: 'timestamptz', nullable: true })
  statusChangedAt!: Date | null;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
