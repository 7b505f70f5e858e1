import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { DecisionKind } from './decision.entity';
import { HearingChangeKind, HearingState } from './hearing-change.entity';
import { HearingKind, HearingOutcome, HearingStatus } from './hearing.entity';
import { LocalTimeView } from '../time';

export class LocalTimeDto implements LocalTimeView {
  @ApiProperty({ example: '2027-03-03' }) date!: string;
  @ApiProperty({ example: '09:00' }) time!: string;
  @ApiProperty({ example: 'America/New_York' }) timeZone!: string;
  @ApiProperty({ example: 'Eastern Time' }) zoneName!: string;
  @ApiProperty({ example: 'EST' }) abbreviation!: string;
  @ApiProperty({ example: '-05:00' }) utcOffset!: string;
  @ApiProperty({ example: 'Wed, Mar 3, 2027, 9:00 AM EST' }) display!: string;
}

export class CourtRefView {
  @ApiProperty({ example: 'NYC' }) code!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ nullable: true, type: String }) address!: string | null;
  @ApiProperty({ example: 'America/New_York' }) timeZone!: string;
}

export class HearingWarningView {
  @ApiProperty({ example: 'ambiguous_local_time' }) code!: string;
  @ApiProperty() message!: string;
  @ApiPropertyOptional({ description: 'The instant chosen' }) chosen?: string;
  @ApiPropertyOptional({ description: 'The other instant the local time could mean' }) alternative?: string;
  @ApiPropertyOptional({
    description:
      'family_unreachable_no_channel: the child and sponsor, each with why no reminder can reach them ' +
      '(no_consent, no_contact, contact_erased, stopped, no_sponsor)',
    example: [{ role: 'child', id: '6f1c…', reason: 'no_consent' }],
  })
  people?: { role: 'child' | 'sponsor'; id: string | null; reason: string }[];
}

export class HearingView {
  @ApiProperty() id!: string;
  @ApiProperty() caseId!: string;
  @ApiProperty({ enum: ['master', 'individual', 'bond', 'status', 'other'] }) hearingType!: HearingKind;
  @ApiProperty({ enum: ['scheduled', 'completed', 'cancelled'] }) status!: HearingStatus;
  @ApiProperty({ description: 'Goes up when time, place or remote details change' }) version!: number;
  @ApiProperty({ description: 'Court of filing' }) courtCode!: string;
  @ApiProperty({ type: CourtRefView }) court!: CourtRefView;
  @ApiProperty({ description: 'Court where the hearing is held' }) locationCourtCode!: string;
  @ApiProperty({ type: CourtRefView }) location!: CourtRefView;
  @ApiProperty({ nullable: true, type: String }) locationNote!: string | null;
  @ApiProperty({ example: '2027-03-03T14:00:00.000Z', description: 'The instant' }) startsAt!: string;
  @ApiProperty({
    type: LocalTimeDto,
    description: "The same instant at the hearing location, in that court's zone",
  })
  local!: LocalTimeDto;
  @ApiProperty() remote!: boolean;
  @ApiProperty({ nullable: true, type: String }) remoteLink!: string | null;
  @ApiProperty({ nullable: true, type: String }) remoteInstructions!: string | null;
  @ApiProperty({ nullable: true, type: Object }) outcome!: HearingOutcome | null;
  @ApiProperty() createdAt!: Date;
  @ApiProperty() updatedAt!: Date;
  @ApiPropertyOptional({
    type: [HearingWarningView],
    description: 'On writes only: e.g. an ambiguous local time',
  })
  warnings?: HearingWarningView[];
}

export class HearingChangeView {
  @ApiProperty() id!: string;
  @ApiProperty() version!: number;
  @ApiProperty({ enum: ['created', 'rescheduled', 'updated', 'cancelled', 'outcome'] })
  change!: HearingChangeKind;
  @ApiProperty({ nullable: true, type: Object }) previous!: HearingState | null;
  @ApiProperty({ type: Object }) current!: HearingState;
  @ApiProperty({ nullable: true, type: String }) reason!: string | null;
  @ApiProperty({ nullable: true, type: String }) actorUserId!: string | null;
  @ApiProperty() changedAt!: Date;
}

export class DecisionView {
  @ApiProperty() id!: string;
  @ApiProperty() caseId!: string;
  @ApiProperty({ nullable: true, type: String }) hearingId!: string | null;
  @ApiProperty({ enum: ['ij_decision', 'final_order', 'in_absentia_order', 'other'] }) kind!: DecisionKind;
  @ApiProperty({ example: '2027-03-03' }) decidedOn!: string;
  @ApiProperty() timeZone!: string;
  @ApiProperty({ nullable: true, type: String }) note!: string | null;
  @ApiProperty() createdAt!: Date;
}

export class HearingOutcomeView {
  @ApiProperty({ type: HearingView }) hearing!: HearingView;
  @ApiProperty({ type: HearingView, nullable: true }) nextHearing!: HearingView | null;
  @ApiProperty({ type: DecisionView, nullable: true }) decision!: DecisionView | null;
}
