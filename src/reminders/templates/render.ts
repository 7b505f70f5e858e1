import { assertKnownTimeZone, parseCalendarDate, type CalendarDate } from '../../time';
import type { Channel } from '../planning/types';
import { CATALOGS } from './catalog';
import type { MessageCatalog } from './catalog/types';
import { clocksDiffer, formatDateInZone, formatDateTimeInZone, relativeDay } from './format';
import { resolveTemplateLanguage, type TemplateLanguageResolution } from './languages';
import {
  fill,
  paragraphsToHtml,
  paragraphsToText,
  toSubject,
  type Line,
  type MessageValues,
  type Paragraph,
} from './message-text';

export interface RenderedMessage extends TemplateLanguageResolution {
  /** One line, for the e-mail subject (SMS ignores it). */
  subject: string;
  /** Plain text: the SMS body and the e-mail text part. */
  text: string;
  /** HTML fragment for the e-mail; every value escaped. */
  html: string;
}

export type FamilyAudience = 'child' | 'sponsor';

export type HearingLocation =
  | { kind: 'in_person'; courtName: string; address: string }
  /** `instructions` are shown as written (usually English, from the court notice). */
  | { kind: 'remote'; instructions: string; joinUrl?: string };

interface HearingTiming {
  startsAt: Date;
  /** IANA zone of the court holding the hearing: the time is stated in it. */
  courtZone: string;
  /** IANA zone of the recipient: the time is stated in it too when its clock differs. */
  recipientZone: string;
  /** When the message goes out: "today" / "tomorrow" / "in 3 days" is counted from it. */
  now: Date;
}

/**
 * What a family message may contain — deliberately nothing else: no A-number, case type or reference.
 */
export interface FamilyHearingReminderInput extends HearingTiming {
  /** Recipient's language, ISO 639-3 (resolved to a template language here). */
  language: string;
  audience: FamilyAudience;
  childFirstName: string;
  location: HearingLocation;
  stopUrl: string;
}

export interface CounselHearingReminderInput extends HearingTiming {
  language: string;
  childName: string;
  courtName: string;
  /** 'master', 'individual', or any other type (shown as given). */
  hearingType: string;
  caseReference: string;
  caseUrl: string;
  location: HearingLocation;
  stopUrl: string;
}

/** 'change_of_address' has its own wording (EOIR-33); anything else gets a general "important date". */
export type FamilyDeadlineTopic = 'change_of_address' | 'general';

export interface FamilyDeadlineReminderInput {
  language: string;
  audience: FamilyAudience;
  childFirstName: string;
  topic: FamilyDeadlineTopic;
  dueDate: CalendarDate;
  courtZone: string;
  stopUrl: string;
}

export interface CounselDeadlineReminderInput {
  language: string;
  childName: string;
  /** From the deadline rules (data), e.g. "Filings before a master calendar hearing". */
  ruleTitle: string;
  dueDate: CalendarDate;
  courtZone: string;
  courtName: string;
  caseReference: string;
  caseUrl: string;
  stopUrl: string;
}

export interface StopConfirmationInput {
  language: string;
  audience: 'family' | 'counsel';
  channel: Channel;
}

function required(value: string, what: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new RangeError(`${what} is required to render a message`);
  }
  return value.trim();
}

function catalogFor(language: string): { catalog: MessageCatalog; resolution: TemplateLanguageResolution } {
  const resolution = resolveTemplateLanguage(language);
  return { catalog: CATALOGS[resolution.templateLanguage], resolution };
}

/** Fills a catalog message in the catalog's own locale (plural rules, number formats). */
function writer(catalog: MessageCatalog): (message: string, values?: MessageValues) => Line {
  return (message, values = {}) => fill(message, values, catalog.htmlLang);
}

function render(
  resolution: TemplateLanguageResolution,
  catalog: MessageCatalog,
  subject: Line,
  paragraphs: Paragraph[],
): RenderedMessage {
  return {
    ...resolution,
    subject: toSubject(subject),
    text: paragraphsToText(paragraphs),
    html: paragraphsToHtml(paragraphs, catalog.htmlLang),
  };
}

function timingLines(
  timing: HearingTiming,
  catalog: MessageCatalog,
  whenLocalMessage: string,
): { lines: Line[]; relative: string } {
  const say = writer(catalog);
  assertKnownTimeZone(timing.courtZone, 'Court zone');
  assertKnownTimeZone(timing.recipientZone, 'Recipient zone');
  const lines: Line[] = [
    say(catalog.labels.when, { when: formatDateTimeInZone(timing.startsAt, timing.courtZone, catalog) }),
  ];
  if (clocksDiffer(timing.startsAt, timing.courtZone, timing.recipientZone)) {
    // A remote hearing after a move: the court's clock is what the notice says, theirs is what they live by.
    const whenLocal = formatDateTimeInZone(timing.startsAt, timing.recipientZone, catalog);
    lines.push(say(whenLocalMessage, { whenLocal }));
  }
  return { lines, relative: relativeDay(timing.now, timing.startsAt, timing.recipientZone, catalog) };
}

