import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { AuditEntry, AuditService } from '../audit/audit.service';
import { hashPassword } from '../auth/passwords';
import { CaseType } from '../cases/case-status';
import {
  BulkOutcome,
  BulkWriteContext,
  fieldChanges,
  recordsetColumns,
  sameList,
} from '../common/bulk-write';
import { ZipPlace } from '../geo';
import { FieldCipher } from '../privacy/field-cipher';
import { AttorneyLanguage } from './attorney.entity';

/**
 * An attorney to write, already checked with the intake rules (`checkAttorneyIntake`); optional fields left
 * undefined get the defaults for a new attorney and keep what is on record for an existing one.
 */
export interface AttorneyRecord {
  /** The caller's number for this record (a CSV import: the file's row), echoed in its outcome. */
  row: number;
  email: string;
  displayName: string;
  barAdmissions?: string[];
  languages?: AttorneyLanguage[];
  languageCodes?: string[];
  practiceAreas?: CaseType[];
  office?: { street: string | null; place: ZipPlace };
  travelRadiusMiles?: number;
  remoteOk?: boolean;
  capacity?: number;
  phone?: string;
}

interface ExistingAccount {
  user_id: string;
  email: string;
  role: string;
  display_name: string;
  id: string | null;
  bar_admissions: string[] | null;
  languages: AttorneyLanguage[] | null;
  language_codes: string[] | null;
  practice_areas: string[] | null;
  office_street_enc: string | null;
  office_city: string | null;
  office_state: string | null;
  office_zip: string | null;
  office_county: string | null;
  latitude: number | null;
  longitude: number | null;
  time_zone: string | null;
  travel_radius_miles: number | null;
  remote_ok: boolean | null;
  capacity: number | null;
  open_matters: number | null;
  phone_enc: string | null;
  in_org: boolean;
  has_org: boolean;
}

interface AttorneyColumns {
  bar_admissions: string[];
  languages: AttorneyLanguage[];
  language_codes: string[];
  practice_areas: string[];
  office_street_enc: string | null;
  office_city: string | null;
  office_state: string | null;
  office_zip: string | null;
  office_county: string | null;
  latitude: number | null;
  longitude: number | null;
  time_zone: string | null;
  travel_radius_miles: number;
  remote_ok: boolean;
  capacity: number;
  phone_enc: string | null;
}

const ATTORNEY_COLUMN_TYPES: ReadonlyArray<[keyof AttorneyColumns, string]> = [
  ['bar_admissions', 'text[]'],
  ['languages', 'jsonb'],
  ['language_codes', 'text[]'],
  ['practice_areas', 'text[]'],
  ['office_street_enc', 'text'],
  ['office_city', 'text'],
  ['office_state', 'text'],
  ['office_zip', 'text'],
  ['office_county', 'text'],
  ['latitude', 'float8'],
  ['longitude', 'float8'],
  ['time_zone', 'text'],
  ['travel_radius_miles', 'integer'],
  ['remote_ok', 'boolean'],
  ['capacity', 'integer'],
  ['phone_enc', 'text'],
];
const ATTORNEY_SQL = recordsetColumns(ATTORNEY_COLUMN_TYPES);
const sameLanguages = (a: readonly AttorneyLanguage[], b: readonly AttorneyLanguage[]) =>
  a.length === b.length && a.every((l, i) => l.code === b[i].code && l.proficiency === b[i].proficiency);

/**
 * Writes a batch of checked attorneys inside the caller's transaction (the CSV import's writer; the attorneys
 * domain owns these tables and their columns, and creates attorneys' accounts as POST /attorneys does). Attorneys are matched by account e-mail
 * (case-insensitive): a new e-mail creates the user account (role attorney) and the profile, linked to the
 * importing organization; a known one updates the profile (blank cells keep what is on record) and adds the
 * organization. New accounts get no usable password (a random secret nobody sees): an admin sets one.
 */
@Injectable()
export class AttorneyBulkWriter {
  constructor(
    private readonly cipher: FieldCipher,
    private readonly audit: AuditService,
  ) {}

  /** The key attorneys are matched by: the account e-mail, case-insensitive. */
  key(row: AttorneyRecord): string {
    return row.email.toLowerCase();
  }

