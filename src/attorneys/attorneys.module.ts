import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { CourtsModule } from '../courts/courts.module';
import { Attorney } from './attorney.entity';
import { AttorneysController } from './attorneys.controller';
import { AttorneysService } from './attorneys.service';

@Module({
  imports: [TypeOrmModule.forFeature([Attorney]), AuditModule, CourtsModule],
  controllers: [AttorneysController],
  providers: [AttorneysService],
  exports: [AttorneysService],
})
export class AttorneysModule {}
