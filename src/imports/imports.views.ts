import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IMPORT_KINDS, ImportKind } from './csv-columns';
import { IMPORT_STATUSES, ImportStatus } from './import-types';

export class ImportRowErrorView {
  @ApiProperty({ description: 'Row in the file (the header is row 1)', example: 7 }) row!: number;
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'CSV column, or null for the row as a whole',
    example: 'zip',
  })
  field!: string | null;
  @ApiProperty({ example: 'ZIP 99999 is not a known US ZIP code' }) message!: string;
}

/** The per-row report of a finished import (the synchronous answer; also part of GET /imports/:id). */
export class ImportReportView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: IMPORT_KINDS }) kind!: ImportKind;
  @ApiProperty({ format: 'uuid' }) organizationId!: string;
  @ApiProperty({ enum: IMPORT_STATUSES }) status!: ImportStatus;
  @ApiProperty() dryRun!: boolean;
  @ApiProperty({ description: 'Data rows read (header and blank lines not counted)' }) total!: number;
  @ApiProperty({ description: 'New records (in a dry run: would be created)' }) created!: number;
  @ApiProperty({ description: 'Records matched (children by A-number, attorneys by e-mail) and changed' })
  updated!: number;
  @ApiProperty({ description: 'Records matched and already equal to the row' }) unchanged!: number;
  @ApiProperty({ description: 'Rows refused; see errors' }) failed!: number;
  @ApiProperty({ type: [ImportRowErrorView] }) errors!: ImportRowErrorView[];
  @ApiProperty({ description: 'More errors than the report keeps (10,000); the counts are still exact' })
  errorsTruncated!: boolean;
  @ApiProperty({
    description:
      'Reading stopped after IMPORT_MAX_ERRORS failed rows (default 1,000): rows after the last one counted in `total` were not read. Fix the file and import it again',
  })
  stoppedEarly!: boolean;
  @ApiProperty({ nullable: true, type: Number }) durationMs!: number | null;
}

export class ImportFailureView {
  @ApiProperty({ example: 'unknown_columns' }) code!: string;
  @ApiProperty() message!: string;
}

/** An import as recorded: progress while it runs, the report when done. */
export class ImportView extends ImportReportView {
  @ApiProperty({ enum: ['sync', 'async'] }) mode!: 'sync' | 'async';
  @ApiProperty({ nullable: true, type: String }) fileName!: string | null;
  @ApiProperty({ nullable: true, type: Number }) fileBytes!: number | null;
  @ApiProperty({
    nullable: true,
    type: Number,
    description: 'Line count of the upload (a queued import), for a progress bar',
  })
  estimatedRows!: number | null;
  @ApiProperty({ description: 'Rows done so far (created + updated + unchanged + failed)' })
  processedRows!: number;
  @ApiPropertyOptional({
    type: ImportFailureView,
    nullable: true,
    description: 'Why the file as a whole was refused',
  })
  failure!: ImportFailureView | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) requestedBy!: string | null;
  @ApiProperty() createdAt!: Date;
  @ApiProperty({ nullable: true, type: Date }) startedAt!: Date | null;
  @ApiProperty({ nullable: true, type: Date }) finishedAt!: Date | null;
}

export class ImportPageView {
  @ApiProperty({
    type: [ImportView],
    description: 'Newest first; errors left out (GET /imports/:id has them)',
  })
  items!: ImportView[];
  @ApiProperty() total!: number;
  @ApiProperty() limit!: number;
  @ApiProperty() offset!: number;
}
