/*
 * A message catalog is plain data, one object per language. Messages are ICU MessageFormat (formatted with
 * intl-messageformat): {placeholders}, and plural/select where a language needs them; no markup (every
 * value is escaped when HTML is built). Apostrophes are plain text unless they come right before '{'. Adding a language = one new file here
 * plus one line in ./index.ts; the catalog tests check it has every message and the same placeholders.
 *
 * Writing rules for family messages: short sentences, everyday words, a teenager's reading level,
 * calm about consequences, no case details (no A-number, no case type).
 */

export type CatalogDates =
  /** Intl.DateTimeFormat knows the locale: weekday and month names, time and zone names come from it. */
  | { kind: 'intl'; locale: string }
  /** Intl has no data for the language (ICU has none for Haitian Creole): names are given here. */
  | {
      kind: 'names';
      /** Sunday first. */
      weekdays: readonly [string, string, string, string, string, string, string];
      months: readonly [
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
      ];
      /** {weekday} {day} {month} {year} */
      date: string;
      /** {time} is h:mm on a 12-hour clock; the part of the day says morning/afternoon/evening. */
      time: { morning: string; afternoon: string; evening: string };
      /** Locale whose zone names are shown (people also see them on English court notices). */
      zoneNameLocale: string;
    };

export interface FamilyHearingLines {
  /** {name} {relative} */
  subject: string;
  /** {name} */
  greeting: string;
  /** {name} {relative} */
  hearing: string;
  /** {whenLocal}: the same moment on the recipient's clock, when their zone differs from the court's. */
  whenLocal: string;
  /** {name}: must attend, and what missing it can mean — said calmly. */
  mustAttend: string;
  /** {stopUrl} */
  stop: string;
}

export interface FamilyDeadlineLines {
  subject: string;
  greeting: string;
  /** {name} {date} */
  changeOfAddress: string;
  changeOfAddressWhy: string;
  changeOfAddressHelp: string;
  /** {name} {date} */
  general: string;
  generalHelp: string;
  stop: string;
}

export interface CounselLines {
  /** {relative} {childName} {courtName} */
  hearingSubject: string;
  hearingIntro: string;
  client: string;
  court: string;
  hearingType: string;
  whenLocal: string;
  caseReference: string;
  caseLink: string;
  /** {ruleTitle} {childName} */
  deadlineSubject: string;
  deadlineIntro: string;
  deadline: string;
  /** {date} */
  due: string;
  stop: string;
  /** Known hearing types; others are shown as given. */
  hearingTypes: { master: string; individual: string };
}

export interface StopConfirmationLines {
  subject: string;
  stoppedEmail: string;
  stoppedSms: string;
  familyNote: string;
  counselNote: string;
}

/** The page a stop link opens: nothing changes until a button is pressed (mail scanners open links). */
export interface StopPageLines {
  confirmTitle: string;
  confirmEmail: string;
  confirmSms: string;
  /** Nothing changes unless the button is pressed; court dates still count. */
  confirmNote: string;
  stopButton: string;
  /** Shown after stopping. */
  restartOffer: string;
  restartButton: string;
  restartedTitle: string;
  restartedEmail: string;
  restartedSms: string;
}

export interface MessageCatalog {
  /** ISO 639-3 code of the language the catalog is written in. */
  language: string;
  /** BCP 47 tag for `lang=` in HTML and for plural rules. */
  htmlLang: string;
  dates: CatalogDates;
  patterns: {
    /** {date} {time} {zone} */
    dateTime: string;
    /** {zoneName} {city} */
    zone: string;
    /** {date} {zone} */
    dateWithZone: string;
  };
  /** {days} until the hearing on the recipient's calendar: '{days, plural, =0 {today} =1 {tomorrow} ...}'. */
  relativeDay: string;
  labels: {
    when: string;
    /** {courtName} {address} */
    whereInPerson: string;
    /** {instructions} */
    whereRemote: string;
    /** {link} */
    joinLink: string;
  };
  familyHearing: { child: FamilyHearingLines; sponsor: FamilyHearingLines };
  familyDeadline: { child: FamilyDeadlineLines; sponsor: FamilyDeadlineLines };
  counsel: CounselLines;
  stopConfirmation: StopConfirmationLines;
  stopPage: StopPageLines;
}
