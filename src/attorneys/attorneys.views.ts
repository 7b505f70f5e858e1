import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CaseType } from '../cases/case-status';
import { AttorneyLanguageDto } from './attorneys.dto';

export class AttorneyOfficeView {
  @ApiProperty({ nullable: true, type: String }) street!: string | null;
  @ApiProperty({ nullable: true, type: String }) city!: string | null;
  @ApiProperty({ nullable: true, type: String }) state!: string | null;
  @ApiProperty({ nullable: true, type: String }) zip!: string | null;
  @ApiProperty({ nullable: true, type: String }) county!: string | null;
  @ApiProperty({ nullable: true, type: String }) timeZone!: string | null;
}

export class AttorneyView {
  @ApiProperty() id!: string;
  @ApiProperty() userId!: string;
  @ApiProperty() email!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty({ type: [String] }) barAdmissions!: string[];
  @ApiProperty({ type: [AttorneyLanguageDto] }) languages!: AttorneyLanguageDto[];
  @ApiProperty({ type: [String] }) practiceAreas!: CaseType[];
  @ApiProperty({ type: AttorneyOfficeView, nullable: true }) office!: AttorneyOfficeView | null;
  @ApiProperty() travelRadiusMiles!: number;
  @ApiProperty() remoteOk!: boolean;
  @ApiProperty() capacity!: number;
  @ApiProperty() openMatters!: number;
  @ApiProperty({ nullable: true, type: Date }) pausedUntil!: Date | null;
  @ApiProperty() active!: boolean;
  @ApiProperty({ nullable: true, type: String }) phone!: string | null;
  @ApiProperty({ type: [String] }) organizationIds!: string[];
  @ApiProperty() createdAt!: Date;
  @ApiPropertyOptional({
    description: 'Only when the account was created with a generated password; shown once',
  })
  initialPassword?: string;
}
