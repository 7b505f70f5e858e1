import { Logger as NestLogger } from '@nestjs/common';
import type { Logger as TypeOrmLogger } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { describeError, statementFingerprint } from '../common/error-log';

/**
 * TypeORM's logger for the application's connection. It never prints a statement's parameters (they are
 * password hashes, children's names, dates of birth, ciphertexts) nor the statement's full text: a statement
 * is named by its first words and a fingerprint. Failed statements are logged at debug (the caller turns them
 * into an answer or a logged error); every statement only at trace.
 */
export class QueryLogger implements TypeOrmLogger {
  private readonly logger = new NestLogger('Database');
  private readonly traceQueries: boolean;

  constructor(level: AppConfig['logLevel']) {
    this.traceQueries = level === 'trace';
  }

  logQuery(query: string): void {
    if (this.traceQueries) this.logger.verbose(`query ${statementFingerprint(query)}`);
  }

  logQueryError(error: string | Error, query: string): void {
    const what = typeof error === 'string' ? 'failed' : describeError(error);
    this.logger.debug(`query failed: ${what} (${statementFingerprint(query)})`);
  }

  logQuerySlow(time: number, query: string): void {
    this.logger.warn(`slow query (${time} ms): ${statementFingerprint(query)}`);
  }

  logSchemaBuild(): void {
    // The schema comes from migrations only.
  }

  logMigration(message: string): void {
    this.logger.log(message);
  }

  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    const text = typeof message === 'string' ? message : 'TypeORM notice';
    if (level === 'warn') this.logger.warn(text);
    else this.logger.debug(text);
  }
}
