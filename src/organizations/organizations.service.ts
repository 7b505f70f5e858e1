import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { AuthenticatedUser } from '../auth/decorators';
import { visibility } from '../auth/visibility';
import { conflict, notFound } from '../common/app-error';
import { Organization } from './organization.entity';
import { CreateOrganizationDto, UpdateOrganizationDto } from './organizations.dto';

@Injectable()
export class OrganizationsService {
  constructor(
    @InjectRepository(Organization) private readonly organizations: Repository<Organization>,
    private readonly audit: AuditService,
  ) {}

  /** Admins see all; coordinators their own; attorneys those they volunteer with. */
  list(user: AuthenticatedUser): Promise<Organization[]> {
    return this.organizations
      .createQueryBuilder('o')
      .where(...visibility.organization.forQueryBuilder(user, 'o'))
      .orderBy('o.name')
      .getMany();
  }

  async get(user: AuthenticatedUser, id: string): Promise<Organization> {
    const visible = await this.list(user);
    const organization = visible.find((o) => o.id === id);
    if (!organization) throw visibility.organization.hidden(id);
    return organization;
  }

  async exists(id: string): Promise<boolean> {
    return (await this.organizations.countBy({ id })) > 0;
  }

  async create(input: CreateOrganizationDto): Promise<Organization> {
    await this.assertNameFree(input.name);
    const organization = await this.organizations.save(
      this.organizations.create({
        name: input.name,
        kind: input.kind ?? 'legal_service_provider',
        state: input.state ?? null,
      }),
    );
    await this.audit.record({
      action: 'organization.create',
      entityType: 'organization',
      entityId: organization.id,
    });
    return organization;
  }

  async update(id: string, input: UpdateOrganizationDto): Promise<Organization> {
    const organization = await this.organizations.findOneBy({ id });
    if (!organization) throw notFound('organization_not_found', `No organization has id ${id}.`);
    if (input.name !== undefined && input.name.toLowerCase() !== organization.name.toLowerCase())
      await this.assertNameFree(input.name);
    Object.assign(organization, input);
    await this.organizations.save(organization);
    await this.audit.record({
      action: 'organization.update',
      entityType: 'organization',
      entityId: id,
      details: { fields: Object.keys(input) },
    });
    return organization;
  }

  private async assertNameFree(name: string): Promise<void> {
    const taken = await this.organizations
      .createQueryBuilder('o')
      .where('lower(o.name) = lower(:name)', { name })
      .getExists();
    if (taken) throw conflict('organization_name_taken', `An organization named "${name}" already exists.`);
  }
}
