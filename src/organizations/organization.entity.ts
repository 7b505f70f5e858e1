import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export const ORGANIZATION_KINDS = ['legal_service_provider', 'pro_bono_program', 'other'] as const;
export type OrganizationKind = (typeof ORGANIZATION_KINDS)[number];

/** A legal-service provider or pro bono program. Coordinators belong to one; attorneys volunteer with several. */
@Entity({ name: 'organizations' })
export class Organization {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text' })
  kind!: OrganizationKind;

  @Column({ type: 'char', length: 2, nullable: true })
  state!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
