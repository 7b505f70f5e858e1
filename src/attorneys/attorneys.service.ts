import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import { DataSource, EntityManager, Repository, SelectQueryBuilder } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { AuthenticatedUser } from '../auth/decorators';
import { dropsOwnOrganization, newAttorneyOrganizations, visibility } from '../auth/visibility';
import { assertPasswordAllowed } from '../auth/password-policy';
import { hashPassword } from '../auth/passwords';
import { User } from '../auth/user.entity';
import { badRequest, conflict, notFound } from '../common/app-error';
import { Clock } from '../clock/clock';
import { CourtsService } from '../courts/courts.service';
import { FieldCipher } from '../privacy/field-cipher';
import { Page } from '../common/pagination';
import { checkAttorneyIntake } from './attorney-intake';
import { Attorney } from './attorney.entity';
import {
  AttorneyQueryDto,
  AttorneySelfUpdateDto,
  CreateAttorneyDto,
  UpdateAttorneyDto,
} from './attorneys.dto';
import { AttorneyView } from './attorneys.views';

const SORT_COLUMNS: Record<string, string> = {
  createdAt: 'a.created_at',
  capacity: 'a.capacity',
  openMatters: 'a.open_matters',
};

interface AttorneyRow extends Attorney {
  email: string;
  displayName: string;
  organizationIds: string[];
}