  async write(
    manager: EntityManager,
    batch: AttorneyRecord[],
    ctx: BulkWriteContext,
  ): Promise<BulkOutcome[]> {
    const existing = (await manager.query(
      `SELECT u.id AS user_id, u.email, u.role, u.display_name, a.id, a.bar_admissions, a.languages, a.language_codes,
              a.practice_areas, a.office_street_enc, a.office_city, a.office_state, a.office_zip, a.office_county,
              a.latitude, a.longitude, a.time_zone, a.travel_radius_miles, a.remote_ok, a.capacity, a.open_matters,
              a.phone_enc,
              EXISTS (SELECT 1 FROM attorney_organizations o WHERE o.attorney_id = a.id AND o.organization_id = $2) AS in_org,
              EXISTS (SELECT 1 FROM attorney_organizations o WHERE o.attorney_id = a.id) AS has_org
       FROM users u LEFT JOIN attorneys a ON a.user_id = u.id
       WHERE u.email = ANY($1::citext[])
       FOR UPDATE OF u`,
      [batch.map((r) => r.email), ctx.organizationId],
    )) as ExistingAccount[];
    const byEmail = new Map(existing.map((e) => [e.email.toLowerCase(), e]));

    const newAccounts: Array<{ email: string; display_name: string }> = [];
    const newProfiles: Array<AttorneyColumns & { user_id?: string; email: string }> = [];
    const updates: Array<AttorneyColumns & { id: string }> = [];
    const renames: Array<{ id: string; display_name: string }> = [];
    const links: string[] = [];
    const audits: AuditEntry[] = [];
    const outcomes: BulkOutcome[] = [];

    for (const row of batch) {
      const e = byEmail.get(this.key(row));
      if (e && e.role !== 'attorney') {
        outcomes.push({
          row: row.row,
          error: {
            row: row.row,
            field: 'email',
            message: `${row.email} belongs to a ${e.role} account, not an attorney`,
          },
        });
        continue;
      }
      if (!e || !e.id) {
        if (!e) newAccounts.push({ email: row.email, display_name: row.displayName });
        else if (e.display_name !== row.displayName)
          renames.push({ id: e.user_id, display_name: row.displayName });
        newProfiles.push({ ...this.newProfile(row), user_id: e?.user_id, email: this.key(row) });
        outcomes.push({ row: row.row, result: 'created' });
        continue;
      }
      if (ctx.actor.role !== 'admin' && !e.in_org && e.has_org) {
        outcomes.push({
          row: row.row,
          error: {
            row: row.row,
            field: 'email',
            message: `${row.email} volunteers with another organization: an admin can add them to yours`,
          },
        });
        continue;
      }
      if (row.capacity !== undefined && row.capacity < (e.open_matters ?? 0)) {
        outcomes.push({
          row: row.row,
          error: {
            row: row.row,
            field: 'capacity',
            message: `this attorney has ${e.open_matters} open matters; capacity cannot go below that`,
          },
        });
        continue;
      }
      const change = this.changedProfile(row, e);
      const fields = [...change.fields];
      if (row.displayName !== e.display_name) {
        fields.push('displayName');
        renames.push({ id: e.user_id, display_name: row.displayName });
      }
      if (!e.in_org) {
        fields.push('organizations');
        links.push(e.id);
      }
      if (fields.length === 0) {
        outcomes.push({ row: row.row, result: 'unchanged' });
        continue;
      }
      if (change.fields.length) updates.push({ ...change.columns, id: e.id });
      audits.push(this.auditEntry(e.id, 'update', ctx, fields));
      outcomes.push({ row: row.row, result: 'updated' });
    }

    if (newAccounts.length) {
      // One hash for the batch: the secret is random and never shown, so nobody can log in until a password is set.
      const unusable = await hashPassword(randomBytes(32).toString('base64url'));
      const created = (await manager.query(
        `INSERT INTO users (email, display_name, role, password_hash)
         SELECT x.email, x.display_name, 'attorney', $2 FROM json_to_recordset($1::json) AS x(email text, display_name text)
         RETURNING id, email`,
        [JSON.stringify(newAccounts), unusable],
      )) as Array<{ id: string; email: string }>;
      const idByEmail = new Map(created.map((c) => [c.email.toLowerCase(), c.id]));
      for (const p of newProfiles) p.user_id ??= idByEmail.get(p.email);
    }
    if (newProfiles.length) {
      const created = (await manager.query(
        `INSERT INTO attorneys (user_id, ${ATTORNEY_SQL.list})
         SELECT x.user_id, ${ATTORNEY_SQL.fromX} FROM json_to_recordset($1::json) AS x(user_id uuid, ${ATTORNEY_SQL.record})
         RETURNING id, user_id`,
        [JSON.stringify(newProfiles.map(({ email: _email, ...p }) => p))],
      )) as Array<{ id: string; user_id: string }>;
      for (const c of created) {
        links.push(c.id);
        audits.push(this.auditEntry(c.id, 'create', ctx, [], c.user_id));
      }
    }
    if (updates.length) {
      await manager.query(
        `UPDATE attorneys a SET ${ATTORNEY_SQL.setFromX}, updated_at = now()
         FROM json_to_recordset($1::json) AS x(id uuid, ${ATTORNEY_SQL.record}) WHERE a.id = x.id`,
        [JSON.stringify(updates)],
      );
    }
    if (renames.length) {
      await manager.query(
        `UPDATE users u SET display_name = x.display_name, updated_at = now()
         FROM json_to_recordset($1::json) AS x(id uuid, display_name text) WHERE u.id = x.id`,
        [JSON.stringify(renames)],
      );
    }
    if (links.length) {
      await manager.query(
        `INSERT INTO attorney_organizations (attorney_id, organization_id) SELECT unnest($1::uuid[]), $2
         ON CONFLICT DO NOTHING`,
        [links, ctx.organizationId],
      );
    }
    await this.audit.recordMany(audits, manager);
    return outcomes;
  }

