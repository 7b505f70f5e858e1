import { Column, Entity, PrimaryColumn } from 'typeorm';

export const COURT_STATUSES = ['active', 'active-limited', 'closed', 'unverified'] as const;
export type CourtStatus = (typeof COURT_STATUSES)[number];

/** An EOIR immigration court, keyed by its EOIR base-city code (e.g. `NYC`). */
@Entity({ name: 'courts' })
export class Court {
  @PrimaryColumn({ type: 'text' })
  code!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text' })
  city!: string;

  @Column({ type: 'char', length: 2 })
  state!: string;

  @Column({ type: 'text', nullable: true })
  address!: string | null;

  /** IANA zone: hearings are shown, and legal dates counted, in this zone. */
  @Column({ name: 'time_zone', type: 'text' })
  timeZone!: string;

  @Column({ type: 'double precision' })
  latitude!: number;

  @Column({ type: 'double precision' })
  longitude!: number;

  @Column({ name: 'coord_precision', type: 'text', nullable: true })
  coordPrecision!: string | null;

  @Column({ type: 'boolean', default: false })
  detained!: boolean;

  @Column({ type: 'text' })
  status!: CourtStatus;

  @Column({ type: 'text', nullable: true })
  note!: string | null;

  @Column({ type: 'text', nullable: true })
  source!: string | null;
}
