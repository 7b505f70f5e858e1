import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { CasesModule } from '../cases/cases.module';
import { CourtsModule } from '../courts/courts.module';
import { CourtCalendarService } from './court-calendar.service';
import { CourtClosure } from './court-closure.entity';
import { CourtDeadlineSettings } from './court-deadline-settings.entity';
import { Deadline } from './deadline.entity';
import { CourtCalendarController, DeadlinesController } from './deadlines.controller';
import { DeadlinesService } from './deadlines.service';

@Module({
  imports: [
    TypeOrmModule.forFeature([Deadline, CourtClosure, CourtDeadlineSettings]),
    AuditModule,
    CasesModule,
    CourtsModule,
  ],
  controllers: [DeadlinesController, CourtCalendarController],
  providers: [DeadlinesService, CourtCalendarService],
  exports: [DeadlinesService],
})
export class DeadlinesModule {}
