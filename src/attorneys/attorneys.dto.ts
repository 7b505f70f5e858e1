import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { CASE_TYPES, CaseType } from '../cases/case-status';
import { AddressDto } from '../children/children.dto';
import { PageQuery } from '../common/pagination';
import { LANGUAGE_PROFICIENCIES, LanguageProficiency } from '../matching/scoring/matching-profiles';
import { booleanText, lower, trim, upperEach } from '../common/dto-transforms';
import { IsInstant } from '../common/validation';

export class AttorneyLanguageDto {
  @ApiProperty({ example: 'quc', description: 'ISO 639-3' })
  @Transform(lower)
  @Matches(/^[a-z]{3}$/, { message: 'language code must be ISO 639-3 such as quc' })
  code!: string;

  @ApiProperty({ enum: LANGUAGE_PROFICIENCIES })
  @IsIn(LANGUAGE_PROFICIENCIES)
  proficiency!: LanguageProficiency;
}

/** What an attorney may change about themselves (PATCH /attorneys/me). */
export class AttorneySelfUpdateDto {
  @ApiPropertyOptional({ type: [AttorneyLanguageDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => AttorneyLanguageDto)
  languages?: AttorneyLanguageDto[];

  @ApiPropertyOptional({ enum: CASE_TYPES, isArray: true })
  @IsOptional()
  @IsArray()
  @IsIn(CASE_TYPES, { each: true })
  practiceAreas?: CaseType[];

  @ApiPropertyOptional({
    type: AddressDto,
    description: 'Office; the ZIP gives coordinates for travel distance',
  })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => AddressDto)
  office?: AddressDto;

  @ApiPropertyOptional({ minimum: 0, maximum: 3000 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(3000)
  travelRadiusMiles?: number;

  @ApiPropertyOptional({ description: 'Will take matters remotely, wherever the child is' })
  @IsOptional()
  @IsBoolean()
  remoteOk?: boolean;

  @ApiPropertyOptional({ minimum: 0, maximum: 200, description: 'Most open matters at once' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(200)
  capacity?: number;

  @ApiPropertyOptional({
    nullable: true,
    type: String,
    format: 'date-time',
    description: 'No new offers until then; null resumes',
  })
  @IsOptional()
  @IsInstant()
  pausedUntil?: Date | null;

  @ApiPropertyOptional({ nullable: true }) @IsOptional() @IsString() @MaxLength(40) phone?: string | null;
}

/** What a coordinator or admin may set (bar admissions are verified by them, not self-declared). */
export class UpdateAttorneyDto extends AttorneySelfUpdateDto {
  @ApiPropertyOptional({ type: [String], example: ['NY', 'NJ'] })
  @IsOptional()
  @Transform(upperEach)
  @IsArray()
  @ArrayMaxSize(60)
  @Matches(/^[A-Z]{2}$/, { each: true, message: 'barAdmissions must be two-letter state codes' })
  barAdmissions?: string[];

  @ApiPropertyOptional({ description: 'false takes the attorney out of matching entirely' })
  @IsOptional()
  @IsBoolean()
  active?: boolean;

  @ApiPropertyOptional({ type: [String], format: 'uuid' })
  @IsOptional()
  @IsArray()
  @IsUUID('all', { each: true })
  organizationIds?: string[];
}

export class CreateAttorneyDto extends UpdateAttorneyDto {
  @ApiProperty() @Transform(trim) @IsEmail() @MaxLength(320) email!: string;
  @ApiProperty() @Transform(trim) @IsString() @Length(1, 200) displayName!: string;

  @ApiPropertyOptional({ minLength: 12, description: 'Omit to generate one (returned once in the response)' })
  @IsOptional()
  @IsString()
  @MinLength(12)
  @MaxLength(200)
  password?: string;
}

export const ATTORNEY_SORTS = [
  'createdAt',
  '-createdAt',
  'capacity',
  '-capacity',
  'openMatters',
  '-openMatters',
] as const;

export class AttorneyQueryDto extends PageQuery {
  @ApiPropertyOptional({ example: 'quc' })
  @IsOptional()
  @Transform(lower)
  @Matches(/^[a-z]{3}$/)
  language?: string;
  @ApiPropertyOptional({ enum: CASE_TYPES }) @IsOptional() @IsIn(CASE_TYPES) practiceArea?: CaseType;

  @ApiPropertyOptional({ example: 'NY', description: 'Admitted to the bar in this state' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? value.trim().toUpperCase() : value,
  )
  @Matches(/^[A-Z]{2}$/)
  barState?: string;

  @ApiPropertyOptional({ description: 'Only attorneys active, not paused and below capacity' })
  @IsOptional()
  @Transform(booleanText)
  @IsBoolean()
  available?: boolean;

  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() organizationId?: string;
  @ApiPropertyOptional({ enum: ATTORNEY_SORTS })
  @IsOptional()
  @IsIn(ATTORNEY_SORTS)
  sort?: (typeof ATTORNEY_SORTS)[number];
}
