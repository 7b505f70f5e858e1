import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { ReminderChannel } from './child.entity';

/** ORR sponsor categories: 1 parent or legal guardian, 2 close relative, 3 distant relative or unrelated adult. */
export const SPONSOR_CATEGORIES = [1, 2, 3] as const;
export type SponsorCategory = (typeof SPONSOR_CATEGORIES)[number];

@Entity({ name: 'sponsors' })
export class Sponsor {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'child_id', type: 'uuid' })
  childId!: string;

  @Column({ name: 'first_name', type: 'text' })
  firstName!: string;

  @Column({ name: 'last_name', type: 'text' })
  lastName!: string;

  @Column({ name: 'relationship_category', type: 'smallint' })
  relationshipCategory!: SponsorCategory;

  @Column({ type: 'text', nullable: true })
  relationship!: string | null;

  @Column({ name: 'street_enc', type: 'text', nullable: true })
  streetEnc!: string | null;

  @Column({ type: 'text', nullable: true })
  city!: string | null;

  @Column({ type: 'char', length: 2, nullable: true })
  state!: string | null;

  @Column({ type: 'char', length: 5, nullable: true })
  zip!: string | null;

  @Column({ name: 'time_zone', type: 'text', nullable: true })
  timeZone!: string | null;

  @Column({ name: 'phone_enc', type: 'text', nullable: true })
  phoneEnc!: string | null;

  @Column({ name: 'email_enc', type: 'text', nullable: true })
  emailEnc!: string | null;

  @Column({ name: 'preferred_language', type: 'char', length: 3, nullable: true })
  preferredLanguage!: string | null;

  @Column({ name: 'reminder_channels', type: 'text', array: true, default: () => "'{}'" })
  reminderChannels!: ReminderChannel[];

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
