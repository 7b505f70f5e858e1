import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { AppError } from '../common/app-error';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { AuthenticatedUser } from './decorators';
import { LoginResponseDto } from './dto';
import { LoginAttempts } from './login-attempts';
import { dummyPasswordHash, verifyPassword } from './passwords';
import { User } from './user.entity';
import { toUserDto } from './users.service';

interface TokenClaims {
  sub: string;
  role: string;
  /** The user's token version when the token was signed: a token of an older version is refused. */
  ver: number;
}

const invalidLogin = () =>
  new AppError(HttpStatus.UNAUTHORIZED, 'invalid_credentials', 'The e-mail or password is not right.');

@Injectable()
export class AuthService {
  private readonly failures: LoginAttempts;

  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    private readonly jwt: JwtService,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.failures = new LoginAttempts(
      config.auth.loginRateLimitPerAddress,
      config.auth.loginRateWindowSeconds * 1000,
    );
  }

  /** Seconds the client address must wait after too many failed logins (any e-mails), or 0. */
  loginRetryAfter(address: string): number {
    return this.failures.retryAfterSeconds(address);
  }

  async login(email: string, password: string, address = 'unknown'): Promise<LoginResponseDto> {
    const user = await this.users
      .createQueryBuilder('u')
      .addSelect('u.passwordHash')
      .where('u.email = :email', { email })
      .getOne();
    // Always one argon2 verification (a dummy hash for an unknown e-mail), so a miss takes as long as a hit.
    const ok = await verifyPassword(user?.passwordHash ?? (await dummyPasswordHash()), password);
    if (!user || !ok || user.disabledAt) {
      // A disabled account gets the same answer as a wrong password, whatever the password: a distinct answer
      // given only for the right password would confirm a guessed password of a disabled (e.g. departed
      // volunteer's) account, which may be reused elsewhere. Telling "disabled" without checking the password
      // would in turn reveal which e-mails have accounts. The audit trail keeps the distinction.
      this.failures.recordFailure(address);
      await this.audit.record({
        action: user && ok ? 'auth.login_refused_disabled' : 'auth.login_failed',
        entityType: 'user',
        entityId: user?.id ?? null,
        details: {},
      });
      throw invalidLogin();
    }
    user.lastLoginAt = new Date();
    await this.users.update({ id: user.id }, { lastLoginAt: user.lastLoginAt });
    const claims: TokenClaims = { sub: user.id, role: user.role, ver: user.tokenVersion };
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

  /**
   * Resolves a bearer token to an active user, or undefined. Read from the database on every request: a disabled
   * user, and a token older than the user's token version (password change, sign-out, role or organization
   * change), lose access at once; role and organization are the current ones, never the token's.
   */
  async authenticate(token: string): Promise<AuthenticatedUser | undefined> {
    let claims: TokenClaims;
    try {
      claims = await this.jwt.verifyAsync<TokenClaims>(token);
    } catch {
      return undefined;
    }
    const user = await this.users.findOneBy({ id: claims.sub });
    if (!user || user.disabledAt || claims.ver !== user.tokenVersion) return undefined;
    return { id: user.id, email: user.email, role: user.role, displayName: user.displayName, organizationId: user.organizationId };
  }
}
