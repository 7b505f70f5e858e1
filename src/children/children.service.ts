import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, EntityManager, Repository } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { AuthenticatedUser } from '../auth/decorators';
import { findVisibleRow } from '../auth/visible-row';
import { actingOrganization, visibility } from '../auth/visibility';
import { ageOn, todayIn } from '../time';
import { badRequest, conflict, ErrorDetail, notFound } from '../common/app-error';
import { DomainEvents } from '../common/domain-events';
import { Page } from '../common/pagination';
import { Clock } from '../clock/clock';
import { CourtsService } from '../courts/courts.service';
import { FieldCipher } from '../privacy/field-cipher';
import { formatANumber, maskANumber, normalizeANumber } from './a-number';
import { ChildAddress } from './child-address.entity';
import { checkChildIntake, checkSponsorIntake, IntakeContext, ResolvedAddress } from './child-intake';
import { Child } from './child.entity';
import { ChildQueryDto, CreateChildDto, SponsorDto, UpdateChildDto } from './children.dto';
import { AddressHistoryView, AddressView, ChildSummaryView, ChildView, SponsorView } from './children.views';
import { Sponsor } from './sponsor.entity';

const SORT_COLUMNS: Record<string, string> = {
  createdAt: 'c.createdAt',
  lastName: 'c.lastName',
  releaseDate: 'c.releaseDate',
  dateOfBirth: 'c.dateOfBirth',
};

/**
 * Children and their sponsors: intake, lookup and changes. Contact fields are encrypted here and only here;
 * every read and write is audited; a coordinator sees their organization's children, an attorney only children
 * whose case they represent.
 */
