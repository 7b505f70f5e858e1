import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { notFound } from '../common/app-error';
import { Court, CourtStatus } from './court.entity';
import { Language } from './language.entity';

@Injectable()
export class CourtsService {
  constructor(
    @InjectRepository(Court) private readonly courts: Repository<Court>,
    @InjectRepository(Language) private readonly languages: Repository<Language>,
  ) {}

  /** Active courts by default ('active' and 'active-limited'); `status: 'all'` lists every one. */
  listCourts(filter: { state?: string; status?: CourtStatus | 'all' }): Promise<Court[]> {
    const qb = this.courts.createQueryBuilder('c').orderBy('c.state').addOrderBy('c.name');
    if (filter.state) qb.andWhere('c.state = :state', { state: filter.state });
    const status = filter.status ?? 'active';
    if (status === 'active') qb.andWhere(`c.status IN ('active', 'active-limited')`);
    else if (status !== 'all') qb.andWhere('c.status = :status', { status });
    return qb.getMany();
  }

  async getCourt(code: string): Promise<Court> {
    const court = await this.courts.findOneBy({ code: code.toUpperCase() });
    if (!court)
      throw notFound(
        'court_not_found',
        `No immigration court has EOIR code ${code}. GET /courts lists them.`,
      );
    return court;
  }

  async findCourt(code: string): Promise<Court | null> {
    return this.courts.findOneBy({ code: code.toUpperCase() });
  }

  listLanguages(): Promise<Language[]> {
    return this.languages.find({ order: { name: 'ASC' } });
  }

  /** The subset of `codes` that are not known ISO 639-3 languages here. */
  async unknownLanguages(codes: string[]): Promise<string[]> {
    if (codes.length === 0) return [];
    const rows = await this.languages
      .createQueryBuilder('l')
      .select('l.code', 'code')
      .where('l.code IN (:...codes)', { codes })
      .getRawMany<{ code: string }>();
    const known = new Set(rows.map((r) => r.code));
    return [...new Set(codes)].filter((c) => !known.has(c));
  }
}
