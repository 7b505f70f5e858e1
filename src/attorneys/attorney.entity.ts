import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { CaseType } from '../cases/case-status';
import { LanguageProficiency } from '../matching/scoring/matching-profiles';

export interface AttorneyLanguage {
  code: string;
  proficiency: LanguageProficiency;
}

/** A volunteer attorney's profile, linked to their user account. */
@Entity({ name: 'attorneys' })
export class Attorney {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId!: string;

  /** States (and DC/territories) where the attorney is admitted to the bar. */
  @Column({ name: 'bar_admissions', type: 'text', array: true, default: () => "'{}'" })
  barAdmissions!: string[];

  @Column({ type: 'jsonb', default: () => "'[]'::jsonb" })
  languages!: AttorneyLanguage[];

  /** The codes of `languages`, kept beside them for a GIN index. */
  @Column({ name: 'language_codes', type: 'text', array: true, default: () => "'{}'" })
  languageCodes!: string[];

  @Column({ name: 'practice_areas', type: 'text', array: true, default: () => "'{}'" })
  practiceAreas!: CaseType[];

  @Column({ name: 'office_street_enc', type: 'text', nullable: true })
  officeStreetEnc!: string | null;

  @Column({ name: 'office_city', type: 'text', nullable: true })
  officeCity!: string | null;

  @Column({ name: 'office_state', type: 'char', length: 2, nullable: true })
  officeState!: string | null;

  @Column({ name: 'office_zip', type: 'char', length: 5, nullable: true })
  officeZip!: string | null;

  @Column({ name: 'office_county', type: 'text', nullable: true })
  officeCounty!: string | null;

  @Column({ type: 'double precision', nullable: true })
  latitude!: number | null;

  @Column({ type: 'double precision', nullable: true })
  longitude!: number | null;

  @Column({ name: 'time_zone', type: 'text', nullable: true })
  timeZone!: string | null;

  @Column({ name: 'travel_radius_miles', type: 'integer', default: 25 })
  travelRadiusMiles!: number;

  @Column({ name: 'remote_ok', type: 'boolean', default: false })
  remoteOk!: boolean;

  @Column({ type: 'integer', default: 3 })
  capacity!: number;

  /** Maintained by a database trigger from the attorney's represented cases. Read-only here. */
  @Column({ name: 'open_matters', type: 'integer', default: 0, insert: false, update: false })
  openMatters!: number;

  @Column({ name: 'paused_until', type: 'timestamptz', nullable: true })
  pausedUntil!: Date | null;

  @Column({ type: 'boolean', default: true })
  active!: boolean;

  @Column({ name: 'phone_enc', type: 'text', nullable: true })
  phoneEnc!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
