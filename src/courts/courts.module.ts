import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Court } from './court.entity';
import { CourtsController } from './courts.controller';
import { CourtsService } from './courts.service';
import { Language } from './language.entity';

@Module({
  imports: [TypeOrmModule.forFeature([Court, Language])],
  controllers: [CourtsController],
  providers: [CourtsService],
  exports: [CourtsService],
})
export class CourtsModule {}
