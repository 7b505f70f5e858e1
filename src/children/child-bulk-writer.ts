import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditEntry, AuditService } from '../audit/audit.service';
import { Clock } from '../clock/clock';
import {
  BulkOutcome,
  BulkWriteContext,
  fieldChanges,
  recordsetColumns,
  sameList,
} from '../common/bulk-write';
import { DomainEvents } from '../common/domain-events';
import { FieldCipher } from '../privacy/field-cipher';
import { ResolvedAddress } from './child-intake';
import { ReminderChannel, SpanishProficiency } from './child.entity';
import { SponsorCategory } from './sponsor.entity';

export interface SponsorRecord {
  firstName: string;
  lastName: string;
  relationshipCategory: SponsorCategory;
  relationship?: string;
  address?: ResolvedAddress;
  phone?: string;
  email?: string;
  preferredLanguage?: string;
  reminderChannels?: ReminderChannel[];
}

/**
 * A child to write, already checked with the intake rules (`checkChildIntake`, `checkSponsorIntake`). Optional
 * fields left undefined: a new child gets the API's defaults, an existing one keeps what is on record.
 */
export interface ChildRecord {
  /** The caller's number for this record (a CSV import: the file's row), echoed in its outcome. */
  row: number;
  /** Nine digits. */
  aNumber: string;
  firstName: string;
  lastName: string;
  dateOfBirth: string;
  countryOfBirth: string;
  primaryLanguage: string;
  otherLanguages?: string[];
  spanishProficiency?: SpanishProficiency;
  releaseDate: string;
  designatedUnaccompanied?: boolean;
  address?: ResolvedAddress;
  phone?: string;
  email?: string;
  reminderLanguage?: string;
  reminderChannels?: ReminderChannel[];
  reminderConsent?: boolean;
  sponsor?: SponsorRecord;
}

/** What is on record for a child (and sponsor) matched by A-number, as the batch reads it under lock. */
interface ExistingChild extends Omit<ChildColumns, 'reminder_consent_at'> {
  id: string;
  a_number_index: string;
  reminder_consent_at: Date | null;
  contact_purged_at: Date | null;
  s_id: string | null;
  s_first_name: string | null;
  s_last_name: string | null;
  s_relationship_category: number | null;
  s_relationship: string | null;
  s_street_enc: string | null;
  s_city: string | null;
  s_state: string | null;
  s_zip: string | null;
  s_time_zone: string | null;
  s_phone_enc: string | null;
  s_email_enc: string | null;
  s_preferred_language: string | null;
  s_reminder_channels: string[] | null;
}

/** The columns of `children` a bulk write sets, in the order of the SQL below. */
interface ChildColumns {
  first_name: string;
  last_name: string;
  date_of_birth: string;
  country_of_birth: string;
  primary_language: string;
  other_languages: string[];
  spanish_proficiency: string;
  release_date: string;
  designated_unaccompanied: boolean;
  street_enc: string | null;
  city: string | null;
  state: string | null;
  zip: string | null;
  county: string | null;
  county_fips: string | null;
  latitude: number | null;
  longitude: number | null;
  time_zone: string | null;
  phone_enc: string | null;
  email_enc: string | null;
  reminder_language: string | null;
  reminder_channels: string[];
  reminder_consent: boolean;
  reminder_consent_at: string | null;
}

interface SponsorColumns {
  child_id: string;
  first_name: string;
  last_name: string;
  relationship_category: number;
  relationship: string | null;
  street_enc: string | null;
  city: string | null;
  state: string | null;
  zip: string | null;
  time_zone: string | null;
  phone_enc: string | null;
  email_enc: string | null;
  preferred_language: string | null;
  reminder_channels: string[];
}

interface AddressColumns {
  child_id: string;
  street_enc: string | null;
  city: string;
  state: string;
  zip: string;
  county: string;
  latitude: number;
  longitude: number;
  time_zone: string;
  moved_at: string;
}

