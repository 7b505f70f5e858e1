import { Inject, Logger, Module, OnApplicationBootstrap } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { ThrottlerModule } from '@nestjs/throttler';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { AuthService } from './auth.service';
import { LoginThrottlerGuard } from './login-throttler.guard';
import { User } from './user.entity';
import { UsersController } from './users.controller';
import { UsersService } from './users.service';

@Module({
  imports: [
    TypeOrmModule.forFeature([User]),
    AuditModule,
    JwtModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        secret: config.auth.jwtSecret,
        signOptions: { algorithm: 'HS256', issuer: 'amparo' },
        verifyOptions: { algorithms: ['HS256'], issuer: 'amparo' },
      }),
    }),
    ThrottlerModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        throttlers: [
          {
            name: 'login',
            limit: config.auth.loginRateLimit,
            ttl: config.auth.loginRateWindowSeconds * 1000,
          },
        ],
      }),
    }),
  ],
  controllers: [AuthController, UsersController],
  providers: [AuthService, UsersService, LoginThrottlerGuard, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [UsersService, AuthService],
})
export class AuthModule implements OnApplicationBootstrap {
  private readonly logger = new Logger(AuthModule.name);

  constructor(
    private readonly users: UsersService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The first admin comes from ADMIN_EMAIL / ADMIN_PASSWORD; an existing account is never overwritten. */
  async onApplicationBootstrap(): Promise<void> {
    const admin = this.config.auth.initialAdmin;
    if (!admin || this.config.role === 'worker') return;
    const { created } = await this.users.ensure({
      email: admin.email,
      password: admin.password,
      role: 'admin',
      displayName: 'Administrator',
    });
    if (created) this.logger.log(`created the first admin account ${admin.email}`);
  }
}
