import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { CaseStatus, CaseType } from './case-status';

/**
 * The shelter-to-provider handoff (continuity of care): what the child needs beyond the legal case.
 * Free text per area plus safety flags a coordinator must see first.
 */
export interface CaseHandoff {
  schoolEnrollment?: string;
  health?: string;
  mentalHealth?: string;
  safetyFlags?: string[];
  shelterNotes?: string;
  other?: string;
}

/** One legal matter of one child. Named LegalCase because `case` is a keyword. */
@Entity({ name: 'cases' })
export class LegalCase {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'child_id', type: 'uuid' })
  childId!: string;

  @Column({ name: 'organization_id', type: 'uuid' })
  organizationId!: string;

  @Column({ name: 'case_type', type: 'text' })
  caseType!: CaseType;

  @Column({ name: 'court_code', type: 'text', nullable: true })
  courtCode!: string | null;

  @Column({ type: 'text', default: 'intake' })
  status!: CaseStatus;

  @Column({ name: 'attorney_id', type: 'uuid', nullable: true })
  attorneyId!: string | null;

  @Column({ type: 'text', nullable: true })
  notes!: string | null;

  /** The handoff notes, encrypted (src/cases/handoff.ts); NULL when there are none. */
  @Column({ name: 'handoff_enc', type: 'text', nullable: true })
  handoffEnc!: string | null;

  @Column({ name: 'status_changed_at', type: 'timestamptz', default: () => 'now()' })
  statusChangedAt!: Date;

  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt!: Date | null;

  @Column({ name: 'close_reason', type: 'text', nullable: true })
  closeReason!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
