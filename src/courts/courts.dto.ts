import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { COURT_STATUSES, CourtStatus } from './court.entity';
import { upper } from '../common/dto-transforms';

export class CourtQueryDto {
  @ApiPropertyOptional({ example: 'NY', description: 'Two-letter state or territory code' })
  @IsOptional()
  @Transform(upper)
  @Matches(/^[A-Z]{2}$/, { message: 'state must be a two-letter code such as NY' })
  state?: string;

  @ApiPropertyOptional({ enum: [...COURT_STATUSES, 'all'], default: 'active' })
  @IsOptional()
  @IsIn([...COURT_STATUSES, 'all'])
  status?: CourtStatus | 'all';
}
