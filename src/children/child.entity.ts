import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export const SPANISH_PROFICIENCIES = ['none', 'basic', 'conversational', 'fluent', 'native'] as const;
export type SpanishProficiency = (typeof SPANISH_PROFICIENCIES)[number];
export const REMINDER_CHANNELS = ['email', 'sms'] as const;
export type ReminderChannel = (typeof REMINDER_CHANNELS)[number];

/** A child released to a sponsor. `*Enc` columns are ciphertext; read them through the children service. */
@Entity({ name: 'children' })
export class Child {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'organization_id', type: 'uuid' })
  organizationId!: string;

  @Column({ name: 'first_name', type: 'text' })
  firstName!: string;

  @Column({ name: 'last_name', type: 'text' })
  lastName!: string;

  @Column({ name: 'date_of_birth', type: 'date' })
  dateOfBirth!: string;

  @Column({ name: 'country_of_birth', type: 'char', length: 2 })
  countryOfBirth!: string;

  @Column({ name: 'a_number_enc', type: 'text' })
  aNumberEnc!: string;

  @Column({ name: 'a_number_index', type: 'text' })
  aNumberIndex!: string;

  @Column({ name: 'primary_language', type: 'char', length: 3 })
  primaryLanguage!: string;

  @Column({ name: 'other_languages', type: 'text', array: true, default: () => "'{}'" })
  otherLanguages!: string[];

  @Column({ name: 'spanish_proficiency', type: 'text', default: 'none' })
  spanishProficiency!: SpanishProficiency;

  @Column({ name: 'release_date', type: 'date' })
  releaseDate!: string;

  @Column({ name: 'designated_unaccompanied', type: 'boolean', default: true })
  designatedUnaccompanied!: boolean;

  @Column({ name: 'street_enc', type: 'text', nullable: true })
  streetEnc!: string | null;

  @Column({ type: 'text', nullable: true })
  city!: string | null;

  @Column({ type: 'char', length: 2, nullable: true })
  state!: string | null;

  @Column({ type: 'char', length: 5, nullable: true })
  zip!: string | null;

  @Column({ type: 'text', nullable: true })
  county!: string | null;

  @Column({ name: 'county_fips', type: 'char', length: 5, nullable: true })
  countyFips!: string | null;

  @Column({ type: 'double precision', nullable: true })
  latitude!: number | null;

  @Column({ type: 'double precision', nullable: true })
  longitude!: number | null;

  @Column({ name: 'time_zone', type: 'text', nullable: true })
  timeZone!: string | null;

  @Column({ name: 'phone_enc', type: 'text', nullable: true })
  phoneEnc!: string | null;

  @Column({ name: 'email_enc', type: 'text', nullable: true })
  emailEnc!: string | null;

  @Column({ name: 'reminder_language', type: 'char', length: 3, nullable: true })
  reminderLanguage!: string | null;

  @Column({ name: 'reminder_channels', type: 'text', array: true, default: () => "'{}'" })
  reminderChannels!: ReminderChannel[];

  @Column({ name: 'reminder_consent', type: 'boolean', default: false })
  reminderConsent!: boolean;

  @Column({ name: 'reminder_consent_at', type: 'timestamptz', nullable: true })
  reminderConsentAt!: Date | null;

  @Column({ name: 'contact_purged_at', type: 'timestamptz', nullable: true })
  contactPurgedAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
