import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { AdvisoryLock } from './advisory-lock';
import { AfterCommit } from './after-commit';
import { QueryLogger } from './query-logger';

/**
 * TypeORM over `pg`. The schema is never synchronized: `prepareDatabase` (run by `main` and by the test setup)
 * applies the migrations in `migrations/` before this module connects.
 */
@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => {
        if (!config.database.url)
          throw new Error('database URL not resolved before the module graph was built');
        return {
          type: 'postgres' as const,
          url: config.database.url,
          autoLoadEntities: true,
          synchronize: false,
          migrationsRun: false,
          extra: { max: config.database.poolSize, application_name: `amparo-${config.role}` },
          // Failed queries surface as exceptions (logged by the error filter when they become a 500); the
          // logger names a statement by a fingerprint, never with its parameters.
          logger: new QueryLogger(config.logLevel),
        };
      },
    }),
  ],
  // AfterCommit is here so every publisher (reminders, offers, imports) queues its jobs after its own commit.
  providers: [AdvisoryLock, AfterCommit],
  exports: [AdvisoryLock, AfterCommit],
})
export class DatabaseModule {}
