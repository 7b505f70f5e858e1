import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { CourtsModule } from '../courts/courts.module';
import { AttorneyBulkWriter } from './attorney-bulk-writer';
import { Attorney } from './attorney.entity';
import { AttorneysController } from './attorneys.controller';
import { AttorneysService } from './attorneys.service';

@Module({
  imports: [TypeOrmModule.forFeature([Attorney]), AuditModule, CourtsModule],
  controllers: [AttorneysController],
  providers: [AttorneysService, AttorneyBulkWriter],
  exports: [AttorneysService, AttorneyBulkWriter],
})
export class AttorneysModule {}
