import { isKnownTimeZone } from '../time';
import { type Channel, type RecipientRole, type ReminderRecipient } from './planning';

/** What planning needs to know about one case's people; contact values stay encrypted (only presence). */
export interface CaseContactsRow {
  case_id: string;
  organization_id: string;
  case_status: string;
  child_id: string;
  child_first_name: string;
  child_consent: boolean;
  child_purged: boolean;
  child_channels: string[];
  child_has_email: boolean;
  child_has_phone: boolean;
  child_language: string;
  child_zone: string | null;
  sponsor_id: string | null;
  sponsor_channels: string[] | null;
  sponsor_has_email: boolean | null;
  sponsor_has_phone: boolean | null;
  sponsor_language: string | null;
  sponsor_zone: string | null;
  attorney_user_id: string | null;
  attorney_active: boolean | null;
  attorney_zone: string | null;
}

/** Columns for CaseContactsRow; `X` must be a row with `case_id`, joined as `k`, `c`, `s`, `a`, `au`. */
export const CASE_CONTACTS_COLUMNS = `
  k.id AS case_id, k.organization_id, k.status AS case_status,
  c.id AS child_id, c.first_name AS child_first_name, c.reminder_consent AS child_consent,
  (c.contact_purged_at IS NOT NULL) AS child_purged, c.reminder_channels AS child_channels,
  (c.email_enc IS NOT NULL) AS child_has_email, (c.phone_enc IS NOT NULL) AS child_has_phone,
  trim(coalesce(c.reminder_language, c.primary_language)) AS child_language, c.time_zone AS child_zone,
  s.id AS sponsor_id, s.reminder_channels AS sponsor_channels,
  (s.email_enc IS NOT NULL) AS sponsor_has_email, (s.phone_enc IS NOT NULL) AS sponsor_has_phone,
  trim(s.preferred_language) AS sponsor_language, s.time_zone AS sponsor_zone,
  au.id AS attorney_user_id, (au.disabled_at IS NULL) AS attorney_active, a.time_zone AS attorney_zone`;

export const CASE_CONTACTS_JOINS = `
  JOIN cases k ON k.id = X.case_id
  JOIN children c ON c.id = k.child_id
  LEFT JOIN sponsors s ON s.child_id = c.id
  LEFT JOIN attorneys a ON a.id = k.attorney_id AND k.status = 'represented'
  LEFT JOIN users au ON au.id = a.user_id`;

export interface Coordinator {
  userId: string;
  organizationId: string;
}

export const recipientKeyOf = (role: RecipientRole, id: string): string => `${role}:${id}`;

export function parseRecipientKey(key: string): { role: RecipientRole; id: string } {
  const [role, id] = key.split(':');
  if (!['child', 'sponsor', 'attorney', 'coordinator'].includes(role) || !id) {
    throw new RangeError(`"${key}" is not a recipient key`);
  }
  return { role: role as RecipientRole, id };
}

function zoneOr(fallback: string, ...zones: (string | null | undefined)[]): string {
  return zones.find((z): z is string => typeof z === 'string' && isKnownTimeZone(z)) ?? fallback;
}

function languageOr(fallback: string, ...languages: (string | null | undefined)[]): string {
  return languages.find((l): l is string => typeof l === 'string' && /^[a-z]{3}$/.test(l)) ?? fallback;
}

function reachable(
  channels: readonly string[] | null,
  hasEmail: boolean | null,
  hasPhone: boolean | null,
): Channel[] {
  const out: Channel[] = [];
  for (const channel of channels ?? []) {
    if (channel === 'email' && hasEmail) out.push('email');
    if (channel === 'sms' && hasPhone) out.push('sms');
  }
  return out;
}

/**
 * The people to remind about something in one case. Family members need consent (the child) or to have chosen
 * channels (the sponsor), and a contact on that channel. Languages: the child's reminder language or primary
 * language; the sponsor's preferred language, else the child's. Zones: where each person lives, the
 * attorney's office, else the court's.
 */
export function recipientsFor(
  row: CaseContactsRow,
  courtZone: string,
  coordinators: readonly Coordinator[],
  stops: ReadonlyMap<string, readonly Channel[]>,
): ReminderRecipient[] {
  const out: ReminderRecipient[] = [];
  const push = (recipient: ReminderRecipient) => {
    const stopped = stops.get(recipient.recipientKey);
    out.push(stopped?.length ? { ...recipient, stoppedChannels: stopped } : recipient);
  };
  const childLanguage = languageOr('spa', row.child_language);
  const childZone = zoneOr(courtZone, row.child_zone);
  if (row.child_consent && !row.child_purged) {
    push({
      role: 'child',
      recipientKey: recipientKeyOf('child', row.child_id),
      language: childLanguage,
      channels: reachable(row.child_channels, row.child_has_email, row.child_has_phone),
      timeZone: childZone,
    });
  }
  if (row.sponsor_id) {
    push({
      role: 'sponsor',
      recipientKey: recipientKeyOf('sponsor', row.sponsor_id),
      language: languageOr(childLanguage, row.sponsor_language),
      channels: reachable(row.sponsor_channels, row.sponsor_has_email, row.sponsor_has_phone),
      timeZone: zoneOr(courtZone, row.sponsor_zone, row.child_zone),
    });
  }
  if (row.attorney_user_id && row.attorney_active) {
    push({
      role: 'attorney',
      recipientKey: recipientKeyOf('attorney', row.attorney_user_id),
      language: 'eng',
      channels: ['email'],
      timeZone: zoneOr(courtZone, row.attorney_zone),
    });
  }
  for (const coordinator of coordinators) {
    if (coordinator.organizationId !== row.organization_id) continue;
    push({
      role: 'coordinator',
      recipientKey: recipientKeyOf('coordinator', coordinator.userId),
      language: 'eng',
      channels: ['email'],
      timeZone: courtZone,
    });
  }
  return out.filter((r) => r.channels.length > 0);
}
