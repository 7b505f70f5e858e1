import { ageOn, isCalendarDate } from '../time';
import { ErrorDetail } from '../common/app-error';
import { normalizePhone } from '../common/phone';
import { lookupZip, normalizeZip, ZipPlace } from '../geo';
import { normalizeANumber } from './a-number';
import { ReminderChannel } from './child.entity';

/**
 * The intake rules for a child and sponsor, as one pure function shared by the API and the CSV import, so a
 * row is accepted or refused for the same reasons either way. Shape checks (types, lengths, formats) happen
 * first in the DTO; these are the rules that need the calendar, the ZIP directory or the language list.
 */
export interface AddressInput {
  street?: string;
  zip: string;
  movedAt?: Date;
}

export interface ResolvedAddress {
  street: string | null;
  place: ZipPlace;
  movedAt?: Date;
}

export interface ChildIntakeFields {
  dateOfBirth?: string;
  releaseDate?: string;
  countryOfBirth?: string;
  aNumber?: string;
  primaryLanguage?: string;
  otherLanguages?: string[];
  reminderLanguage?: string;
  reminderChannels?: ReminderChannel[];
  address?: AddressInput;
  phone?: string | null;
  email?: string | null;
}

export interface SponsorIntakeFields {
  preferredLanguage?: string;
  reminderChannels?: ReminderChannel[];
  address?: AddressInput;
  phone?: string | null;
  email?: string | null;
}

export interface IntakeContext {
  /** Today's date (YYYY-MM-DD). */
  today: string;
  knownLanguages: ReadonlySet<string>;
}

export interface CheckedChild {
  aNumber?: string;
  address?: ResolvedAddress;
  phone?: string | null;
}

export interface CheckedSponsor {
  address?: ResolvedAddress;
  phone?: string | null;
}

const regionNames = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });

/** ISO 3166-1 alpha-2, assigned codes only (CLDR also names the user-assigned ZZ, AA, QM–QZ, XA–XZ; Kosovo's XK is kept). */
export function isCountryCode(code: string): boolean {
  if (!/^[A-Z]{2}$/.test(code)) return false;
  if (code !== 'XK' && /^(AA|ZZ|Q[M-Z]|X[A-Z])$/.test(code)) return false;
  return regionNames.of(code) !== undefined;
}

const DAY_MS = 86_400_000;

function resolveAddress(
  address: AddressInput,
  field: string,
  errors: ErrorDetail[],
  today: string,
): ResolvedAddress | undefined {
  // A move starts the EOIR-33 clock and tops the address history: one that has not happened yet cannot.
  // Tomorrow is allowed (it is already tomorrow somewhere east of UTC); later is refused, as future decisions are.
  if (address.movedAt && address.movedAt.getTime() >= Date.parse(`${today}T00:00:00Z`) + 2 * DAY_MS) {
    errors.push({ field: `${field}.movedAt`, message: 'the move cannot be in the future' });
    return undefined;
  }
  const zip = normalizeZip(address.zip);
  const place = zip ? lookupZip(zip) : undefined;
  if (!place) {
    errors.push({ field: `${field}.zip`, message: `ZIP ${address.zip} is not a known US ZIP code` });
    return undefined;
  }
  return { street: address.street?.trim() || null, place, movedAt: address.movedAt };
}

function checkPhone(
  phone: string | null | undefined,
  field: string,
  errors: ErrorDetail[],
): string | null | undefined {
  if (phone === null || phone === undefined || phone.trim() === '')
    return phone === undefined ? undefined : null;
  const e164 = normalizePhone(phone);
  if (!e164) errors.push({ field, message: `${phone} is not a valid phone number (US numbers may omit +1)` });
  return e164;
}

function checkLanguages(
  codes: Array<[string, string | undefined]>,
  context: IntakeContext,
  errors: ErrorDetail[],
): void {
  for (const [field, code] of codes) {
    if (code !== undefined && !context.knownLanguages.has(code)) {
      errors.push({
        field,
        message: `${code} is not a known ISO 639-3 language here (GET /languages lists them)`,
      });
    }
  }
}

