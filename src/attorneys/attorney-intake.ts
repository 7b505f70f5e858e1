import { ErrorDetail } from '../common/app-error';
import { normalizePhone } from '../common/phone';
import { lookupZip, normalizeZip, ZipPlace } from '../geo';
import { LanguageProficiency } from '../matching/scoring/matching-profiles';
import { AttorneyLanguage } from './attorney.entity';

/**
 * The rules for an attorney profile that need reference data (languages, ZIP directory, phone numbering), as one
 * pure function shared by the API and the CSV import. Shape checks happen first in the DTO.
 */
export interface AttorneyIntakeFields {
  languages?: { code: string; proficiency: LanguageProficiency }[];
  office?: { street?: string; zip: string };
  phone?: string | null;
  remoteOk?: boolean;
}

export interface CheckedAttorney {
  languages?: AttorneyLanguage[];
  /** The distinct codes of `languages`. */
  languageCodes?: string[];
  office?: { street: string | null; place: ZipPlace };
  /** E.164, null to clear, undefined when not given. */
  phone?: string | null;
}

export function checkAttorneyIntake(
  input: AttorneyIntakeFields,
  context: { knownLanguages: ReadonlySet<string> },
  creating: boolean,
): { checked: CheckedAttorney; errors: ErrorDetail[] } {
  const errors: ErrorDetail[] = [];
  const checked: CheckedAttorney = {};
  if (input.languages) {
    const seen = new Set<string>();
    input.languages.forEach((l, i) => {
      if (!context.knownLanguages.has(l.code)) {
        errors.push({
          field: `languages.${i}.code`,
          message: `${l.code} is not a known ISO 639-3 language here`,
        });
      }
      if (seen.has(l.code))
        errors.push({ field: `languages.${i}.code`, message: `${l.code} is listed twice` });
      seen.add(l.code);
    });
    checked.languages = input.languages.map((l) => ({ code: l.code, proficiency: l.proficiency }));
    checked.languageCodes = [...seen];
  }
  if (input.office) {
    const zip = normalizeZip(input.office.zip);
    const place = zip ? lookupZip(zip) : undefined;
    if (!place)
      errors.push({ field: 'office.zip', message: `ZIP ${input.office.zip} is not a known US ZIP code` });
    else checked.office = { street: input.office.street?.trim() || null, place };
  }
  if (input.phone !== undefined) {
    const phone = input.phone ? normalizePhone(input.phone) : null;
    if (input.phone && !phone)
      errors.push({ field: 'phone', message: `${input.phone} is not a valid phone number` });
    checked.phone = phone ?? null;
  }
  if (creating && !input.office && !input.remoteOk) {
    errors.push({ field: 'office', message: 'give an office ZIP (for travel distance) or set remoteOk' });
  }
  return { checked, errors };
}
