import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CalendarFeedOwner } from './calendar-feed.entity';

export class CalendarFeedView {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: ['attorney', 'organization'] }) ownerKind!: CalendarFeedOwner;
  @ApiProperty({ nullable: true, type: String }) attorneyId!: string | null;
  @ApiProperty({ nullable: true, type: String }) organizationId!: string | null;
  @ApiProperty() active!: boolean;
  @ApiProperty() createdAt!: Date;
  @ApiProperty({ nullable: true, type: Date }) revokedAt!: Date | null;
  @ApiProperty({ nullable: true, type: Date }) lastUsedAt!: Date | null;
}

export class CreatedCalendarFeedView extends CalendarFeedView {
  @ApiProperty({
    example: 'https://amparo.example.org/calendar/3q2-…-x9w.ics',
    description:
      'The secret subscription URL: shown only now. Anyone with it can read the feed; revoke it if it leaks.',
  })
  url!: string;

  @ApiPropertyOptional({
    nullable: true,
    type: String,
    description: 'The feed this one replaced (now revoked)',
  })
  replacedFeedId!: string | null;
}
