import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/**
 * Per-jurisdiction deadline settings (deadline-rules.md §4: the individual-hearing filing period is 15 days by
 * default, 30 where the 2021 policy is applied). A court without a row uses the defaults.
 */
@Entity({ name: 'court_deadline_settings' })
export class CourtDeadlineSettings {
  @PrimaryColumn({ name: 'court_code', type: 'text' })
  courtCode!: string;

  @Column({ name: 'master_hearing_filing_days', type: 'smallint', default: 15 })
  masterHearingFilingDays!: 15 | 30;

  @Column({ name: 'individual_hearing_filing_days', type: 'smallint', default: 15 })
  individualHearingFilingDays!: 15 | 30;

  @Column({ type: 'text', nullable: true })
  note!: string | null;

  @Column({ name: 'updated_by', type: 'uuid', nullable: true })
  updatedBy!: string | null;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