  private auditEntry(
    attorneyId: string,
    operation: 'create' | 'update',
    ctx: BulkWriteContext,
    fields: string[],
    userId?: string,
  ): AuditEntry {
    return {
      action: ctx.audit.action,
      entityType: 'attorney',
      entityId: attorneyId,
      actor: ctx.actor,
      details: {
        ...ctx.audit.details,
        organizationId: ctx.organizationId,
        operation,
        ...(userId ? { userId } : {}),
        ...(fields.length ? { fields } : {}),
      },
    };
  }

  private officeColumns(row: AttorneyRecord) {
    const p = row.office!.place;
    return {
      office_street_enc: this.cipher.encrypt(row.office!.street),
      office_city: p.city,
      office_state: p.state,
      office_zip: p.zip,
      office_county: p.county,
      latitude: p.lat,
      longitude: p.lon,
      time_zone: p.timeZone,
    };
  }

  /** A new profile with the defaults of POST /attorneys (and of the table). */
  private newProfile(row: AttorneyRecord): AttorneyColumns {
    return {
      bar_admissions: row.barAdmissions ?? [],
      languages: row.languages ?? [],
      language_codes: row.languageCodes ?? [],
      practice_areas: row.practiceAreas ?? [],
      ...(row.office
        ? this.officeColumns(row)
        : {
            office_street_enc: null,
            office_city: null,
            office_state: null,
            office_zip: null,
            office_county: null,
            latitude: null,
            longitude: null,
            time_zone: null,
          }),
      travel_radius_miles: row.travelRadiusMiles ?? 25,
      remote_ok: row.remoteOk ?? false,
      capacity: row.capacity ?? 3,
      phone_enc: this.cipher.encrypt(row.phone ?? null),
    };
  }

  private changedProfile(
    row: AttorneyRecord,
    e: ExistingAccount,
  ): { columns: AttorneyColumns; fields: string[] } {
    const { fields, pick } = fieldChanges();
    const columns: AttorneyColumns = {
      bar_admissions: pick('barAdmissions', row.barAdmissions, e.bar_admissions ?? [], sameList),
      languages: pick('languages', row.languages, e.languages ?? [], sameLanguages),
      language_codes: e.language_codes ?? [],
      practice_areas: pick<string[]>('practiceAreas', row.practiceAreas, e.practice_areas ?? [], sameList),
      office_street_enc: e.office_street_enc,
      office_city: e.office_city,
      office_state: e.office_state,
      office_zip: e.office_zip,
      office_county: e.office_county,
      latitude: e.latitude,
      longitude: e.longitude,
      time_zone: e.time_zone,
      travel_radius_miles: pick('travelRadiusMiles', row.travelRadiusMiles, e.travel_radius_miles ?? 25),
      remote_ok: pick('remoteOk', row.remoteOk, e.remote_ok ?? false),
      capacity: pick('capacity', row.capacity, e.capacity ?? 3),
      phone_enc: e.phone_enc,
    };
    if (fields.includes('languages')) columns.language_codes = row.languageCodes ?? [];
    if (
      row.office &&
      (row.office.place.zip !== e.office_zip ||
        (row.office.street !== null && row.office.street !== this.cipher.decrypt(e.office_street_enc)))
    ) {
      fields.push('office');
      Object.assign(columns, this.officeColumns(row));
    }
    if (row.phone !== undefined && row.phone !== this.cipher.decrypt(e.phone_enc)) {
      fields.push('phone');
      columns.phone_enc = this.cipher.encrypt(row.phone);
    }
    return { columns, fields };
  }
}
