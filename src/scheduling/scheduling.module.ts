import { Module } from '@nestjs/common';
import { Scheduler } from './scheduler';

/** Imported by the worker modules only: scheduled tasks exist in processes whose role runs workers. */
@Module({ providers: [Scheduler], exports: [Scheduler] })
export class SchedulingModule {}