/** `children` columns a bulk write sets, with their SQL types (for json_to_recordset). */
const CHILD_COLUMN_TYPES: ReadonlyArray<[keyof ChildColumns, string]> = [
  ['first_name', 'text'],
  ['last_name', 'text'],
  ['date_of_birth', 'date'],
  ['country_of_birth', 'text'],
  ['primary_language', 'text'],
  ['other_languages', 'text[]'],
  ['spanish_proficiency', 'text'],
  ['release_date', 'date'],
  ['designated_unaccompanied', 'boolean'],
  ['street_enc', 'text'],
  ['city', 'text'],
  ['state', 'text'],
  ['zip', 'text'],
  ['county', 'text'],
  ['county_fips', 'text'],
  ['latitude', 'float8'],
  ['longitude', 'float8'],
  ['time_zone', 'text'],
  ['phone_enc', 'text'],
  ['email_enc', 'text'],
  ['reminder_language', 'text'],
  ['reminder_channels', 'text[]'],
  ['reminder_consent', 'boolean'],
  ['reminder_consent_at', 'timestamptz'],
];
const CHILD_SQL = recordsetColumns(CHILD_COLUMN_TYPES);

/**
 * Writes a batch of checked children for one organization inside the caller's transaction (the CSV import's
 * writer; the children domain owns these tables and their columns): new children with
 * one multi-row INSERT, changed ones with one UPDATE, sponsors with one upsert, the address history and the
 * audit trail in bulk. Children are matched by the A-number's blind index; a row equal to what is on record
 * is left alone ("unchanged"). Blank cells keep what is on record.
 */
@Injectable()
export class ChildBulkWriter {
  constructor(
    private readonly cipher: FieldCipher,
    private readonly audit: AuditService,
    private readonly events: DomainEvents,
    private readonly clock: Clock,
  ) {}

  /** The key children are matched by: the A-number's blind index (any spelling of it gives the same key). */
  index(record: ChildRecord): string {
    return this.cipher.blindIndex(record.aNumber);
  }

