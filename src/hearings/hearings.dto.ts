import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  IsUrl,
  IsUUID,
  Length,
  Matches,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { DECISION_KINDS, DecisionKind } from './decision.entity';
import { HEARING_RESULTS, HEARING_TYPES, HearingKind, HearingResult } from './hearing.entity';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const upper = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.trim().toUpperCase() : value;
const COURT_CODE = /^[A-Z0-9]{2,4}$/;
// Shape only: an impossible date (2027-02-30) is the service's `invalid_date`.
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

/** Where and when: shared by scheduling, rescheduling and continuing a hearing. */
export class HearingScheduleFields {
  @ApiPropertyOptional({
    example: 'NYC',
    description: 'EOIR code of the court of filing (default: the case’s court)',
  })
  @IsOptional()
  @Transform(upper)
  @Matches(COURT_CODE, { message: 'courtCode must be an EOIR court code such as NYC' })
  courtCode?: string;

  @ApiPropertyOptional({
    example: 'NYV',
    description: 'EOIR code of the court where it is held (default: the court of filing)',
  })
  @IsOptional()
  @Transform(upper)
  @Matches(COURT_CODE, { message: 'locationCourtCode must be an EOIR court code such as NYC' })
  locationCourtCode?: string;

  @ApiPropertyOptional({
    example: '2027-03-03',
    description: 'Date at the hearing location (with localTime)',
  })
  @IsOptional()
  @Matches(DATE, { message: 'localDate must be a date as YYYY-MM-DD' })
  localDate?: string;

  @ApiPropertyOptional({
    example: '09:00',
    description:
      "Time at the hearing location, 24-hour, in the location court's zone. A time skipped by a DST change is " +
      'refused (nonexistent_local_time); a time that happens twice is taken as the earlier one, with a warning ' +
      '(give startsAt with an offset for the later one).',
  })
  @IsOptional()
  @Matches(TIME, { message: 'localTime must be a time as HH:mm (24-hour)' })
  localTime?: string;

  @ApiPropertyOptional({
    example: '2027-03-03T09:00:00-05:00',
    description: 'Instead of localDate + localTime: an ISO 8601 instant with its offset',
  })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  startsAt?: string;

  @ApiPropertyOptional({ description: 'Held by video (WebEx)' })
  @IsOptional()
  @IsBoolean()
  remote?: boolean;

  @ApiPropertyOptional({ example: 'https://eoir.webex.com/meet/ij.example', nullable: true, type: String })
  @IsOptional()
  @IsUrl(
    { protocols: ['http', 'https'], require_protocol: true },
    { message: 'remoteLink must be an http(s) URL' },
  )
  @MaxLength(1000)
  remoteLink?: string | null;

  @ApiPropertyOptional({ example: 'Call in at 8:45; access code 1234', nullable: true, type: String })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(4000)
  remoteInstructions?: string | null;

  @ApiPropertyOptional({ example: 'Courtroom 14, 12th floor', nullable: true, type: String })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(500)
  locationNote?: string | null;
}

export class CreateHearingDto extends HearingScheduleFields {
  @ApiProperty({ enum: HEARING_TYPES })
  @IsIn(HEARING_TYPES)
  hearingType!: HearingKind;
}

export class UpdateHearingDto extends HearingScheduleFields {
  @ApiPropertyOptional({ enum: HEARING_TYPES })
  @IsOptional()
  @IsIn(HEARING_TYPES)
  hearingType?: HearingKind;

  @ApiPropertyOptional({ example: 'New hearing notice received 2027-02-01' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(1000)
  reason?: string;

  @ApiPropertyOptional({
    description: 'The version you are changing: a 409 version_conflict if it changed meanwhile',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  expectedVersion?: number;
}

export class CancelHearingDto {
  @ApiProperty({ example: 'Court closed; a new notice will follow' })
  @Transform(trim)
  @IsString()
  @Length(1, 1000)
  reason!: string;
}

export class DecisionInputDto {
  @ApiProperty({
    enum: DECISION_KINDS,
    description:
      'ij_decision → BIA appeal; final_order → motions to reconsider/reopen; in_absentia_order → rescission',
  })
  @IsIn(DECISION_KINDS)
  kind!: DecisionKind;

  @ApiPropertyOptional({
    example: '2027-03-03',
    description: 'Oral: the day rendered; written: the day mailed or served. Default: the hearing date',
  })
  @IsOptional()
  @Matches(DATE, { message: 'decidedOn must be a date as YYYY-MM-DD' })
  decidedOn?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(2000)
  note?: string;
}

export class CreateDecisionDto {
  @ApiProperty({ enum: DECISION_KINDS })
  @IsIn(DECISION_KINDS)
  kind!: DecisionKind;

  @ApiProperty({
    example: '2027-03-03',
    description: 'Oral: the day rendered; written: the day mailed or served',
  })
  @Matches(DATE, { message: 'decidedOn must be a date as YYYY-MM-DD' })
  decidedOn!: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'The hearing it was entered at, if any' })
  @IsOptional()
  @IsUUID()
  hearingId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(2000)
  note?: string;
}

export class NextHearingDto extends HearingScheduleFields {
  @ApiPropertyOptional({ enum: HEARING_TYPES, description: 'Default: the type of the continued hearing' })
  @IsOptional()
  @IsIn(HEARING_TYPES)
  hearingType?: HearingKind;
}

export class HearingOutcomeDto {
  @ApiProperty({
    enum: HEARING_RESULTS,
    description: 'held; continued (give nextHearing); decided (give decision)',
  })
  @IsIn(HEARING_RESULTS)
  result!: HearingResult;

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(1000)
  note?: string;

  @ApiPropertyOptional({
    type: NextHearingDto,
    description: 'When continued: the new hearing (defaults: same type, courts, remote details)',
  })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => NextHearingDto)
  nextHearing?: NextHearingDto;

  @ApiPropertyOptional({ type: DecisionInputDto, description: 'When decided: the decision entered' })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => DecisionInputDto)
  decision?: DecisionInputDto;
}