@Injectable()
export class ChildrenService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectRepository(Child) private readonly children: Repository<Child>,
    @InjectRepository(Sponsor) private readonly sponsors: Repository<Sponsor>,
    @InjectRepository(ChildAddress) private readonly addresses: Repository<ChildAddress>,
    private readonly cipher: FieldCipher,
    private readonly audit: AuditService,
    private readonly courts: CourtsService,
    private readonly events: DomainEvents,
    private readonly clock: Clock,
  ) {}

  async intakeContext(): Promise<IntakeContext> {
    return {
      today: todayIn('UTC', this.clock.now()),
      knownLanguages: await this.courts.knownLanguageCodes(),
    };
  }

  aNumberIndex(digits: string): string {
    return this.cipher.blindIndex(digits);
  }

  async create(user: AuthenticatedUser, input: CreateChildDto): Promise<ChildView> {
    const organizationId = actingOrganization(user, input.organizationId);
    await this.assertOrganizationExists(organizationId);
    const context = await this.intakeContext();
    const child = checkChildIntake(input, context);
    const sponsor = input.sponsor ? checkSponsorIntake(input.sponsor, context) : undefined;
    this.rejectIfAny([...child.errors, ...(sponsor?.errors ?? [])]);
    const aNumber = child.checked.aNumber!;
    await this.assertANumberFree(organizationId, aNumber);

    const id = await this.dataSource.transaction(async (manager) => {
      const row = manager.create(Child, {
        organizationId,
        firstName: input.firstName,
        lastName: input.lastName,
        dateOfBirth: input.dateOfBirth,
        countryOfBirth: input.countryOfBirth,
        aNumberEnc: this.cipher.encrypt(aNumber),
        aNumberIndex: this.aNumberIndex(aNumber),
        primaryLanguage: input.primaryLanguage,
        otherLanguages: dedupe(input.otherLanguages ?? []).filter((l) => l !== input.primaryLanguage),
        spanishProficiency: input.spanishProficiency ?? (input.primaryLanguage === 'spa' ? 'native' : 'none'),
        releaseDate: input.releaseDate,
        designatedUnaccompanied: input.designatedUnaccompanied ?? true,
        phoneEnc: this.cipher.encrypt(child.checked.phone ?? null),
        emailEnc: this.cipher.encrypt(input.email ?? null),
        reminderLanguage: input.reminderLanguage ?? null,
        reminderChannels: dedupe(input.reminderChannels ?? []),
        reminderConsent: input.reminderConsent ?? false,
        reminderConsentAt: input.reminderConsent ? this.clock.now() : null,
        ...this.placeColumns(child.checked.address),
      });
      const saved = await manager.save(row);
      if (child.checked.address) {
        // Unless told otherwise, the child has lived at the intake address since release (noon UTC keeps the
        // release date's calendar day in every US zone).
        const since = child.checked.address.movedAt ?? new Date(`${input.releaseDate}T12:00:00Z`);
        await this.recordMove(manager, saved.id, { ...child.checked.address, movedAt: since });
      }
      if (input.sponsor && sponsor)
        await this.writeSponsor(
          manager,
          saved.id,
          input.sponsor,
          sponsor.checked.address,
          sponsor.checked.phone,
        );
      await this.audit.record(
        { action: 'child.create', entityType: 'child', entityId: saved.id, details: { organizationId } },
        manager,
      );
      if (input.sponsor)
        await this.audit.record(
          { action: 'sponsor.create', entityType: 'sponsor', entityId: saved.id },
          manager,
        );
      return saved.id;
    });
    return this.view(await this.children.findOneByOrFail({ id }));
  }

  async list(user: AuthenticatedUser, query: ChildQueryDto): Promise<Page<ChildSummaryView>> {
    const qb = this.children.createQueryBuilder('c').where(...visibility.child.forQueryBuilder(user, 'c'));
    if (query.organizationId) qb.andWhere('c.organizationId = :org', { org: query.organizationId });
    if (query.aNumber !== undefined) {
      const digits = normalizeANumber(query.aNumber);
      if (!digits)
        throw badRequest(
          'invalid_a_number',
          `${query.aNumber} is not an A-number: it needs 9 digits, e.g. A-123-456-789`,
        );
      qb.andWhere('c.aNumberIndex = :index', { index: this.aNumberIndex(digits) });
    }
    if (query.state) qb.andWhere('c.state = :state', { state: query.state });
    if (query.language)
      qb.andWhere('(c.primaryLanguage = :lang OR :lang = ANY(c.otherLanguages))', { lang: query.language });
    if (query.name) {
      qb.andWhere(`(c.firstName || ' ' || c.lastName) ILIKE :name`, {
        name: `%${query.name.replace(/[\\%_]/g, '\\$&')}%`,
      });
    }
    const sort = query.sort ?? '-createdAt';
    qb.orderBy(SORT_COLUMNS[sort.replace(/^-/, '')], sort.startsWith('-') ? 'DESC' : 'ASC').addOrderBy(
      'c.id',
      'ASC',
    );
    const [rows, total] = await qb.take(query.limit).skip(query.offset).getManyAndCount();
    await this.audit.recordMany(
      rows.map((c) => ({
        action: 'child.list',
        entityType: 'child',
        entityId: c.id,
        details: { via: query.aNumber ? 'a_number' : 'list' },
      })),
    );
    return { items: rows.map((c) => this.summary(c)), total, limit: query.limit, offset: query.offset };
  }

  async get(user: AuthenticatedUser, id: string): Promise<ChildView> {
    const child = await this.findVisible(user, id);
    await this.audit.record({ action: 'child.read', entityType: 'child', entityId: id });
    return this.view(child);
  }

  async addressHistory(user: AuthenticatedUser, id: string): Promise<AddressHistoryView[]> {
    await this.findVisible(user, id);
    const rows = await this.addresses.find({
      where: { childId: id },
      order: { movedAt: 'DESC', recordedAt: 'DESC' },
    });
    await this.audit.record({ action: 'child.read_addresses', entityType: 'child', entityId: id });
    return rows.map((a) => ({
      street: this.cipher.decrypt(a.streetEnc),
      city: a.city,
      state: a.state,
      zip: a.zip,
      county: a.county,
      latitude: a.latitude,
      longitude: a.longitude,
      timeZone: a.timeZone,
      movedAt: a.movedAt,
      recordedAt: a.recordedAt,
    }));
  }

  async update(user: AuthenticatedUser, id: string, input: UpdateChildDto): Promise<ChildView> {
    const child = await this.findVisible(user, id);
    const context = await this.intakeContext();
    const merged = {
      dateOfBirth: input.dateOfBirth ?? child.dateOfBirth,
      releaseDate: input.releaseDate ?? child.releaseDate,
      countryOfBirth: input.countryOfBirth,
      aNumber: input.aNumber,
      primaryLanguage: input.primaryLanguage,
      otherLanguages: input.otherLanguages,
      reminderLanguage: input.reminderLanguage,
      reminderChannels: input.reminderChannels ?? child.reminderChannels,
      address: input.address,
      phone: input.phone !== undefined ? input.phone : this.cipher.decrypt(child.phoneEnc),
      email: input.email !== undefined ? input.email : this.cipher.decrypt(child.emailEnc),
    };
    const { checked, errors } = checkChildIntake(merged, context);
    this.rejectIfAny(errors);
    if (checked.aNumber) {
      const index = this.aNumberIndex(checked.aNumber);
      if (index !== child.aNumberIndex) await this.assertANumberFree(child.organizationId, checked.aNumber);
    }

    const fields = Object.keys(input);
    await this.dataSource.transaction(async (manager) => {
      const changes: Partial<Child> = {};
      for (const key of [
        'firstName',
        'lastName',
        'dateOfBirth',
        'countryOfBirth',
        'primaryLanguage',
        'spanishProficiency',
        'releaseDate',
        'designatedUnaccompanied',
        'reminderLanguage',
      ] as const) {
        if (input[key] !== undefined) (changes as Record<string, unknown>)[key] = input[key];
      }
      if (input.otherLanguages) changes.otherLanguages = dedupe(input.otherLanguages);
      if (input.reminderChannels) changes.reminderChannels = dedupe(input.reminderChannels);
      if (input.reminderConsent !== undefined && input.reminderConsent !== child.reminderConsent) {
        changes.reminderConsent = input.reminderConsent;
        changes.reminderConsentAt = input.reminderConsent ? this.clock.now() : null;
      }
      if (checked.aNumber) {
        changes.aNumberEnc = this.cipher.encrypt(checked.aNumber);
        changes.aNumberIndex = this.aNumberIndex(checked.aNumber);
      }
      if (input.phone !== undefined) changes.phoneEnc = this.cipher.encrypt(checked.phone ?? null);
      if (input.email !== undefined) changes.emailEnc = this.cipher.encrypt(input.email || null);
      if (checked.address) {
        Object.assign(changes, this.placeColumns(checked.address));
        await this.recordMove(manager, id, checked.address);
      }
      if (Object.keys(changes).length > 0) await manager.update(Child, { id }, changes);
      await this.audit.record(
        { action: 'child.update', entityType: 'child', entityId: id, details: { fields } },
        manager,
      );
      await this.events.emit(manager, 'child.changed', {
        childId: id,
        fields,
        moved: Boolean(checked.address),
      });
    });
    return this.view(await this.children.findOneByOrFail({ id }));
  }

  async getSponsor(user: AuthenticatedUser, childId: string): Promise<SponsorView> {
    await this.findVisible(user, childId);
    const sponsor = await this.sponsors.findOneBy({ childId });
    if (!sponsor)
      throw notFound(
        'sponsor_not_found',
        'This child has no sponsor on record yet: PUT /children/:id/sponsor adds one.',
      );
    await this.audit.record({ action: 'sponsor.read', entityType: 'sponsor', entityId: childId });
    return this.sponsorView(sponsor);
  }

  async putSponsor(user: AuthenticatedUser, childId: string, input: SponsorDto): Promise<SponsorView> {
    await this.findVisible(user, childId);
    const { checked, errors } = checkSponsorIntake(input, await this.intakeContext(), 'sponsor');
    this.rejectIfAny(errors);
    await this.dataSource.transaction(async (manager) => {
      await this.writeSponsor(manager, childId, input, checked.address, checked.phone);
      await this.audit.record(
        {
          action: 'sponsor.update',
          entityType: 'sponsor',
          entityId: childId,
          details: { fields: Object.keys(input) },
        },
        manager,
      );
    });
    return this.sponsorView(await this.sponsors.findOneByOrFail({ childId }));
  }

  /** The child if this user may see it; otherwise 404 (whether or not it exists). */
  async findVisible(user: AuthenticatedUser, id: string): Promise<Child> {
    return findVisibleRow(this.children, visibility.child, user, id, 'c');
  }

  private async writeSponsor(
    manager: EntityManager,
    childId: string,
    input: SponsorDto,
    address: ResolvedAddress | undefined,
    phone: string | null | undefined,
  ): Promise<void> {
    const existing = await manager.findOneBy(Sponsor, { childId });
    const values: Partial<Sponsor> = {
      childId,
      firstName: input.firstName,
      lastName: input.lastName,
      relationshipCategory: input.relationshipCategory,
      relationship: input.relationship ?? null,
      phoneEnc: this.cipher.encrypt(phone ?? null),
      emailEnc: this.cipher.encrypt(input.email ?? null),
      preferredLanguage: input.preferredLanguage ?? null,
      reminderChannels: dedupe(input.reminderChannels ?? []),
      streetEnc: address ? this.cipher.encrypt(address.street) : null,
      city: address?.place.city ?? null,
      state: address?.place.state ?? null,
      zip: address?.place.zip ?? null,
      timeZone: address?.place.timeZone ?? null,
    };
    if (existing) await manager.update(Sponsor, { id: existing.id }, values);
    else await manager.insert(Sponsor, values);
  }

  private async recordMove(manager: EntityManager, childId: string, address: ResolvedAddress): Promise<void> {
    const p = address.place;
    await manager.insert(ChildAddress, {
      childId,
      streetEnc: this.cipher.encrypt(address.street),
      city: p.city,
      state: p.state,
      zip: p.zip,
      county: p.county,
      latitude: p.lat,
      longitude: p.lon,
      timeZone: p.timeZone,
      movedAt: address.movedAt ?? this.clock.now(),
    });
  }

  private placeColumns(address: ResolvedAddress | undefined): Partial<Child> {
    if (!address) return {};
    const p = address.place;
    return {
      streetEnc: this.cipher.encrypt(address.street),
      city: p.city,
      state: p.state,
      zip: p.zip,
      county: p.county,
      countyFips: p.countyFips,
      latitude: p.lat,
      longitude: p.lon,
      timeZone: p.timeZone,
    };
  }

  private async assertOrganizationExists(id: string): Promise<void> {
    const [row] = (await this.dataSource.query('SELECT 1 AS ok FROM organizations WHERE id = $1', [
      id,
    ])) as unknown[];
    if (!row) throw notFound('organization_not_found', `No organization has id ${id}.`);
  }

  private async assertANumberFree(organizationId: string, digits: string): Promise<void> {
    const taken = await this.children.existsBy({ organizationId, aNumberIndex: this.aNumberIndex(digits) });
    if (taken) {
      throw conflict(
        'a_number_exists',
        `A child with A-number ${maskANumber(digits)} is already on record in this organization: look it up with GET /children?aNumber=.`,
      );
    }
  }

  private rejectIfAny(errors: ErrorDetail[]): void {
    if (errors.length > 0)
      throw badRequest('invalid_intake', errors.map((e) => `${e.field}: ${e.message}`).join('; '), errors);
  }

  summary(c: Child): ChildSummaryView {
    return {
      id: c.id,
      organizationId: c.organizationId,
      firstName: c.firstName,
      lastName: c.lastName,
      dateOfBirth: c.dateOfBirth,
      age: ageOn(c.dateOfBirth, todayIn(c.timeZone ?? 'UTC', this.clock.now())),
      countryOfBirth: c.countryOfBirth,
      aNumberMasked: maskANumber(this.cipher.decrypt(c.aNumberEnc)),
      primaryLanguage: c.primaryLanguage,
      otherLanguages: c.otherLanguages,
      releaseDate: c.releaseDate,
      city: c.city,
      county: c.county,
      state: c.state,
      createdAt: c.createdAt,
    };
  }

  private async view(c: Child): Promise<ChildView> {
    const sponsor = await this.sponsors.findOneBy({ childId: c.id });
    const address: AddressView | null = c.zip
      ? {
          street: this.cipher.decrypt(c.streetEnc),
          city: c.city,
          state: c.state,
          zip: c.zip,
          county: c.county,
          countyFips: c.countyFips,
          latitude: c.latitude,
          longitude: c.longitude,
          timeZone: c.timeZone,
        }
      : null;
    return {
      ...this.summary(c),
      aNumber: formatANumber(this.cipher.decrypt(c.aNumberEnc)),
      spanishProficiency: c.spanishProficiency,
      designatedUnaccompanied: c.designatedUnaccompanied,
      address,
      phone: this.cipher.decrypt(c.phoneEnc),
      email: this.cipher.decrypt(c.emailEnc),
      reminders: {
        language: c.reminderLanguage ?? c.primaryLanguage,
        channels: c.reminderChannels,
        consent: c.reminderConsent,
        consentAt: c.reminderConsentAt,
      },
      contactPurgedAt: c.contactPurgedAt,
      updatedAt: c.updatedAt,
      sponsor: sponsor ? this.sponsorView(sponsor) : null,
    };
  }

  private sponsorView(s: Sponsor): SponsorView {
    return {
      id: s.id,
      firstName: s.firstName,
      lastName: s.lastName,
      relationshipCategory: s.relationshipCategory,
      relationship: s.relationship,
      address: s.zip
        ? {
            street: this.cipher.decrypt(s.streetEnc),
            city: s.city,
            state: s.state,
            zip: s.zip,
            timeZone: s.timeZone,
          }
        : null,
      phone: this.cipher.decrypt(s.phoneEnc),
      email: this.cipher.decrypt(s.emailEnc),
      preferredLanguage: s.preferredLanguage,
      reminderChannels: s.reminderChannels,
    };
  }
}

function dedupe<T>(values: T[]): T[] {
  return [...new Set(values)];
}