  async write(manager: EntityManager, batch: ChildRecord[], ctx: BulkWriteContext): Promise<BulkOutcome[]> {
    const now = this.clock.now();
    const indexes = batch.map((r) => this.index(r));
    const existing = (await manager.query(
      `SELECT c.id, c.a_number_index, c.first_name, c.last_name, c.date_of_birth::text AS date_of_birth,
              c.country_of_birth, c.primary_language, c.other_languages, c.spanish_proficiency,
              c.release_date::text AS release_date, c.designated_unaccompanied, c.street_enc, c.city, c.state, c.zip,
              c.county, c.county_fips, c.latitude, c.longitude, c.time_zone, c.phone_enc, c.email_enc,
              c.reminder_language, c.reminder_channels, c.reminder_consent, c.reminder_consent_at, c.contact_purged_at,
              s.id AS s_id, s.first_name AS s_first_name, s.last_name AS s_last_name,
              s.relationship_category AS s_relationship_category, s.relationship AS s_relationship,
              s.street_enc AS s_street_enc, s.city AS s_city, s.state AS s_state, s.zip AS s_zip,
              s.time_zone AS s_time_zone, s.phone_enc AS s_phone_enc, s.email_enc AS s_email_enc,
              s.preferred_language AS s_preferred_language, s.reminder_channels AS s_reminder_channels
       FROM children c LEFT JOIN sponsors s ON s.child_id = c.id
       WHERE c.organization_id = $1 AND c.a_number_index = ANY($2::text[])
       FOR UPDATE OF c`,
      [ctx.organizationId, indexes],
    )) as ExistingChild[];
    const byIndex = new Map(existing.map((e) => [e.a_number_index, e]));

    const inserts: Array<ChildColumns & { a_number_enc: string; a_number_index: string }> = [];
    const updates: Array<ChildColumns & { id: string }> = [];
    const sponsors: Array<Omit<SponsorColumns, 'child_id'> & { child_id?: string; index: string }> = [];
    const moves: AddressColumns[] = [];
    const newAddresses: Array<Omit<AddressColumns, 'child_id'> & { index: string }> = [];
    const audits: AuditEntry[] = [];
    const changedEvents: Array<{ childId: string; fields: string[]; moved: boolean }> = [];
    const outcomes: BulkOutcome[] = [];

    batch.forEach((row, i) => {
      const index = indexes[i];
      const current = byIndex.get(index);
      if (!current) {
        const columns = this.newChild(row, now);
        inserts.push({ ...columns, a_number_enc: this.cipher.encrypt(row.aNumber), a_number_index: index });
        if (row.address) {
          // As in POST /children: the child has lived at the intake address since release (noon UTC keeps the day).
          const { child_id: _unused, ...address } = this.addressColumns(
            '',
            row.address,
            columns.street_enc,
            `${row.releaseDate}T12:00:00Z`,
          );
          newAddresses.push({ ...address, index });
        }
        if (row.sponsor) sponsors.push({ ...this.sponsorColumns(row.sponsor, undefined, false), index });
        outcomes.push({ row: row.row, result: 'created' });
        return;
      }
      const change = this.changedChild(row, current, now);
      const sponsor = row.sponsor
        ? this.changedSponsor(row.sponsor, current, Boolean(current.contact_purged_at))
        : undefined;
      const fields = [...change.fields, ...(sponsor?.fields.length ? ['sponsor'] : [])];
      if (fields.length === 0) {
        outcomes.push({ row: row.row, result: 'unchanged' });
        return;
      }
      if (change.fields.length) updates.push({ ...change.columns, id: current.id });
      if (change.moved && row.address)
        moves.push(
          this.addressColumns(current.id, row.address, change.columns.street_enc, now.toISOString()),
        );
      if (sponsor?.fields.length) sponsors.push({ ...sponsor.columns, child_id: current.id, index });
      audits.push(this.auditEntry(current.id, 'update', ctx, fields));
      if (change.fields.length)
        changedEvents.push({ childId: current.id, fields: change.fields, moved: change.moved });
      outcomes.push({ row: row.row, result: 'updated' });
    });

    if (inserts.length) {
      const created = (await manager.query(
        `INSERT INTO children (organization_id, a_number_enc, a_number_index, ${CHILD_SQL.list})
         SELECT $1, x.a_number_enc, x.a_number_index, ${CHILD_SQL.fromX}
         FROM json_to_recordset($2::json) AS x(a_number_enc text, a_number_index text, ${CHILD_SQL.record})
         RETURNING id, a_number_index`,
        [ctx.organizationId, JSON.stringify(inserts)],
      )) as Array<{ id: string; a_number_index: string }>;
      const idByIndex = new Map(created.map((c) => [c.a_number_index, c.id]));
      for (const a of newAddresses) moves.push({ ...a, child_id: idByIndex.get(a.index)! });
      for (const s of sponsors) s.child_id ??= idByIndex.get(s.index);
      for (const c of created) audits.push(this.auditEntry(c.id, 'create', ctx, []));
    }
    if (updates.length) {
      await manager.query(
        `UPDATE children c SET ${CHILD_SQL.setFromX}, updated_at = now()
         FROM json_to_recordset($1::json) AS x(id uuid, ${CHILD_SQL.record})
         WHERE c.id = x.id`,
        [JSON.stringify(updates)],
      );
    }
    if (moves.length) {
      await manager.query(
        `INSERT INTO child_addresses (child_id, street_enc, city, state, zip, county, latitude, longitude, time_zone, moved_at)
         SELECT x.child_id, x.street_enc, x.city, x.state, x.zip, x.county, x.latitude, x.longitude, x.time_zone, x.moved_at
         FROM json_to_recordset($1::json) AS x(child_id uuid, street_enc text, city text, state text, zip text, county text,
           latitude float8, longitude float8, time_zone text, moved_at timestamptz)`,
        [JSON.stringify(moves)],
      );
    }
    if (sponsors.length) {
      const rows = sponsors.map(({ index: _index, ...s }) => s);
      await manager.query(
        `INSERT INTO sponsors (child_id, first_name, last_name, relationship_category, relationship, street_enc, city, state,
                               zip, time_zone, phone_enc, email_enc, preferred_language, reminder_channels)
         SELECT x.child_id, x.first_name, x.last_name, x.relationship_category, x.relationship, x.street_enc, x.city, x.state,
                x.zip, x.time_zone, x.phone_enc, x.email_enc, x.preferred_language, x.reminder_channels
         FROM json_to_recordset($1::json) AS x(child_id uuid, first_name text, last_name text, relationship_category smallint,
           relationship text, street_enc text, city text, state text, zip text, time_zone text, phone_enc text,
           email_enc text, preferred_language text, reminder_channels text[])
         ON CONFLICT (child_id) DO UPDATE SET first_name = EXCLUDED.first_name, last_name = EXCLUDED.last_name,
           relationship_category = EXCLUDED.relationship_category, relationship = EXCLUDED.relationship,
           street_enc = EXCLUDED.street_enc, city = EXCLUDED.city, state = EXCLUDED.state, zip = EXCLUDED.zip,
           time_zone = EXCLUDED.time_zone, phone_enc = EXCLUDED.phone_enc, email_enc = EXCLUDED.email_enc,
           preferred_language = EXCLUDED.preferred_language, reminder_channels = EXCLUDED.reminder_channels,
           updated_at = now()`,
        [JSON.stringify(rows)],
      );
    }
    await this.audit.recordMany(audits, manager);
    // Other domains react in this transaction (deadlines recompute after a move or a corrected birth date,
    // reminders re-plan). Everything they act on hangs off the child's cases, so a child without a case (most
    // of an intake import) has nothing to react to: one query spares thousands of empty handler runs.
    if (changedEvents.length) {
      const withCases = new Set(
        (
          (await manager.query('SELECT DISTINCT child_id FROM cases WHERE child_id = ANY($1::uuid[])', [
            changedEvents.map((e) => e.childId),
          ])) as Array<{ child_id: string }>
        ).map((r) => r.child_id),
      );
      for (const event of changedEvents) {
        if (withCases.has(event.childId)) await this.events.emit(manager, 'child.changed', event);
      }
    }
    return outcomes;
  }