function checkChannels(
  channels: ReminderChannel[] | undefined,
  contact: { email?: string | null; phone?: string | null },
  field: string,
  errors: ErrorDetail[],
): void {
  if (channels?.includes('email') && !contact.email)
    errors.push({ field, message: 'e-mail reminders need an e-mail address' });
  if (channels?.includes('sms') && !contact.phone)
    errors.push({ field, message: 'text reminders need a phone number' });
}

/**
 * Checks a child's fields. For an update, pass the merged record (stored values overlaid with the change) so
 * cross-field rules (minor at release, channels need contacts) see the whole child.
 */
export function checkChildIntake(
  input: ChildIntakeFields,
  context: IntakeContext,
): { checked: CheckedChild; errors: ErrorDetail[] } {
  const errors: ErrorDetail[] = [];
  const checked: CheckedChild = {};

  if (input.aNumber !== undefined) {
    checked.aNumber = normalizeANumber(input.aNumber);
    if (!checked.aNumber) {
      errors.push({
        field: 'aNumber',
        message: `${input.aNumber} is not an A-number: it needs 9 digits (or 8 for old numbers), e.g. A-123-456-789`,
      });
    }
  }

  const dob = input.dateOfBirth;
  const release = input.releaseDate;
  if (dob !== undefined && !isCalendarDate(dob))
    errors.push({ field: 'dateOfBirth', message: `${dob} is not a real date` });
  if (release !== undefined && !isCalendarDate(release))
    errors.push({ field: 'releaseDate', message: `${release} is not a real date` });
  const datesValid =
    dob !== undefined && release !== undefined && isCalendarDate(dob) && isCalendarDate(release);
  if (dob !== undefined && isCalendarDate(dob) && dob >= context.today) {
    errors.push({ field: 'dateOfBirth', message: 'the date of birth must be in the past' });
  }
  if (release !== undefined && isCalendarDate(release) && release > context.today) {
    errors.push({ field: 'releaseDate', message: 'the release date cannot be in the future' });
  }
  if (datesValid && release! <= dob!)
    errors.push({ field: 'releaseDate', message: 'the release date must be after the date of birth' });
  else if (datesValid && ageOn(dob!, release!) >= 18) {
    errors.push({
      field: 'dateOfBirth',
      message: `the child was ${ageOn(dob!, release!)} at release; Amparo serves children released as minors (under 18)`,
    });
  }

  if (input.countryOfBirth !== undefined && !isCountryCode(input.countryOfBirth)) {
    errors.push({
      field: 'countryOfBirth',
      message: `${input.countryOfBirth} is not an ISO 3166 country code`,
    });
  }

  checkLanguages(
    [
      ['primaryLanguage', input.primaryLanguage],
      ['reminderLanguage', input.reminderLanguage],
      ...(input.otherLanguages ?? []).map((code, i): [string, string] => [`otherLanguages.${i}`, code]),
    ],
    context,
    errors,
  );

  if (input.address) checked.address = resolveAddress(input.address, 'address', errors, context.today);
  checked.phone = checkPhone(input.phone, 'phone', errors);
  checkChannels(
    input.reminderChannels,
    { email: input.email, phone: checked.phone ?? input.phone },
    'reminderChannels',
    errors,
  );
  return { checked, errors };
}

export function checkSponsorIntake(
  input: SponsorIntakeFields,
  context: IntakeContext,
  prefix = 'sponsor',
): { checked: CheckedSponsor; errors: ErrorDetail[] } {
  const errors: ErrorDetail[] = [];
  const checked: CheckedSponsor = {};
  checkLanguages([[`${prefix}.preferredLanguage`, input.preferredLanguage]], context, errors);
  if (input.address) checked.address = resolveAddress(input.address, `${prefix}.address`, errors, context.today);
  checked.phone = checkPhone(input.phone, `${prefix}.phone`, errors);
  checkChannels(
    input.reminderChannels,
    { email: input.email, phone: checked.phone ?? input.phone },
    `${prefix}.reminderChannels`,
    errors,
  );
  return { checked, errors };
}
