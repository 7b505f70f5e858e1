import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  Equals,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Max,
  Min,
} from 'class-validator';
import { integerText } from '../../common/dto-transforms';
import { PageQuery } from '../../common/pagination';

export const OFFER_STATUSES = ['pending', 'accepted', 'declined', 'expired', 'withdrawn'] as const;
export type OfferStatus = (typeof OFFER_STATUSES)[number];
export const OFFER_SOURCES = ['named', 'next_best', 'rotation', 'plan'] as const;
export type OfferSource = (typeof OFFER_SOURCES)[number];

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

/** Offer the case to a named attorney, or to the best candidate who has not had it yet. */
export class CreateOfferDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'The attorney to offer the case to' })
  @IsOptional()
  @IsUUID()
  attorneyId?: string;

  @ApiPropertyOptional({
    description: 'true: the best candidate who has not declined or let an offer of this case lapse',
  })
  @IsOptional()
  @IsBoolean()
  @Equals(true, { message: 'next must be true when given' })
  next?: boolean;
}

export class DeclineOfferDto {
  @ApiPropertyOptional({
    example: 'At capacity until March',
    description: 'Required: why (1-1000 characters)',
  })
  @Transform(trim)
  @IsString({ message: 'reason is required: say why you decline' })
  @Length(1, 1000, { message: 'reason is required: say why you decline (1-1000 characters)' })
  reason!: string;
}

export class WithdrawOfferDto {
  @ApiPropertyOptional({ example: 'Family found private counsel' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(1, 1000)
  reason?: string;
}

export class OfferQueryDto extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() caseId?: string;
  @ApiPropertyOptional({ enum: OFFER_STATUSES }) @IsOptional() @IsIn(OFFER_STATUSES) status?: OfferStatus;
  @ApiPropertyOptional({ format: 'uuid', description: 'Coordinators and admins' })
  @IsOptional()
  @IsUUID()
  attorneyId?: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'Admins: one organization' })
  @IsOptional()
  @IsUUID()
  organizationId?: string;
}

export class CandidatesQueryDto {
  @ApiPropertyOptional({ default: 10, minimum: 1, maximum: 100 })
  @IsOptional()
  @Transform(integerText)
  @IsInt()
  @Min(1)
  @Max(100)
  limit = 10;
}
