import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Matches, MaxLength } from 'class-validator';
import { PageQuery } from '../common/pagination';
import { DEADLINE_ACTORS, DEADLINE_STATUSES, DeadlineActor, DeadlineStatus } from './deadline.entity';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
// Shape only: an impossible date (2027-02-30) is the service's `invalid_date`.
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_MESSAGE = 'must be a date as YYYY-MM-DD';

export class CreateManualDeadlineDto {
  @ApiProperty({ example: 'Submit evidence ordered by the judge' })
  @Transform(trim)
  @IsString()
  @Length(1, 200)
  title!: string;

  @ApiProperty({
    example: '2027-04-15',
    description:
      'The date set (a calendar date at the court); a weekend or holiday rolls to the next business day',
  })
  @Matches(DATE, { message: `dueOn ${DATE_MESSAGE}` })
  dueOn!: string;

  @ApiPropertyOptional({ enum: DEADLINE_ACTORS, default: 'counsel' })
  @IsOptional()
  @IsIn(DEADLINE_ACTORS)
  actor?: DeadlineActor;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'A computed deadline of this case that the judge replaced with this one',
  })
  @IsOptional()
  @IsUUID()
  replacesDeadlineId?: string;

  @ApiPropertyOptional({ example: 'Set by IJ at the master hearing of 2027-03-03' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(1000)
  note?: string;
}

export const SETTABLE_DEADLINE_STATUSES = ['open', 'met', 'waived'] as const;

export class UpdateDeadlineDto {
  @ApiPropertyOptional({
    enum: SETTABLE_DEADLINE_STATUSES,
    description: 'missed is set by the system, superseded by recomputation',
  })
  @IsOptional()
  @IsIn(SETTABLE_DEADLINE_STATUSES)
  status?: (typeof SETTABLE_DEADLINE_STATUSES)[number];

  @ApiPropertyOptional({ description: 'Why (required when waiving)' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(1000)
  note?: string;

  @ApiPropertyOptional({ example: '2027-04-22', description: 'Manual deadlines only' })
  @IsOptional()
  @Matches(DATE, { message: `dueOn ${DATE_MESSAGE}` })
  dueOn?: string;

  @ApiPropertyOptional({ description: 'Manual deadlines only' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(1, 200)
  title?: string;

  @ApiPropertyOptional({ enum: DEADLINE_ACTORS, description: 'Manual deadlines only' })
  @IsOptional()
  @IsIn(DEADLINE_ACTORS)
  actor?: DeadlineActor;
}

const statusList = ({ value }: { value: unknown }) =>
  typeof value === 'string'
    ? value
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : value;

export class DeadlineQueryDto extends PageQuery {
  @ApiPropertyOptional({
    name: 'due_before',
    example: '2027-06-30',
    description: 'Due on or before this date',
  })
  @IsOptional()
  @Matches(DATE, { message: `due_before ${DATE_MESSAGE}` })
  due_before?: string;

  @ApiPropertyOptional({ name: 'due_after', example: '2027-01-01', description: 'Due on or after this date' })
  @IsOptional()
  @Matches(DATE, { message: `due_after ${DATE_MESSAGE}` })
  due_after?: string;

  @ApiPropertyOptional({
    description: 'One status or a comma-separated list (default: open,missed)',
    example: 'open,missed',
  })
  @IsOptional()
  @Transform(statusList)
  @IsIn(DEADLINE_STATUSES, { each: true })
  status?: DeadlineStatus[];

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  caseId?: string;

  @ApiPropertyOptional({ enum: DEADLINE_ACTORS })
  @IsOptional()
  @IsIn(DEADLINE_ACTORS)
  actor?: DeadlineActor;
}

export class CaseDeadlinesQueryDto {
  @ApiPropertyOptional({ description: 'Include superseded deadlines (default false)' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => value === 'true' || value === true)
  includeSuperseded?: boolean;
}

export class CreateClosureDto {
  @ApiProperty({ example: '2027-01-26', description: 'The day the court is closed' })
  @Matches(DATE, { message: `date ${DATE_MESSAGE}` })
  date!: string;

  @ApiProperty({ example: 'Closed for snow (EOIR operational status)' })
  @Transform(trim)
  @IsString()
  @Length(1, 500)
  reason!: string;
}

export class DeadlineSettingsDto {
  @ApiProperty({ enum: [15, 30], example: 15, description: 'Days before a master calendar hearing' })
  @IsInt()
  @IsIn([15, 30])
  masterHearingFilingDays!: 15 | 30;

  @ApiProperty({
    enum: [15, 30],
    example: 15,
    description: 'Days before an individual hearing (2021 policy: 30)',
  })
  @IsInt()
  @IsIn([15, 30])
  individualHearingFilingDays!: 15 | 30;

  @ApiPropertyOptional({ example: 'ICPM 3.1(b)(2) re-checked 2027-01-05' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(1000)
  note?: string;
}