  private auditEntry(
    childId: string,
    operation: 'create' | 'update',
    ctx: BulkWriteContext,
    fields: string[],
  ): AuditEntry {
    return {
      action: ctx.audit.action,
      entityType: 'child',
      entityId: childId,
      actor: ctx.actor,
      details: {
        ...ctx.audit.details,
        organizationId: ctx.organizationId,
        operation,
        ...(fields.length ? { fields } : {}),
      },
    };
  }

  private placeColumns(address: ResolvedAddress | undefined, streetEnc: string | null) {
    const p = address?.place;
    return {
      street_enc: streetEnc,
      city: p?.city ?? null,
      state: p?.state ?? null,
      zip: p?.zip ?? null,
      county: p?.county ?? null,
      county_fips: p?.countyFips ?? null,
      latitude: p?.lat ?? null,
      longitude: p?.lon ?? null,
      time_zone: p?.timeZone ?? null,
    };
  }

  private addressColumns(
    childId: string,
    address: ResolvedAddress,
    streetEnc: string | null,
    movedAt: string,
  ): AddressColumns {
    const p = address.place;
    return {
      child_id: childId,
      street_enc: streetEnc,
      city: p.city,
      state: p.state,
      zip: p.zip,
      county: p.county,
      latitude: p.lat,
      longitude: p.lon,
      time_zone: p.timeZone,
      moved_at: movedAt,
    };
  }

