import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { typeormDb } from '../../database/sql';
import { RankingContext, loadLanguageNames } from '../candidates/ranking';
import { MATCHING_SETTINGS, MatchingSettings } from '../matching-settings';

/** What ranking and offer e-mails need besides the rows: the settings, the time and the language names (cached). */
@Injectable()
export class RankingContexts {
  private languageNames: Promise<Map<string, string>> | undefined;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(MATCHING_SETTINGS) private readonly settings: MatchingSettings,
  ) {}

  async at(now: Date): Promise<RankingContext> {
    this.languageNames ??= loadLanguageNames(typeormDb(this.dataSource)).catch((err: unknown) => {
      this.languageNames = undefined;
      throw err;
    });
    return { settings: this.settings, now, languageNames: await this.languageNames };
  }
}
