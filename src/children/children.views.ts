import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ReminderChannel, SpanishProficiency } from './child.entity';
import { SponsorCategory } from './sponsor.entity';

export class AddressView {
  @ApiProperty({ nullable: true, type: String }) street!: string | null;
  @ApiProperty({ nullable: true, type: String }) city!: string | null;
  @ApiProperty({ nullable: true, type: String }) state!: string | null;
  @ApiProperty({ nullable: true, type: String }) zip!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) county?: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) countyFips?: string | null;
  @ApiPropertyOptional({ nullable: true, type: Number }) latitude?: number | null;
  @ApiPropertyOptional({ nullable: true, type: Number }) longitude?: number | null;
  @ApiProperty({ nullable: true, type: String }) timeZone!: string | null;
}

export class SponsorView {
  @ApiProperty() id!: string;
  @ApiProperty() firstName!: string;
  @ApiProperty() lastName!: string;
  @ApiProperty({ enum: [1, 2, 3] }) relationshipCategory!: SponsorCategory;
  @ApiProperty({ nullable: true, type: String }) relationship!: string | null;
  @ApiProperty({ type: AddressView, nullable: true }) address!: AddressView | null;
  @ApiProperty({ nullable: true, type: String }) phone!: string | null;
  @ApiProperty({ nullable: true, type: String }) email!: string | null;
  @ApiProperty({ nullable: true, type: String }) preferredLanguage!: string | null;
  @ApiProperty({ type: [String] }) reminderChannels!: ReminderChannel[];
}

export class ChildSummaryView {
  @ApiProperty() id!: string;
  @ApiProperty() organizationId!: string;
  @ApiProperty() firstName!: string;
  @ApiProperty() lastName!: string;
  @ApiProperty({ example: '2010-04-17' }) dateOfBirth!: string;
  @ApiProperty({ description: 'Age today in whole years' }) age!: number;
  @ApiProperty() countryOfBirth!: string;
  @ApiProperty({ example: 'A-XXX-XXX-789' }) aNumberMasked!: string;
  @ApiProperty() primaryLanguage!: string;
  @ApiProperty({ type: [String] }) otherLanguages!: string[];
  @ApiProperty() releaseDate!: string;
  @ApiProperty({ nullable: true, type: String }) city!: string | null;
  @ApiProperty({ nullable: true, type: String }) county!: string | null;
  @ApiProperty({ nullable: true, type: String }) state!: string | null;
  @ApiProperty() createdAt!: Date;
}

export class ReminderPreferencesView {
  @ApiProperty({ nullable: true, type: String }) language!: string | null;
  @ApiProperty({ type: [String] }) channels!: ReminderChannel[];
  @ApiProperty() consent!: boolean;
  @ApiProperty({ nullable: true, type: Date }) consentAt!: Date | null;
}

export class ChildView extends ChildSummaryView {
  @ApiProperty({ example: 'A-123-456-789' }) aNumber!: string;
  @ApiProperty() spanishProficiency!: SpanishProficiency;
  @ApiProperty() designatedUnaccompanied!: boolean;
  @ApiProperty({ type: AddressView, nullable: true }) address!: AddressView | null;
  @ApiProperty({ nullable: true, type: String }) phone!: string | null;
  @ApiProperty({ nullable: true, type: String }) email!: string | null;
  @ApiProperty({ type: ReminderPreferencesView }) reminders!: ReminderPreferencesView;
  @ApiProperty({ nullable: true, type: Date }) contactPurgedAt!: Date | null;
  @ApiProperty() updatedAt!: Date;
  @ApiProperty({ type: SponsorView, nullable: true }) sponsor!: SponsorView | null;
}

export class AddressHistoryView extends AddressView {
  @ApiProperty() movedAt!: Date;
  @ApiProperty() recordedAt!: Date;
}
