import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsEmail,
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
import {
  REMINDER_CHANNELS,
  ReminderChannel,
  SPANISH_PROFICIENCIES,
  SpanishProficiency,
} from './child.entity';
import { SPONSOR_CATEGORIES, SponsorCategory } from './sponsor.entity';
import { lower, lowerEach, trim, upper } from '../common/dto-transforms';
import { IsCalendarDate, IsInstant } from '../common/validation';

const dateMessage = (field: string) => ({ message: `${field} must be a date written YYYY-MM-DD` });

export class AddressDto {
  @ApiPropertyOptional({ example: '1200 Main St Apt 4', nullable: true, type: String })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(1, 200)
  street?: string;

  @ApiProperty({
    example: '22204',
    description: 'US ZIP (5 digits or ZIP+4); city, county, state, coordinates and time zone come from it',
  })
  @Transform(trim)
  @IsString()
  @Matches(/^\d{5}(-?\d{4})?$/, { message: 'zip must be a US ZIP code such as 22204 or 22204-1234' })
  zip!: string;

  @ApiPropertyOptional({
    description: 'When the move happened (defaults to now); a move starts the 5-day EOIR-33 clock',
  })
  @IsOptional()
  @IsInstant()
  movedAt?: Date;
}

export class SponsorDto {
  @ApiProperty() @Transform(trim) @IsString() @Length(1, 100) firstName!: string;
  @ApiProperty() @Transform(trim) @IsString() @Length(1, 100) lastName!: string;

  @ApiProperty({
    enum: SPONSOR_CATEGORIES,
    description:
      'ORR category: 1 parent/legal guardian, 2 close relative, 3 distant relative or unrelated adult',
  })
  @IsIn(SPONSOR_CATEGORIES, { message: 'relationshipCategory must be 1, 2 or 3' })
  relationshipCategory!: SponsorCategory;

  @ApiPropertyOptional({ example: 'aunt', nullable: true, type: String })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(100)
  relationship?: string;

