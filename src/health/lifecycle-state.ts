import { Global, Injectable, Module } from '@nestjs/common';

/** Set when shutdown begins, so readiness turns 503 and load balancers stop sending traffic. */
@Injectable()
export class LifecycleState {
  shuttingDown = false;
}

@Global()
@Module({ providers: [LifecycleState], exports: [LifecycleState] })
export class LifecycleModule {}
