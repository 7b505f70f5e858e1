import { Module } from '@nestjs/common';
import { AuthModule } from '../../auth/auth.module';
import { QueueDashboard } from './queue-dashboard';

/** The admins' queue dashboard; imported by processes that serve HTTP. */
@Module({
  imports: [AuthModule],
  providers: [QueueDashboard],
  exports: [QueueDashboard],
})
export class QueueDashboardModule {}
