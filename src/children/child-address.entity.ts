import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** Every address a child has had. A move is a legal trigger (EOIR-33 within 5 days), so history is kept. */
@Entity({ name: 'child_addresses' })
export class ChildAddress {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'child_id', type: 'uuid' })
  childId!: string;

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

  @Column({ type: 'double precision', nullable: true })
  latitude!: number | null;

  @Column({ type: 'double precision', nullable: true })
  longitude!: number | null;

  @Column({ name: 'time_zone', type: 'text', nullable: true })
  timeZone!: string | null;

  @Column({ name: 'moved_at', type: 'timestamptz' })
  movedAt!: Date;

  @Column({ name: 'recorded_at', type: 'timestamptz', default: () => 'now()' })
  recordedAt!: Date;
}
