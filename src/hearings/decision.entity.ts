import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const DECISION_KINDS = ['ij_decision', 'final_order', 'in_absentia_order', 'other'] as const;
export type DecisionKind = (typeof DECISION_KINDS)[number];

/**
 * A decision entered in a case (at a hearing or on paper): the trigger of the appeal and motion deadlines.
 * `decidedOn` is the legal date at the court of filing (oral decision: the day rendered; written: the day
 * mailed or served).
 */
@Entity({ name: 'case_decisions' })
export class CaseDecision {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'case_id', type: 'uuid' })
  caseId!: string;

  @Column({ name: 'hearing_id', type: 'uuid', nullable: true })
  hearingId!: string | null;

  @Column({ type: 'text' })
  kind!: DecisionKind;

  @Column({ name: 'decided_on', type: 'date' })
  decidedOn!: string;

  @Column({ name: 'time_zone', type: 'text' })
  timeZone!: string;

  @Column({ type: 'text', nullable: true })
  note!: string | null;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
