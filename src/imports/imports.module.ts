import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AttorneysModule } from '../attorneys/attorneys.module';
import { AuditModule } from '../audit/audit.module';
import { ChildrenModule } from '../children/children.module';
import { CourtsModule } from '../courts/courts.module';
import { QUEUE } from '../queue/queue-names';
import { ImportRecord } from './import.entity';
import { ImportRunner } from './import-runner';
import { ImportsController } from './imports.controller';
import { ImportsService } from './imports.service';

/** CSV imports of children and attorneys. The queue processor (ImportsProcessor) lives in the worker role. */
@Module({
  imports: [
    TypeOrmModule.forFeature([ImportRecord]),
    BullModule.registerQueue({ name: QUEUE.imports }),
    AuditModule,
    CourtsModule,
    ChildrenModule,
    AttorneysModule,
  ],
  controllers: [ImportsController],
  providers: [ImportsService, ImportRunner],
  exports: [ImportsService],
})
export class ImportsModule {}
