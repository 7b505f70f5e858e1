import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckResult, HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { Public } from '../auth/decorators';
import { LifecycleState } from './lifecycle-state';
import { QueueHealthIndicator } from './queue.health';

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly queue: QueueHealthIndicator,
    private readonly lifecycle: LifecycleState,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Liveness: the process is up' })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  @HealthCheck()
  @ApiOperation({ summary: 'Readiness: database and job queue answer' })
  ready(): Promise<HealthCheckResult> {
    if (this.lifecycle.shuttingDown) throw new ServiceUnavailableException('shutting down');
    return this.health.check([
      () => this.database.pingCheck('database', { timeout: 2000 }),
      () => this.queue.check('queue'),
    ]);
  }
}
