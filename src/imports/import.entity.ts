import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { ImportKind } from './csv-columns';
import { ImportStatus } from './import-types';
import { RowError } from './row-mapping';

/** One CSV import: who, into which organization, its progress and its report. */
@Entity({ name: 'imports' })
export class ImportRecord {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'text' })
  kind!: ImportKind;

  @Column({ name: 'organization_id', type: 'uuid' })
  organizationId!: string;

  @Column({ name: 'requested_by', type: 'uuid', nullable: true })
  requestedBy!: string | null;

  @Column({ name: 'requested_by_role', type: 'text', nullable: true })
  requestedByRole!: string | null;

  @Column({ type: 'text' })
  mode!: 'sync' | 'async';

  @Column({ name: 'dry_run', type: 'boolean', default: false })
  dryRun!: boolean;

  @Column({ type: 'text' })
  status!: ImportStatus;

  @Column({ name: 'file_name', type: 'text', nullable: true })
  fileName!: string | null;

  @Column({
    name: 'file_bytes',
    type: 'bigint',
    nullable: true,
    transformer: { to: (v: number | null) => v, from: (v: string | null) => (v === null ? null : Number(v)) },
  })
  fileBytes!: number | null;

  @Column({ name: 'estimated_rows', type: 'integer', nullable: true })
  estimatedRows!: number | null;

  @Column({ name: 'processed_rows', type: 'integer', default: 0 })
  processedRows!: number;

  @Column({ name: 'created_count', type: 'integer', default: 0 })
  createdCount!: number;

  @Column({ name: 'updated_count', type: 'integer', default: 0 })
  updatedCount!: number;

  @Column({ name: 'unchanged_count', type: 'integer', default: 0 })
  unchangedCount!: number;

  @Column({ name: 'failed_count', type: 'integer', default: 0 })
  failedCount!: number;

  @Column({ type: 'jsonb', default: () => "'[]'::jsonb" })
  errors!: RowError[];

  @Column({ name: 'errors_truncated', type: 'boolean', default: false })
  errorsTruncated!: boolean;

  /** Reading stopped after IMPORT_MAX_ERRORS failed rows: later rows were not read. */
  @Column({ name: 'stopped_early', type: 'boolean', default: false })
  stoppedEarly!: boolean;

  @Column({ name: 'failure_code', type: 'text', nullable: true })
  failureCode!: string | null;

  @Column({ name: 'failure_message', type: 'text', nullable: true })
  failureMessage!: string | null;

  @Column({ name: 'duration_ms', type: 'integer', nullable: true })
  durationMs!: number | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'started_at', type: 'timestamptz', nullable: true })
  startedAt!: Date | null;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt!: Date | null;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