/** Volunteer attorneys: profile, availability, languages, capacity and the organizations they serve. */
@Injectable()
export class AttorneysService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectRepository(Attorney) private readonly attorneys: Repository<Attorney>,
    private readonly cipher: FieldCipher,
    private readonly courts: CourtsService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async create(user: AuthenticatedUser, input: CreateAttorneyDto): Promise<AttorneyView> {
    const organizationIds = newAttorneyOrganizations(user, input.organizationIds ?? []);
    const changes = await this.checkedChanges(input, undefined);
    if (input.password !== undefined) assertPasswordAllowed(input.password, input);
    const password = input.password ?? randomBytes(12).toString('base64url');
    const id = await this.dataSource.transaction(async (manager) => {
      if (await manager.existsBy(User, { email: input.email })) {
        throw conflict('email_taken', `A user with e-mail ${input.email} already exists.`);
      }
      const account = await manager.save(
        manager.create(User, {
          email: input.email,
          displayName: input.displayName,
          role: 'attorney',
          passwordHash: await hashPassword(password),
        }),
      );
      const attorney = await manager.save(manager.create(Attorney, { userId: account.id, ...changes }));
      await this.setOrganizations(manager, attorney.id, organizationIds);
      await this.audit.record(
        {
          action: 'attorney.create',
          entityType: 'attorney',
          entityId: attorney.id,
          details: { userId: account.id },
        },
        manager,
      );
      return attorney.id;
    });
    const view = await this.viewById(id);
    return input.password ? view : { ...view, initialPassword: password };
  }

  async list(user: AuthenticatedUser, query: AttorneyQueryDto): Promise<Page<AttorneyView>> {
    const qb = this.baseQuery().andWhere(...visibility.attorney.forQueryBuilder(user, 'a'));
    if (query.organizationId) {
      qb.andWhere(
        'EXISTS (SELECT 1 FROM attorney_organizations f WHERE f.attorney_id = a.id AND f.organization_id = :filterOrg)',
        { filterOrg: query.organizationId },
      );
    }
    if (query.language) qb.andWhere(':lang = ANY(a.language_codes)', { lang: query.language });
    if (query.practiceArea) qb.andWhere(':area = ANY(a.practice_areas)', { area: query.practiceArea });
    if (query.barState) qb.andWhere(':bar = ANY(a.bar_admissions)', { bar: query.barState });
    if (query.available === true) {
      qb.andWhere(
        'a.active AND (a.paused_until IS NULL OR a.paused_until <= :now) AND a.open_matters < a.capacity',
        { now: this.clock.now() },
      );
    }
    const sort = query.sort ?? '-createdAt';
    qb.orderBy(SORT_COLUMNS[sort.replace(/^-/, '')], sort.startsWith('-') ? 'DESC' : 'ASC').addOrderBy(
      'a.id',
      'ASC',
    );
    const total = await qb.clone().getCount();
    const rows = await qb.offset(query.offset).limit(query.limit).getRawMany<Record<string, unknown>>();
    return { items: rows.map((r) => this.view(fromRaw(r))), total, limit: query.limit, offset: query.offset };
  }

  async get(user: AuthenticatedUser, id: string): Promise<AttorneyView> {
    const raw = await this.baseQuery()
      .andWhere('a.id = :id', { id })
      .andWhere(...visibility.attorney.forQueryBuilder(user, 'a'))
      .getRawOne<Record<string, unknown>>();
    if (!raw) throw visibility.attorney.hidden(id);
    return this.view(fromRaw(raw));
  }

  async getSelf(user: AuthenticatedUser): Promise<AttorneyView> {
    return this.viewById(await this.ownId(user));
  }

  async ownId(user: AuthenticatedUser): Promise<string> {
    const own = await this.attorneys.findOne({ where: { userId: user.id }, select: { id: true } });
    if (!own)
      throw notFound(
        'attorney_profile_missing',
        'Your account has no attorney profile yet. Ask your coordinator.',
      );
    return own.id;
  }

  async update(user: AuthenticatedUser, id: string, input: UpdateAttorneyDto): Promise<AttorneyView> {
    await this.get(user, id);
    if (dropsOwnOrganization(user, input.organizationIds)) {
      throw badRequest(
        'cannot_drop_own_organization',
        'A coordinator cannot remove an attorney from their own organization here.',
      );
    }
    return this.applyUpdate(id, input, 'attorney.update');
  }

  updateSelf(user: AuthenticatedUser, input: AttorneySelfUpdateDto): Promise<AttorneyView> {
    return this.ownId(user).then((id) => this.applyUpdate(id, input, 'attorney.update_self'));
  }

  private async applyUpdate(id: string, input: UpdateAttorneyDto, action: string): Promise<AttorneyView> {
    const current = await this.attorneys.findOneByOrFail({ id });
    const changes = await this.checkedChanges(input, current);
    if (changes.capacity !== undefined && changes.capacity < current.openMatters) {
      throw conflict(
        'capacity_below_open_matters',
        `You have ${current.openMatters} open matters; capacity cannot go below that.`,
      );
    }
    await this.dataSource.transaction(async (manager) => {
      if (Object.keys(changes).length) await manager.update(Attorney, { id }, changes);
      if (input.organizationIds) await this.setOrganizations(manager, id, input.organizationIds);
      await this.audit.record(
        { action, entityType: 'attorney', entityId: id, details: { fields: Object.keys(input) } },
        manager,
      );
    });
    return this.viewById(id);
  }

  /** Validates and converts the profile fields shared by create and update. */
  private async checkedChanges(
    input: UpdateAttorneyDto,
    current: Attorney | undefined,
  ): Promise<Partial<Attorney>> {
    const { checked, errors } = checkAttorneyIntake(
      input,
      { knownLanguages: input.languages ? await this.courts.knownLanguageCodes() : new Set<string>() },
      !current,
    );
    const changes: Partial<Attorney> = {};
    if (checked.languages) {
      changes.languages = checked.languages;
      changes.languageCodes = checked.languageCodes;
    }
    if (checked.office) {
      const place = checked.office.place;
      Object.assign(changes, {
        officeStreetEnc: this.cipher.encrypt(checked.office.street),
        officeCity: place.city,
        officeState: place.state,
        officeZip: place.zip,
        officeCounty: place.county,
        latitude: place.lat,
        longitude: place.lon,
        timeZone: place.timeZone,
      });
    }
    if (checked.phone !== undefined) changes.phoneEnc = this.cipher.encrypt(checked.phone);
    if (input.practiceAreas) changes.practiceAreas = [...new Set(input.practiceAreas)];
    if (input.barAdmissions) changes.barAdmissions = [...new Set(input.barAdmissions)];
    for (const key of ['travelRadiusMiles', 'remoteOk', 'capacity', 'pausedUntil', 'active'] as const) {
      if (input[key] !== undefined) (changes as Record<string, unknown>)[key] = input[key];
    }
    if (errors.length)
      throw badRequest('invalid_attorney', errors.map((e) => `${e.field}: ${e.message}`).join('; '), errors);
    return changes;
  }

  private async setOrganizations(
    manager: EntityManager,
    attorneyId: string,
    organizationIds: string[],
  ): Promise<void> {
    const ids = [...new Set(organizationIds)];
    if (ids.length) {
      const found = (await manager.query('SELECT id FROM organizations WHERE id = ANY($1::uuid[])', [
        ids,
      ])) as { id: string }[];
      const missing = ids.filter((id) => !found.some((f) => f.id === id));
      if (missing.length)
        throw badRequest('organization_not_found', `No organization has id ${missing.join(', ')}.`);
    }
    await manager.query('DELETE FROM attorney_organizations WHERE attorney_id = $1', [attorneyId]);
    if (ids.length) {
      await manager.query(
        'INSERT INTO attorney_organizations (attorney_id, organization_id) SELECT $1, unnest($2::uuid[])',
        [attorneyId, ids],
      );
    }
  }

  private baseQuery(): SelectQueryBuilder<Attorney> {
    return this.attorneys
      .createQueryBuilder('a')
      .innerJoin(User, 'u', 'u.id = a.user_id')
      .select('a.*')
      .addSelect('u.email', 'email')
      .addSelect('u.display_name', 'display_name')
      .addSelect(
        '(SELECT coalesce(array_agg(o.organization_id ORDER BY o.organization_id), ARRAY[]::uuid[]) FROM attorney_organizations o WHERE o.attorney_id = a.id)',
        'organization_ids',
      );
  }

  private async viewById(id: string): Promise<AttorneyView> {
    const raw = await this.baseQuery().where('a.id = :id', { id }).getRawOne<Record<string, unknown>>();
    if (!raw) throw notFound('attorney_not_found', `No attorney ${id}.`);
    return this.view(fromRaw(raw));
  }

  private view(a: AttorneyRow): AttorneyView {
    return {
      id: a.id,
      userId: a.userId,
      email: a.email,
      displayName: a.displayName,
      barAdmissions: a.barAdmissions,
      languages: a.languages,
      practiceAreas: a.practiceAreas,
      office: a.officeZip
        ? {
            street: this.cipher.decrypt(a.officeStreetEnc),
            city: a.officeCity,
            state: a.officeState,
            zip: a.officeZip,
            county: a.officeCounty,
            timeZone: a.timeZone,
          }
        : null,
      travelRadiusMiles: a.travelRadiusMiles,
      remoteOk: a.remoteOk,
      capacity: a.capacity,
      openMatters: a.openMatters,
      pausedUntil: a.pausedUntil,
      active: a.active,
      phone: this.cipher.decrypt(a.phoneEnc),
      organizationIds: a.organizationIds,
      createdAt: a.createdAt,
    };
  }
}

