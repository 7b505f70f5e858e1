import { CATALOGS } from './catalog';

export type TemplateLanguage = keyof typeof CATALOGS;

export const TEMPLATE_LANGUAGES = Object.keys(CATALOGS) as TemplateLanguage[];

export function isTemplateLanguage(language: string): language is TemplateLanguage {
  return Object.prototype.hasOwnProperty.call(CATALOGS, language);
}

/**
 * A language with no written template gets the written language its speakers most likely read, and a
 * call: many Mayan languages are mostly spoken, so a text in Spanish may not be understood.
 * Anything not listed falls back to Spanish: most children in these cases come from Central America,
 * where an unlisted language is most likely an Indigenous one. Languages from elsewhere are listed so a
 * Dari-speaking child is not sent Spanish.
 */
const WRITTEN_FALLBACK: Readonly<Record<string, TemplateLanguage>> = {
  wol: 'fra', // Wolof: Senegal and Mauritania, where French is the written school language
  ara: 'eng',
  prs: 'eng',
  pus: 'eng',
  cmn: 'eng',
  rus: 'eng',
  ron: 'eng',
  tur: 'eng',
  hin: 'eng',
  pan: 'eng',
  tir: 'eng',
};

export const DEFAULT_WRITTEN_FALLBACK: TemplateLanguage = 'spa';

export interface TemplateLanguageResolution {
  /** The recipient's language as given (ISO 639-3). */
  language: string;
  templateLanguage: TemplateLanguage;
  /** True when the template is not in their language: the coordinator should call them too. */
  callNeeded: boolean;
}

/**
 * 'spa' → Spanish; 'quc' (K'iche'), 'mam', 'kjb' (Q'anjob'al) … → Spanish + callNeeded.
 * Only ISO 639-3 codes (three lowercase letters) are accepted: EOIR codes ('SP', 'QUI') and two-letter
 * codes ('es') are refused rather than guessed at, since EOIR and ISO codes clash.
 */
export function resolveTemplateLanguage(language: string): TemplateLanguageResolution {
  if (!/^[a-z]{3}$/.test(language)) {
    throw new RangeError(
      `"${language}" is not an ISO 639-3 language code (three lowercase letters, e.g. "spa")`,
    );
  }
  if (isTemplateLanguage(language)) return { language, templateLanguage: language, callNeeded: false };
  return {
    language,
    templateLanguage: WRITTEN_FALLBACK[language] ?? DEFAULT_WRITTEN_FALLBACK,
    callNeeded: true,
  };
}
