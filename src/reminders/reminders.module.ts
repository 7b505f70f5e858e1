import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { CasesModule } from '../cases/cases.module';
import { QUEUE } from '../queue/queue-names';
import { TasksModule } from '../tasks/tasks.module';
import { ChannelRegistry, REMINDER_CHANNELS } from './channels/reminder-channel';
import { EmailChannel } from './channels/email.channel';
import { SmsChannel } from './channels/sms.channel';
import { CoordinatorDigest } from './coordinator-digest';
import { PolicyReplans, PolicyReplanWorker } from './policy-replan';
import { ReminderMaintenance } from './reminder-maintenance';
import { ReminderMetrics } from './reminder-metrics';
import { ReminderPlanner } from './reminder-planner.service';
import { ReminderPolicyService } from './reminder-policy.service';
import { ReminderQueue } from './reminder-queue';
import { ReminderSender } from './reminder-sender.service';
import { ReminderStopsController } from './reminder-stops.controller';
import { ReminderStops } from './reminder-stops.service';
import { ReminderProcessor } from './reminder.processor';
import { SchedulingModule } from '../scheduling/scheduling.module';
import { RemindersController } from './reminders.controller';
import { RemindersService } from './reminders.service';
import { StopLinks } from './stop-links';
import { UnsubscribeController } from './unsubscribe.controller';

/**
 * Reminders in every role: planning inside the transactions of hearing/deadline/child/case changes (domain
 * events), jobs after commit, stop links, and the read API.
 */
@Module({
  imports: [BullModule.registerQueue({ name: QUEUE.reminders }), AuditModule, CasesModule, TasksModule],
  controllers: [RemindersController, UnsubscribeController, ReminderStopsController],
  providers: [
    ReminderPolicyService,
    PolicyReplans,
    ReminderQueue,
    ReminderPlanner,
    ReminderStops,
    RemindersService,
    StopLinks,
    ReminderMetrics,
    EmailChannel,
    SmsChannel,
    {
      provide: REMINDER_CHANNELS,
      inject: [EmailChannel, SmsChannel],
      useFactory: (email: EmailChannel, sms: SmsChannel) => new ChannelRegistry([email, sms]),
    },
    ReminderSender,
  ],
  exports: [
    ReminderPlanner,
    ReminderQueue,
    ReminderSender,
    ReminderMetrics,
    StopLinks,
    TasksModule,
    ReminderPolicyService,
    PolicyReplans,
    REMINDER_CHANNELS,
  ],
})
export class RemindersModule {}

/** Worker role only: the reminder job processor, the outbox sweep/reconciler/escalation and the digest. */
@Module({
  imports: [RemindersModule, SchedulingModule],
  providers: [ReminderProcessor, ReminderMaintenance, CoordinatorDigest, PolicyReplanWorker],
  exports: [ReminderMaintenance, CoordinatorDigest],
})
export class RemindersWorkerModule {}
