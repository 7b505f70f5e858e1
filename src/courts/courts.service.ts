import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { notFound } from '../common/app-error';
import { Court, CourtStatus } from './court.entity';
import { Language } from './language.entity';

@Injectable()
export class CourtsService {
  private languageCodes: Promise<ReadonlySet<string>> | undefined;
  private languageNameMap: Promise<ReadonlyMap<string, string>> | undefined;

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

  /** Every ISO 639-3 code known here (reference data changes only with a release, so it is cached). */
  async knownLanguageCodes(): Promise<ReadonlySet<string>> {
    this.languageCodes ??= this.languages.find({ select: { code: true } }).then((rows) => new Set(rows.map((r) => r.code)));
    return this.languageCodes;
  }

  /** Language code → English name, for explanations and messages. */
  async languageNames(): Promise<ReadonlyMap<string, string>> {
    this.languageNameMap ??= this.languages.find().then((rows) => new Map(rows.map((r) => [r.code, r.name])));
    return this.languageNameMap;
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
