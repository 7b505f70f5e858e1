import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { PageQuery } from '../common/pagination';
import { CASE_STATUSES, CASE_TYPES, CaseStatus, CaseType } from './case-status';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const upper = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.trim().toUpperCase() : value;

export class CaseHandoffDto {
  @ApiPropertyOptional({ description: 'School enrollment status and needs' })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  schoolEnrollment?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(4000) health?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(4000) mentalHealth?: string;

  @ApiPropertyOptional({
    type: [String],
    example: ['trafficking_indicators'],
    description: 'Safety flags a coordinator must see first',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(100, { each: true })
  safetyFlags?: string[];

  @ApiPropertyOptional({ description: 'Notes from the shelter case manager' })
  @IsOptional()
  @IsString()
  @MaxLength(8000)
  shelterNotes?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(8000) other?: string;
}

export class CreateCaseDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() childId!: string;
  @ApiProperty({ enum: CASE_TYPES }) @IsIn(CASE_TYPES) caseType!: CaseType;

  @ApiPropertyOptional({ example: 'NYC', description: 'EOIR code of the court of filing' })
  @IsOptional()
  @Transform(upper)
  @Matches(/^[A-Z0-9]{2,4}$/, { message: 'courtCode must be an EOIR court code such as NYC' })
  courtCode?: string;

  @ApiPropertyOptional({ nullable: true, type: String }) @IsOptional() @IsString() @MaxLength(20000) notes?: string | null;

  @ApiPropertyOptional({ type: CaseHandoffDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => CaseHandoffDto)
  handoff?: CaseHandoffDto;
}

export class UpdateCaseDto {
  @ApiPropertyOptional({ enum: CASE_TYPES }) @IsOptional() @IsIn(CASE_TYPES) caseType?: CaseType;

  @ApiPropertyOptional({ example: 'NYC' })
  @IsOptional()
  @Transform(upper)
  @Matches(/^[A-Z0-9]{2,4}$/, { message: 'courtCode must be an EOIR court code such as NYC' })
  courtCode?: string;

  @ApiPropertyOptional({ nullable: true, type: String }) @IsOptional() @IsString() @MaxLength(20000) notes?: string | null;

  @ApiPropertyOptional({ type: CaseHandoffDto, description: 'Replaces the handoff record' })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => CaseHandoffDto)
  handoff?: CaseHandoffDto;
}

export class TransitionCaseDto {
  @ApiProperty({ enum: CASE_STATUSES }) @IsIn(CASE_STATUSES) status!: CaseStatus;

  @ApiPropertyOptional({ example: 'relief granted' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(1, 500)
  reason?: string;
}

export const CASE_SORTS = [
  'createdAt',
  '-createdAt',
  'statusChangedAt',
  '-statusChangedAt',
  'urgency',
] as const;

export class CaseQueryDto extends PageQuery {
  @ApiPropertyOptional({ enum: CASE_STATUSES }) @IsOptional() @IsIn(CASE_STATUSES) status?: CaseStatus;
  @ApiPropertyOptional({ enum: CASE_TYPES }) @IsOptional() @IsIn(CASE_TYPES) caseType?: CaseType;
  @ApiPropertyOptional() @IsOptional() @Transform(upper) @Matches(/^[A-Z0-9]{2,4}$/) courtCode?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() childId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() attorneyId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() organizationId?: string;

  @ApiPropertyOptional({
    enum: CASE_SORTS,
    default: '-createdAt',
    description: 'urgency: soonest hearing, deadline or age-out first',
  })
  @IsOptional()
  @IsIn(CASE_SORTS)
  sort?: (typeof CASE_SORTS)[number];
}
