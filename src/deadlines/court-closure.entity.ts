import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A day a court is closed (weather, emergency, executive order): not a business day for its deadlines. */
@Entity({ name: 'court_closures' })
export class CourtClosure {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'court_code', type: 'text' })
  courtCode!: string;

  @Column({ name: 'closed_on', type: 'date' })
  closedOn!: string;

  @Column({ type: 'text' })
  reason!: string;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