  @ApiPropertyOptional({ type: AddressDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => AddressDto)
  address?: AddressDto;

  @ApiPropertyOptional({ example: '(703) 555-0100', nullable: true, type: String })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  phone?: string;

  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptional()
  @Transform(trim)
  @IsEmail({}, { message: 'email must be an e-mail address' })
  @MaxLength(320)
  email?: string;

  @ApiPropertyOptional({ example: 'spa', description: 'ISO 639-3' })
  @IsOptional()
  @Transform(lower)
  @Matches(/^[a-z]{3}$/, { message: 'preferredLanguage must be an ISO 639-3 code such as spa' })
  preferredLanguage?: string;

  @ApiPropertyOptional({ enum: REMINDER_CHANNELS, isArray: true })
  @IsOptional()
  @IsArray()
  @IsIn(REMINDER_CHANNELS, { each: true })
  reminderChannels?: ReminderChannel[];
}

export class CreateChildDto {
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'Admins only: the organization taking the child in (coordinators: their own)',
  })
  @IsOptional()
  @IsUUID()
  organizationId?: string;

  @ApiProperty() @Transform(trim) @IsString() @Length(1, 100) firstName!: string;
  @ApiProperty() @Transform(trim) @IsString() @Length(1, 100) lastName!: string;

  @ApiProperty({ example: '2010-04-17' })
  @IsCalendarDate(dateMessage('dateOfBirth'))
  dateOfBirth!: string;

  @ApiProperty({ example: 'GT', description: 'ISO 3166-1 alpha-2' })
  @Transform(upper)
  @Matches(/^[A-Z]{2}$/, { message: 'countryOfBirth must be a two-letter country code such as GT' })
  countryOfBirth!: string;

  @ApiProperty({
    example: 'A-123-456-789',
    description: '9 digits; A prefix, spaces, dashes and 8-digit legacy numbers accepted',
  })
  @IsString()
  @MaxLength(20)
  aNumber!: string;

  @ApiProperty({ example: 'quc', description: 'ISO 639-3' })
  @Transform(lower)
  @Matches(/^[a-z]{3}$/, { message: 'primaryLanguage must be an ISO 639-3 code such as quc' })
  primaryLanguage!: string;

  @ApiPropertyOptional({ example: ['spa'], type: [String] })
  @IsOptional()
  @Transform(lowerEach)
  @IsArray()
  @ArrayMaxSize(10)
  @Matches(/^[a-z]{3}$/, { each: true, message: 'otherLanguages must be ISO 639-3 codes such as spa' })
  otherLanguages?: string[];

  @ApiPropertyOptional({ enum: SPANISH_PROFICIENCIES, default: 'none' })
  @IsOptional()
  @IsIn(SPANISH_PROFICIENCIES)
  spanishProficiency?: SpanishProficiency;

  @ApiProperty({ example: '2026-09-01', description: 'Release from ORR custody to the sponsor' })
  @IsCalendarDate(dateMessage('releaseDate'))
  releaseDate!: string;

  @ApiPropertyOptional({
    default: true,
    description: 'Designated an unaccompanied child (no one-year asylum bar)',
  })
  @IsOptional()
  @IsBoolean()
  designatedUnaccompanied?: boolean;

  @ApiPropertyOptional({ type: AddressDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => AddressDto)
  address?: AddressDto;

  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  phone?: string | null;

  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptional()
  @Transform(trim)
  @IsEmail({}, { message: 'email must be an e-mail address' })
  @MaxLength(320)
  email?: string;

  @ApiPropertyOptional({
    example: 'spa',
    description: 'Language for reminders (ISO 639-3); defaults to the primary language',
  })
  @IsOptional()
  @Transform(lower)
  @Matches(/^[a-z]{3}$/, { message: 'reminderLanguage must be an ISO 639-3 code such as spa' })
  reminderLanguage?: string;

  @ApiPropertyOptional({ enum: REMINDER_CHANNELS, isArray: true })
  @IsOptional()
  @IsArray()
  @IsIn(REMINDER_CHANNELS, { each: true })
  reminderChannels?: ReminderChannel[];

  @ApiPropertyOptional({ default: false, description: 'The family agreed to receive reminders' })
  @IsOptional()
  @IsBoolean()
  reminderConsent?: boolean;

  @ApiPropertyOptional({ type: SponsorDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => SponsorDto)
  sponsor?: SponsorDto;
}

/**
 * Any intake field except the organization and sponsor (PUT /children/:id/sponsor). A new `address` is a move;
 * `phone` or `email` set to null clears them.
 */
export class UpdateChildDto extends PartialType(
  OmitType(CreateChildDto, ['organizationId', 'sponsor'] as const),
) {}

export const CHILD_SORTS = [
  'createdAt',
  '-createdAt',
  'lastName',
  '-lastName',
  'releaseDate',
  '-releaseDate',
  'dateOfBirth',
  '-dateOfBirth',
] as const;

export class ChildQueryDto extends PageQuery {
  @ApiPropertyOptional({ description: 'Find by A-number (any accepted spelling)' })
  @IsOptional()
  @IsString()
  @MaxLength(20)
  aNumber?: string;

  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() organizationId?: string;

  @ApiPropertyOptional({ example: 'NY' })
  @IsOptional()
  @Transform(upper)
  @Matches(/^[A-Z]{2}$/, { message: 'state must be a two-letter code such as NY' })
  state?: string;

  @ApiPropertyOptional({ example: 'quc', description: 'Primary or other language' })
  @IsOptional()
  @Transform(lower)
  @Matches(/^[a-z]{3}$/, { message: 'language must be an ISO 639-3 code' })
  language?: string;

  @ApiPropertyOptional({ description: 'Name contains (case-insensitive)' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(1, 100)
  name?: string;

  @ApiPropertyOptional({ enum: CHILD_SORTS, default: '-createdAt' })
  @IsOptional()
  @IsIn(CHILD_SORTS)
  sort?: (typeof CHILD_SORTS)[number];
}
