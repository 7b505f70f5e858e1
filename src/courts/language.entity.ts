import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A language by its ISO 639-3 code. The EOIR interpreter code is kept beside it and never derived
 * from it: the two code lists clash (EOIR `CRE` is Haitian Creole, ISO `cre` is Cree).
 */
@Entity({ name: 'languages' })
export class Language {
  @PrimaryColumn({ type: 'char', length: 3 })
  code!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text', nullable: true })
  autonym!: string | null;

  @Column({ name: 'eoir_code', type: 'text', nullable: true })
  eoirCode!: string | null;

  @Column({ type: 'text', nullable: true })
  notes!: string | null;
}
