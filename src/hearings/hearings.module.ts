import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { CasesModule } from '../cases/cases.module';
import { CourtsModule } from '../courts/courts.module';
import { DeadlinesModule } from '../deadlines/deadlines.module';
import { CaseDecision } from './decision.entity';
import { HearingChange } from './hearing-change.entity';
import { Hearing } from './hearing.entity';
import { HearingsController } from './hearings.controller';
import { HearingsService } from './hearings.service';

@Module({
  imports: [
    TypeOrmModule.forFeature([Hearing, HearingChange, CaseDecision]),
    AuditModule,
    CasesModule,
    CourtsModule,
    DeadlinesModule,
  ],
  controllers: [HearingsController],
  providers: [HearingsService],
  exports: [HearingsService],
})
export class HearingsModule {}
