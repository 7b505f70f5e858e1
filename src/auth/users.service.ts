import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { badRequest, conflict, notFound } from '../common/app-error';
import { CreateUserDto, UpdateUserDto, UserDto } from './dto';
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
    if (input.displayName !== undefined) user.displayName = input.displayName;
    if (input.role !== undefined) user.role = input.role;
    if (input.disabled !== undefined)
      user.disabledAt = input.disabled ? (user.disabledAt ?? new Date()) : null;
    if (input.password !== undefined) user.passwordHash = await hashPassword(input.password);
    if (input.organizationId !== undefined) user.organizationId = input.organizationId;
    await this.checkOrganization(user.role, user.organizationId);
    await this.users.save(user);
    await this.audit.record({
      action: 'user.update',
      entityType: 'user',
      entityId: id,
      details: {
        fields: Object.keys(input).filter((k) => k !== 'password'),
        passwordChanged: input.password !== undefined,
      },
    });
    return toUserDto(user);
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