/** Raw rows (snake_case, arrays as parsed by pg) → the entity shape plus the joined columns. */
function fromRaw(r: Record<string, unknown>): AttorneyRow {
  return {
    id: r.id as string,
    userId: r.user_id as string,
    barAdmissions: r.bar_admissions as string[],
    languages: r.languages as AttorneyRow['languages'],
    languageCodes: r.language_codes as string[],
    practiceAreas: r.practice_areas as AttorneyRow['practiceAreas'],
    officeStreetEnc: r.office_street_enc as string | null,
    officeCity: r.office_city as string | null,
    officeState: r.office_state as string | null,
    officeZip: r.office_zip as string | null,
    officeCounty: r.office_county as string | null,
    latitude: r.latitude as number | null,
    longitude: r.longitude as number | null,
    timeZone: r.time_zone as string | null,
    travelRadiusMiles: r.travel_radius_miles as number,
    remoteOk: r.remote_ok as boolean,
    capacity: r.capacity as number,
    openMatters: r.open_matters as number,
    pausedUntil: r.paused_until as Date | null,
    active: r.active as boolean,
    phoneEnc: r.phone_enc as string | null,
    createdAt: r.created_at as Date,
    updatedAt: r.updated_at as Date,
    email: r.email as string,
    displayName: r.display_name as string,
    organizationIds: (r.organization_ids as string[] | null) ?? [],
  };
}
