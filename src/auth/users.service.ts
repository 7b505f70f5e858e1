import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { badRequest, conflict, notFound } from '../common/app-error';
import { CreateUserDto, UpdateUserDto, UserDto } from './dto';
import { assertPasswordAllowed } from './password-policy';
import { hashPassword } from './passwords';
import { User, UserRole } from './user.entity';

export function toUserDto(user: User): UserDto {
  return {
    id: user.id,
    email: user.email,
    displayName: user.displayName,
    role: user.role,
    organizationId: user.organizationId,
    disabledAt: user.disabledAt,
    lastLoginAt: user.lastLoginAt,
    createdAt: user.createdAt,
  };
}

@Injectable()
export class UsersService {
  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    private readonly audit: AuditService,
  ) {}

  async list(): Promise<UserDto[]> {
    const users = await this.users.find({ order: { createdAt: 'ASC' } });
    return users.map(toUserDto);
  }

  async get(id: string): Promise<UserDto> {
    const user = await this.users.findOneBy({ id });
    if (!user) throw notFound('user_not_found', `No user has id ${id}.`);
    return toUserDto(user);
  }

  async create(input: CreateUserDto): Promise<UserDto> {
    const existing = await this.users.findOneBy({ email: input.email });
    if (existing) throw conflict('email_taken', `A user with e-mail ${input.email} already exists.`);
    await this.checkOrganization(input.role, input.organizationId ?? null);
    assertPasswordAllowed(input.password, input);
    const user = await this.users.save(
      this.users.create({
        email: input.email,
        displayName: input.displayName,
        role: input.role,
        passwordHash: await hashPassword(input.password),
        organizationId: input.organizationId ?? null,
      }),
    );
    await this.audit.record({
      action: 'user.create',
      entityType: 'user',
      entityId: user.id,
      details: { role: user.role },
    });
    return toUserDto(user);
  }

  async update(id: string, input: UpdateUserDto): Promise<UserDto> {
    const user = await this.users.findOneBy({ id });
    if (!user) throw notFound('user_not_found', `No user has id ${id}.`);
    const before = { role: user.role, organizationId: user.organizationId, disabledAt: user.disabledAt };
    if (input.displayName !== undefined) user.displayName = input.displayName;
    if (input.role !== undefined) user.role = input.role;
    if (input.disabled !== undefined)
      user.disabledAt = input.disabled ? (user.disabledAt ?? new Date()) : null;
    if (input.organizationId !== undefined) user.organizationId = input.organizationId;
    await this.checkOrganization(user.role, user.organizationId);
    if (input.password !== undefined) {
      assertPasswordAllowed(input.password, user);
      user.passwordHash = await hashPassword(input.password);
    }
    // What the account could reach ends here: its tokens and the calendar feeds it made stop at once.
    const ended = [
      before.role !== user.role && 'role_changed',
      before.organizationId !== user.organizationId && 'organization_changed',
      !before.disabledAt && user.disabledAt && 'disabled',
      input.password !== undefined && 'password_changed',
    ].filter((reason): reason is string => Boolean(reason));
    await this.users.manager.transaction(async (manager) => {
      await manager.save(user);
      if (ended.length > 0) await this.endAccess(manager, id, ended.join(','), { calendarFeeds: true });
      await this.audit.record(
        {
          action: 'user.update',
          entityType: 'user',
          entityId: id,
          details: {
            fields: Object.keys(input).filter((k) => k !== 'password'),
            passwordChanged: input.password !== undefined,
            ...(ended.length > 0 ? { accessEnded: ended } : {}),
          },
        },
        manager,
      );
    });
    return toUserDto(user);
  }

  /** Sign-out: every token of the user stops working (all sessions, every device). Calendar feeds stay. */
  async signOut(id: string): Promise<void> {
    await this.users.manager.transaction(async (manager) => {
      await this.endAccess(manager, id, 'signed_out', { calendarFeeds: false });
      await this.audit.record({ action: 'auth.logout', entityType: 'user', entityId: id, details: {} }, manager);
    });
  }

  /**
   * Bumps the token version (tokens signed before stop working) and, unless only signing out, revokes the
   * calendar feeds the user created: a feed is a credential that outlives the session it was made in.
   */
  private async endAccess(
    manager: EntityManager,
    id: string,
    reason: string,
    options: { calendarFeeds: boolean },
  ): Promise<void> {
    await manager.query(`UPDATE users SET token_version = token_version + 1 WHERE id = $1`, [id]);
    if (!options.calendarFeeds) return;
    const revoked = (await manager.query(
      `UPDATE calendar_feeds SET revoked_at = now() WHERE created_by = $1 AND revoked_at IS NULL RETURNING id`,
      [id],
    )) as [{ id: string }[], number];
    await this.audit.recordMany(
      revoked[0].map((feed) => ({
        action: 'calendar.feed_revoke',
        entityType: 'calendar_feed',
        entityId: feed.id,
        details: { reason },
      })),
      manager,
    );
  }

  private async checkOrganization(role: UserRole, organizationId: string | null): Promise<void> {
    if (role === 'coordinator' && !organizationId) {
      throw badRequest('organization_required', 'A coordinator must belong to an organization: give organizationId.');
    }
    if (organizationId) {
      const [row] = (await this.users.query('SELECT 1 AS ok FROM organizations WHERE id = $1', [organizationId])) as { ok: number }[];
      if (!row) throw badRequest('organization_not_found', `No organization has id ${organizationId}.`);
    }
  }

  /** Creates the account or, when the e-mail exists, leaves it alone. Used for the first admin. */
  async ensure(input: CreateUserDto): Promise<{ created: boolean; user: UserDto }> {
    const existing = await this.users.findOneBy({ email: input.email });
    if (existing) return { created: false, user: toUserDto(existing) };
    return { created: true, user: await this.create(input) };
  }
}
