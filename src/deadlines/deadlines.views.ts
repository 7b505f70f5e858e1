import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { LocalTimeDto } from '../hearings/hearings.views';
import { DeadlineActor, DeadlineStatus } from './deadline.entity';

export class DeadlineView {
  @ApiProperty() id!: string;
  @ApiProperty() caseId!: string;
  @ApiProperty({ example: 'filing_before_master_hearing@hearing:…' }) key!: string;
  @ApiProperty() ruleId!: string;
  @ApiProperty({ enum: ['rule', 'manual'] }) origin!: 'rule' | 'manual';
  @ApiProperty() triggerKind!: string;
  @ApiProperty() triggerRef!: string;
  @ApiProperty({ nullable: true, type: String }) triggerDate!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Before rolling to a business day' })
  computedDate!: string | null;
  @ApiProperty({ example: '2027-02-16', description: 'Calendar date at the court (timeZone)' })
  dueDate!: string;
  @ApiProperty({ description: 'Last business day on or before the unrolled date: aim reminders here' })
  remindBy!: string;
  @ApiProperty() timeZone!: string;
  @ApiProperty() actor!: DeadlineActor;
  @ApiProperty() title!: string;
  @ApiProperty({ nullable: true, type: String }) explanation!: string | null;
  @ApiProperty({ nullable: true, type: String, enum: ['V', 'S', 'U'] }) sourceStatus!: string | null;
  @ApiProperty({ nullable: true, type: String }) source!: string | null;
  @ApiProperty({ nullable: true, type: String }) replacesKey!: string | null;
  @ApiProperty() status!: DeadlineStatus;
  @ApiProperty({ nullable: true, type: String }) statusNote!: string | null;
  @ApiProperty({ nullable: true, type: Date }) statusChangedAt!: Date | null;
  @ApiProperty({ description: 'Days from today at the court to the due date (negative: overdue)' })
  daysLeft!: number;
  @ApiProperty() createdAt!: Date;
  @ApiProperty() updatedAt!: Date;
}

export class DeadlineNoticeView {
  @ApiProperty() key!: string;
  @ApiProperty() ruleId!: string;
  @ApiProperty() triggerRef!: string;
  @ApiProperty({ enum: ['exempt', 'set_by_court', 'missing_input', 'overridden_by_manual', 'zone_fallback'] })
  kind!: string;
  @ApiProperty() actor!: string;
  @ApiProperty() explanation!: string;
  @ApiProperty({ nullable: true, type: String }) reviewOn!: string | null;
  @ApiProperty() sourceStatus!: string;
  @ApiProperty() source!: string;
}

export class CaseDeadlinesView {
  @ApiProperty() caseId!: string;
  @ApiProperty({ nullable: true, type: String, description: 'The court whose calendar counts' }) courtCode!:
    string | null;
  @ApiProperty() timeZone!: string;
  @ApiProperty({ type: [DeadlineView] }) deadlines!: DeadlineView[];
  @ApiProperty({
    type: [DeadlineNoticeView],
    description: 'Rules that gave no date, and why (e.g. the UC asylum exemption)',
  })
  notices!: DeadlineNoticeView[];
}

export class NextHearingView {
  @ApiProperty() id!: string;
  @ApiProperty() hearingType!: string;
  @ApiProperty() locationCourtCode!: string;
  @ApiProperty() startsAt!: string;
  @ApiProperty({ type: LocalTimeDto }) local!: LocalTimeDto;
  @ApiProperty({ description: 'Calendar days from today at the court' }) daysAway!: number;
}

export class NextDeadlineView {
  @ApiProperty() id!: string;
  @ApiProperty() title!: string;
  @ApiProperty() dueDate!: string;
  @ApiProperty() timeZone!: string;
  @ApiProperty() actor!: string;
  @ApiProperty({ description: 'Negative when overdue' }) daysAway!: number;
}

export class NextEventsView {
  @ApiProperty() caseId!: string;
  @ApiPropertyOptional({ type: NextHearingView, nullable: true }) nextHearing!: NextHearingView | null;
  @ApiPropertyOptional({ type: NextDeadlineView, nullable: true }) nextDeadline!: NextDeadlineView | null;
}

export class CourtClosureView {
  @ApiProperty() id!: string;
  @ApiProperty() courtCode!: string;
  @ApiProperty() date!: string;
  @ApiProperty() reason!: string;
  @ApiProperty() createdAt!: Date;
}

export class DeadlineSettingsView {
  @ApiProperty() courtCode!: string;
  @ApiProperty() masterHearingFilingDays!: number;
  @ApiProperty() individualHearingFilingDays!: number;
  @ApiProperty({ nullable: true, type: String }) note!: string | null;
  @ApiProperty({ description: 'false: no setting stored, the defaults apply' }) configured!: boolean;
}
