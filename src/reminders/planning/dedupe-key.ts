import type { Channel } from './types';
import type { ReminderSubjectKind } from './policy';

/*
 * A reminder's dedupe key is its identity: the reminder row's unique key and the BullMQ job id.
 *
 *   rem_<h|d>_<subjectId>_<subjectVersion>_<recipientKey>_<channel>_<language>_<offsetKey>_<sendAt>
 *   e.g. rem_h_42_v3_child~3A17_sms_spa_P14D_20260217T140000Z
 *
 * - '_' separates parts; inside a part anything but [A-Za-z0-9.-] is written ~XX per UTF-8 byte, so parts
 *   never contain '_' or ':' and the key parses back. BullMQ refuses custom job ids containing ':'
 *   (Job#validateOptions: "Custom Id cannot contain :") and ids that are integers; 'rem_' rules out both.
 * - subjectVersion is 'v<hearing version>' for hearings; '<dueDate>-<remindBy>' (digits only) for deadlines,
 *   since a recomputed deadline is a new deadline as far as its reminders go.
 * - sendAt (UTC, to the second) is part of the key so that any change of send time (recipient moved
 *   zones, policy edited) makes a NEW key: BullMQ silently ignores an add whose job id already exists,
 *   so reusing a key for a different time would keep the old job. A catch-up send uses 'asap' instead:
 *   its time is "now", which must not churn the key on every re-plan.
 */

export interface ReminderKeyParts {
  subjectKind: ReminderSubjectKind;
  subjectId: string;
  subjectVersion: string;
  recipientKey: string;
  channel: Channel;
  language: string;
  offsetKey: string;
  /** 'YYYYMMDDTHHMMSSZ' or 'asap'. */
  sendStamp: string;
}

const PREFIX = 'rem';
const SUBJECT_CODE: Record<ReminderSubjectKind, string> = { hearing: 'h', deadline: 'd' };
const PART_COUNT = 9;

const SAFE_PART = /^[A-Za-z0-9.-]*$/;
const UNSAFE_CHAR = /[^A-Za-z0-9.-]/gu;

function encodeChar(char: string): string {
  let out = '';
  for (const byte of Buffer.from(char, 'utf8')) out += `~${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  return out;
}

function encodePart(value: string): string {
  // Most parts need no escaping; the planner builds millions of keys when it plans in bulk.
  return SAFE_PART.test(value) ? value : value.replace(UNSAFE_CHAR, encodeChar);
}

function decodePart(value: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < value.length; i += 1) {
    if (value[i] === '~') {
      bytes.push(parseInt(value.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      bytes.push(value.charCodeAt(i));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/** 'YYYYMMDDTHHMMSSZ' (UTC, seconds). */
export function sendStampOf(sendAt: Date): string {
  return sendAt
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/[-:]/g, '');
}

export const ASAP_STAMP = 'asap';

export function hearingVersionToken(version: number): string {
  return `v${version}`;
}

export function deadlineVersionToken(dueDate: string, remindBy: string): string {
  return `${dueDate.replace(/-/g, '')}-${remindBy.replace(/-/g, '')}`;
}

export function reminderDedupeKey(parts: ReminderKeyParts): string {
  return [
    PREFIX,
    SUBJECT_CODE[parts.subjectKind],
    parts.subjectId,
    parts.subjectVersion,
    parts.recipientKey,
    parts.channel,
    parts.language,
    parts.offsetKey,
    parts.sendStamp,
  ]
    .map((part, index) => (index < 2 ? part : encodePart(part)))
    .join('_');
}

export function parseReminderDedupeKey(key: string): ReminderKeyParts {
  const parts = key.split('_');
  const kind = (Object.keys(SUBJECT_CODE) as ReminderSubjectKind[]).find((k) => SUBJECT_CODE[k] === parts[1]);
  if (parts.length !== PART_COUNT || parts[0] !== PREFIX || !kind) {
    throw new RangeError(`"${key}" is not a reminder dedupe key`);
  }
  const [, , subjectId, subjectVersion, recipientKey, channel, language, offsetKey, sendStamp] =
    parts.map(decodePart);
  if (channel !== 'email' && channel !== 'sms') throw new RangeError(`"${key}" has an unknown channel`);
  return {
    subjectKind: kind,
    subjectId,
    subjectVersion,
    recipientKey,
    channel,
    language,
    offsetKey,
    sendStamp,
  };
}

/**
 * The key of everything sent to one recipient on one channel about one version of a subject
 * (language, offset and time left out). Used to tell whether a recipient already heard about it.
 */
export function reminderGroupOf(parts: ReminderKeyParts): string {
  return [parts.subjectKind, parts.subjectId, parts.subjectVersion, parts.recipientKey, parts.channel]
    .map(encodePart)
    .join('_');
}