  /** A new child, with the defaults of POST /children. */
  private newChild(row: ChildRecord, now: Date): ChildColumns {
    return {
      first_name: row.firstName,
      last_name: row.lastName,
      date_of_birth: row.dateOfBirth,
      country_of_birth: row.countryOfBirth,
      primary_language: row.primaryLanguage,
      other_languages: row.otherLanguages ?? [],
      spanish_proficiency: row.spanishProficiency ?? (row.primaryLanguage === 'spa' ? 'native' : 'none'),
      release_date: row.releaseDate,
      designated_unaccompanied: row.designatedUnaccompanied ?? true,
      ...this.placeColumns(row.address, row.address ? this.cipher.encrypt(row.address.street) : null),
      phone_enc: this.cipher.encrypt(row.phone ?? null),
      email_enc: this.cipher.encrypt(row.email ?? null),
      reminder_language: row.reminderLanguage ?? null,
      reminder_channels: row.reminderChannels ?? [],
      reminder_consent: row.reminderConsent ?? false,
      reminder_consent_at: row.reminderConsent ? now.toISOString() : null,
    };
  }

  /**
   * The child's columns after applying the row to what is on record, and the fields that changed. Encrypted
   * values are compared in clear and kept as they are when equal. A child whose contact data was purged
   * (retention) does not get it back from an old file.
   */
  private changedChild(
    row: ChildRecord,
    e: ExistingChild,
    now: Date,
  ): { columns: ChildColumns; fields: string[]; moved: boolean } {
    const { fields, pick } = fieldChanges();
    const purged = Boolean(e.contact_purged_at);
    const columns: ChildColumns = {
      first_name: pick('firstName', row.firstName, e.first_name),
      last_name: pick('lastName', row.lastName, e.last_name),
      date_of_birth: pick('dateOfBirth', row.dateOfBirth, e.date_of_birth),
      country_of_birth: pick('countryOfBirth', row.countryOfBirth, e.country_of_birth),
      primary_language: pick('primaryLanguage', row.primaryLanguage, e.primary_language),
      other_languages: pick('otherLanguages', row.otherLanguages, e.other_languages, sameList),
      spanish_proficiency: pick('spanishProficiency', row.spanishProficiency, e.spanish_proficiency),
      release_date: pick('releaseDate', row.releaseDate, e.release_date),
      designated_unaccompanied: pick(
        'designatedUnaccompanied',
        row.designatedUnaccompanied,
        e.designated_unaccompanied,
      ),
      street_enc: e.street_enc,
      city: e.city,
      state: e.state,
      zip: e.zip,
      county: e.county,
      county_fips: e.county_fips,
      latitude: e.latitude,
      longitude: e.longitude,
      time_zone: e.time_zone,
      phone_enc: e.phone_enc,
      email_enc: e.email_enc,
      reminder_language: pick('reminderLanguage', row.reminderLanguage, e.reminder_language),
      reminder_channels: purged
        ? e.reminder_channels
        : pick('reminderChannels', row.reminderChannels, e.reminder_channels, sameList),
      reminder_consent: e.reminder_consent,
      reminder_consent_at: e.reminder_consent_at?.toISOString() ?? null,
    };
    let moved = false;
    if (row.address) {
      const street = purged ? null : row.address.street;
      const storedStreet = this.cipher.decrypt(e.street_enc);
      if (row.address.place.zip !== e.zip || (street !== null && street !== storedStreet)) {
        moved = true;
        fields.push('address');
        const streetEnc =
          street === null
            ? row.address.place.zip === e.zip
              ? e.street_enc
              : null
            : this.cipher.encrypt(street);
        Object.assign(columns, this.placeColumns(row.address, streetEnc));
      }
    }
    if (!purged && row.phone !== undefined && row.phone !== this.cipher.decrypt(e.phone_enc)) {
      fields.push('phone');
      columns.phone_enc = this.cipher.encrypt(row.phone);
    }
    if (!purged && row.email !== undefined && row.email !== this.cipher.decrypt(e.email_enc)) {
      fields.push('email');
      columns.email_enc = this.cipher.encrypt(row.email);
    }
    if (row.reminderConsent !== undefined && row.reminderConsent !== e.reminder_consent) {
      fields.push('reminderConsent');
      columns.reminder_consent = row.reminderConsent;
      columns.reminder_consent_at = row.reminderConsent ? now.toISOString() : null;
    }
    return { columns, fields, moved };
  }

