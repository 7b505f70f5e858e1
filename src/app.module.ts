import { DynamicModule, MiddlewareConsumer, Module, NestModule, RequestMethod, Type } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { DiscoveryModule } from '@nestjs/core';
import { LoggerModule } from './logging/logger.module';
import type { DestinationStream } from 'pino';
import { AttorneysModule } from './attorneys/attorneys.module';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { CalendarModule } from './calendar/calendar.module';
import { CasesModule } from './cases/cases.module';
import { ChildrenModule } from './children/children.module';
import { ContactRetention } from './children/contact-retention';
import { ClockModule } from './clock/clock';
import { DomainEventsModule } from './common/domain-events';
import { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { HttpExceptionFilter } from './common/http-exception.filter';
import { loggerParams } from './common/logging';
import { RequestContextMiddleware } from './common/request-context.middleware';
import { CourtsModule } from './courts/courts.module';
import { DatabaseModule } from './database/database.module';
import { DeadlineSweeper } from './deadlines/deadline-sweeper';
import { DeadlinesModule } from './deadlines/deadlines.module';
import { HealthModule } from './health/health.module';
import { HearingsModule } from './hearings/hearings.module';
import { ImportsModule } from './imports/imports.module';
import { QueueDashboardModule } from './queue/dashboard/queue-dashboard.module';
import { ImportsProcessor } from './imports/imports.processor';
import { LifecycleModule } from './health/lifecycle-state';
import { MailModule } from './mail/mail.module';
import { MatchingModule, MatchingWorkerModule } from './matching/matching.module';
import { HttpMetricsMiddleware } from './metrics/http-metrics.middleware';
import { MetricsModule } from './metrics/metrics.module';
import { OrganizationsModule } from './organizations/organizations.module';
import { PrivacyModule } from './privacy/privacy.module';
import { QueueModule } from './queue/queue.module';
import { RemindersModule, RemindersWorkerModule } from './reminders/reminders.module';
import { SchedulingModule } from './scheduling/scheduling.module';
import { SystemProcessor } from './queue/system.processor';
import { WorkerStartupCheck } from './queue/worker-startup-check';
import { TasksModule } from './tasks/tasks.module';

export interface AppOptions {
  /** Where logs go instead of stdout (tests that read everything logged). */
  logDestination?: DestinationStream;
}

/** Job processors and scheduled tasks: present only in processes that run the `worker` role. */
@Module({
  imports: [
    DiscoveryModule,
    SchedulingModule,
    AuditModule,
    DeadlinesModule,
    ImportsModule,
    RemindersWorkerModule,
    MatchingWorkerModule,
  ],
  providers: [SystemProcessor, WorkerStartupCheck, ContactRetention, DeadlineSweeper, ImportsProcessor],
})
class WorkerModule {}

/** The domain modules, shared by every role. */
const DOMAIN_MODULES: Type[] = [
  AuthModule,
  AuditModule,
  CourtsModule,
  OrganizationsModule,
  ChildrenModule,
  AttorneysModule,
  CasesModule,
  DeadlinesModule,
  HearingsModule,
  CalendarModule,
  ImportsModule,
  TasksModule,
  RemindersModule,
  MatchingModule,
  HealthModule,
];

@Module({})
export class AppModule implements NestModule {
  static forRole(config: AppConfig, options: AppOptions = {}): DynamicModule {
    const runsWorker = config.role === 'all' || config.role === 'worker';
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggerModule.forRoot(loggerParams(config, options.logDestination)),
        ClockModule,
        LifecycleModule,
        DomainEventsModule,
        PrivacyModule,
        DatabaseModule,
        QueueModule,
        MailModule,
        MetricsModule,
        ...DOMAIN_MODULES,
        ...(runsWorker ? [WorkerModule] : []),
        ...(config.role === 'worker' ? [] : [QueueDashboardModule]),
      ],
      providers: [{ provide: APP_FILTER, useClass: HttpExceptionFilter }],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer
      .apply(RequestContextMiddleware, HttpMetricsMiddleware)
      .forRoutes({ path: '{*splat}', method: RequestMethod.ALL });
  }
}