function whereLines(location: HearingLocation, catalog: MessageCatalog): Line[] {
  const say = writer(catalog);
  if (location.kind === 'in_person') {
    return [
      say(catalog.labels.whereInPerson, {
        courtName: required(location.courtName, 'Court name'),
        address: required(location.address, 'Court address'),
      }),
    ];
  }
  const lines = [say(catalog.labels.whereRemote, { instructions: location.instructions.trim() })];
  if (location.joinUrl) lines.push(say(catalog.labels.joinLink, { link: { link: location.joinUrl } }));
  return lines;
}

export function renderFamilyHearingReminder(input: FamilyHearingReminderInput): RenderedMessage {
  const { catalog, resolution } = catalogFor(input.language);
  const say = writer(catalog);
  const lines = catalog.familyHearing[input.audience];
  const { lines: when, relative } = timingLines(input, catalog, lines.whenLocal);
  const values: MessageValues = {
    name: required(input.childFirstName, 'Child first name'),
    relative,
    stopUrl: { link: required(input.stopUrl, 'Stop link') },
  };
  return render(resolution, catalog, say(lines.subject, values), [
    [say(lines.greeting, values)],
    [say(lines.hearing, values)],
    [...when, ...whereLines(input.location, catalog)],
    [say(lines.mustAttend, values)],
    [say(lines.stop, values)],
  ]);
}

function hearingTypeName(type: string, catalog: MessageCatalog): string {
  const names: Readonly<Record<string, string>> = catalog.counsel.hearingTypes;
  return Object.hasOwn(names, type) ? names[type] : required(type, 'Hearing type');
}

export function renderCounselHearingReminder(input: CounselHearingReminderInput): RenderedMessage {
  const { catalog, resolution } = catalogFor(input.language);
  const say = writer(catalog);
  const lines = catalog.counsel;
  const { lines: when, relative } = timingLines(input, catalog, lines.whenLocal);
  const values: MessageValues = {
    relative,
    childName: required(input.childName, 'Child name'),
    courtName: required(input.courtName, 'Court name'),
    hearingType: hearingTypeName(input.hearingType, catalog),
    caseReference: required(input.caseReference, 'Case reference'),
    caseUrl: { link: required(input.caseUrl, 'Case link') },
    stopUrl: { link: required(input.stopUrl, 'Stop link') },
  };
  return render(resolution, catalog, say(lines.hearingSubject, values), [
    [say(lines.hearingIntro, values)],
    [
      say(lines.client, values),
      say(lines.court, values),
      say(lines.hearingType, values),
      ...when,
      ...whereLines(input.location, catalog),
      say(lines.caseReference, values),
      say(lines.caseLink, values),
    ],
    [say(lines.stop, values)],
  ]);
}

export function renderFamilyDeadlineReminder(input: FamilyDeadlineReminderInput): RenderedMessage {
  const { catalog, resolution } = catalogFor(input.language);
  const say = writer(catalog);
  assertKnownTimeZone(input.courtZone, 'Court zone');
  parseCalendarDate(input.dueDate);
  const lines = catalog.familyDeadline[input.audience];
  const values: MessageValues = {
    name: required(input.childFirstName, 'Child first name'),
    date: formatDateInZone(input.dueDate, input.courtZone, catalog),
    stopUrl: { link: required(input.stopUrl, 'Stop link') },
  };
  const body: Paragraph[] =
    input.topic === 'change_of_address'
      ? [
          [say(lines.changeOfAddress, values)],
          [say(lines.changeOfAddressWhy, values), say(lines.changeOfAddressHelp, values)],
        ]
      : [[say(lines.general, values)], [say(lines.generalHelp, values)]];
  return render(resolution, catalog, say(lines.subject, values), [
    [say(lines.greeting, values)],
    ...body,
    [say(lines.stop, values)],
  ]);
}

export function renderCounselDeadlineReminder(input: CounselDeadlineReminderInput): RenderedMessage {
  const { catalog, resolution } = catalogFor(input.language);
  const say = writer(catalog);
  assertKnownTimeZone(input.courtZone, 'Court zone');
  parseCalendarDate(input.dueDate);
  const lines = catalog.counsel;
  const values: MessageValues = {
    childName: required(input.childName, 'Child name'),
    ruleTitle: required(input.ruleTitle, 'Rule title'),
    date: formatDateInZone(input.dueDate, input.courtZone, catalog),
    courtName: required(input.courtName, 'Court name'),
    caseReference: required(input.caseReference, 'Case reference'),
    caseUrl: { link: required(input.caseUrl, 'Case link') },
    stopUrl: { link: required(input.stopUrl, 'Stop link') },
  };
  return render(resolution, catalog, say(lines.deadlineSubject, values), [
    [say(lines.deadlineIntro, values)],
    [
      say(lines.deadline, values),
      say(lines.due, values),
      say(lines.client, values),
      say(lines.court, values),
      say(lines.caseReference, values),
      say(lines.caseLink, values),
    ],
    [say(lines.stop, values)],
  ]);
}

/** Sent once after someone uses a stop link. */
export function renderStopConfirmation(input: StopConfirmationInput): RenderedMessage {
  const { catalog, resolution } = catalogFor(input.language);
  const say = writer(catalog);
  const lines = catalog.stopConfirmation;
  return render(resolution, catalog, say(lines.subject, {}), [
    [say(input.channel === 'sms' ? lines.stoppedSms : lines.stoppedEmail, {})],
    [say(input.audience === 'family' ? lines.familyNote : lines.counselNote, {})],
  ]);
}
