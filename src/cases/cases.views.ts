import { ApiProperty } from '@nestjs/swagger';
import { CaseStatus, CaseType } from './case-status';
import { CaseHandoffDto } from './cases.dto';

export class CaseView {
  @ApiProperty() id!: string;
  @ApiProperty() childId!: string;
  @ApiProperty() organizationId!: string;
  @ApiProperty() caseType!: CaseType;
  @ApiProperty({ nullable: true, type: String }) courtCode!: string | null;
  @ApiProperty() status!: CaseStatus;
  @ApiProperty({ nullable: true, type: String }) attorneyId!: string | null;
  @ApiProperty({ nullable: true, type: String }) notes!: string | null;
  @ApiProperty({ type: CaseHandoffDto }) handoff!: CaseHandoffDto;
  @ApiProperty() statusChangedAt!: Date;
  @ApiProperty({ nullable: true, type: Date }) closedAt!: Date | null;
  @ApiProperty({ nullable: true, type: String }) closeReason!: string | null;
  @ApiProperty() createdAt!: Date;
  @ApiProperty() updatedAt!: Date;
}
