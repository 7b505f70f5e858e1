import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectRepository } from '@nestjs/typeorm';
import { HttpStatus } from '@nestjs/common';
import { Repository } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { AppError } from '../common/app-error';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { AuthenticatedUser } from './decorators';
import { LoginResponseDto } from './dto';
import { dummyPasswordHash, verifyPassword } from './passwords';
import { User } from './user.entity';
import { toUserDto } from './users.service';

interface TokenClaims {
  sub: string;
  role: string;
}

const invalidLogin = () =>
  new AppError(HttpStatus.UNAUTHORIZED, 'invalid_credentials', 'The e-mail or password is not right.');

@Injectable()
export class AuthService {
  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    private readonly jwt: JwtService,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async login(email: string, password: string): Promise<LoginResponseDto> {
    const user = await this.users
      .createQueryBuilder('u')
      .addSelect('u.passwordHash')
      .where('u.email = :email', { email })
      .getOne();
    const ok = await verifyPassword(user?.passwordHash ?? (await dummyPasswordHash()), password);
    if (!user || !ok) {
      await this.audit.record({
        action: 'auth.login_failed',
        entityType: 'user',
        entityId: user?.id ?? null,
        details: {},
      });
      throw invalidLogin();
    }
    if (user.disabledAt) {
      await this.audit.record({
        action: 'auth.login_refused_disabled',
        entityType: 'user',
        entityId: user.id,
        details: {},
      });
      throw new AppError(
        HttpStatus.FORBIDDEN,
        'account_disabled',
        'This account is disabled. Ask an administrator.',
      );
    }
    user.lastLoginAt = new Date();
    await this.users.update({ id: user.id }, { lastLoginAt: user.lastLoginAt });
    const claims: TokenClaims = { sub: user.id, role: user.role };
    const accessToken = await this.jwt.signAsync(claims, { expiresIn: this.config.auth.jwtTtlSeconds });
    await this.audit.record({
      action: 'auth.login',
      entityType: 'user',
      entityId: user.id,
      details: {},
      actor: { userId: user.id, role: user.role, email: user.email },
    });
    return {
      accessToken,
      tokenType: 'Bearer',
      expiresIn: this.config.auth.jwtTtlSeconds,
      user: toUserDto(user),
    };
  }

  /** Resolves a bearer token to an active user, or undefined. Disabled users lose access at once. */
  async authenticate(token: string): Promise<AuthenticatedUser | undefined> {
    let claims: TokenClaims;
    try {
      claims = await this.jwt.verifyAsync<TokenClaims>(token);
    } catch {
      return undefined;
    }
    const user = await this.users.findOneBy({ id: claims.sub });
    if (!user || user.disabledAt) return undefined;
    return { id: user.id, email: user.email, role: user.role, displayName: user.displayName, organizationId: user.organizationId };
  }
}