  /** A sponsor row for a new child (no stored sponsor), or the stored sponsor with the row applied. */
  private sponsorColumns(
    s: SponsorRecord,
    e: ExistingChild | undefined,
    purged: boolean,
  ): Omit<SponsorColumns, 'child_id'> {
    const address = s.address;
    const street = purged ? null : (address?.street ?? null);
    return {
      first_name: s.firstName,
      last_name: s.lastName,
      relationship_category: s.relationshipCategory,
      relationship: s.relationship ?? e?.s_relationship ?? null,
      street_enc: address ? this.cipher.encrypt(street) : (e?.s_street_enc ?? null),
      city: address ? address.place.city : (e?.s_city ?? null),
      state: address ? address.place.state : (e?.s_state ?? null),
      zip: address ? address.place.zip : (e?.s_zip ?? null),
      time_zone: address ? address.place.timeZone : (e?.s_time_zone ?? null),
      phone_enc: !purged && s.phone !== undefined ? this.cipher.encrypt(s.phone) : (e?.s_phone_enc ?? null),
      email_enc: !purged && s.email !== undefined ? this.cipher.encrypt(s.email) : (e?.s_email_enc ?? null),
      preferred_language: s.preferredLanguage ?? e?.s_preferred_language ?? null,
      reminder_channels: (!purged ? s.reminderChannels : undefined) ?? e?.s_reminder_channels ?? [],
    };
  }

  private changedSponsor(
    s: SponsorRecord,
    e: ExistingChild,
    purged: boolean,
  ): { columns: Omit<SponsorColumns, 'child_id'>; fields: string[] } {
    if (!e.s_id) return { columns: this.sponsorColumns(s, undefined, purged), fields: ['created'] };
    const fields: string[] = [];
    const differs = (field: string, given: unknown, stored: unknown) => {
      if (given !== undefined && given !== stored) fields.push(field);
    };
    differs('firstName', s.firstName, e.s_first_name);
    differs('lastName', s.lastName, e.s_last_name);
    differs('relationshipCategory', s.relationshipCategory, e.s_relationship_category);
    differs('relationship', s.relationship, e.s_relationship);
    differs('preferredLanguage', s.preferredLanguage, e.s_preferred_language);
    if (
      s.address &&
      (s.address.place.zip !== e.s_zip ||
        (!purged && s.address.street !== null && s.address.street !== this.cipher.decrypt(e.s_street_enc)))
    ) {
      fields.push('address');
    }
    if (!purged) {
      differs('phone', s.phone, this.cipher.decrypt(e.s_phone_enc));
      differs('email', s.email, this.cipher.decrypt(e.s_email_enc));
      if (s.reminderChannels && !sameList(s.reminderChannels, e.s_reminder_channels ?? []))
        fields.push('reminderChannels');
    }
    if (fields.length === 0) return { columns: this.sponsorColumns(s, e, purged), fields };
    // Keep stored ciphertext for what did not change (no needless re-encryption).
    const columns = this.sponsorColumns(s, e, purged);
    if (!fields.includes('phone')) columns.phone_enc = e.s_phone_enc;
    if (!fields.includes('email')) columns.email_enc = e.s_email_enc;
    if (!fields.includes('address')) {
      Object.assign(columns, {
        street_enc: e.s_street_enc,
        city: e.s_city,
        state: e.s_state,
        zip: e.s_zip,
        time_zone: e.s_time_zone,
      });
    }
    return { columns, fields };
  }
}
