import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { CourtsModule } from '../courts/courts.module';
import { ChildBulkWriter } from './child-bulk-writer';
import { ChildAddress } from './child-address.entity';
import { Child } from './child.entity';
import { ChildrenController } from './children.controller';
import { ChildrenService } from './children.service';
import { Sponsor } from './sponsor.entity';

@Module({
  imports: [TypeOrmModule.forFeature([Child, Sponsor, ChildAddress]), AuditModule, CourtsModule],
  controllers: [ChildrenController],
  providers: [ChildrenService, ChildBulkWriter],
  exports: [ChildrenService, ChildBulkWriter],
})
export class ChildrenModule {}
