import fc from 'fast-check';
import {
  parseReminderDedupeKey,
  reminderDedupeKey,
  sendStampOf,
  type ReminderKeyParts,
} from '../../../src/reminders/planning';
import { assertBullmqJobId, at } from './support';

const parts: ReminderKeyParts = {
  subjectKind: 'hearing',
  subjectId: '3f2b8c1e-9a7d-4e21-b0c4-5d6e7f809a1b',
  subjectVersion: 'v12',
  recipientKey: 'sponsor:77',
  channel: 'sms',
  language: 'quc',
  offsetKey: 'D0T0800',
  sendStamp: sendStampOf(at('2026-03-17T12:00:00.250Z')),
};

describe('reminder dedupe keys', () => {
  it('read well and have no ":"', () => {
    expect(reminderDedupeKey(parts)).toBe(
      'rem_h_3f2b8c1e-9a7d-4e21-b0c4-5d6e7f809a1b_v12_sponsor~3A77_sms_quc_D0T0800_20260317T120000Z',
    );
  });

  it('are accepted by BullMQ as custom job ids (BullMQ rejects ":" and integers)', () => {
    assertBullmqJobId(reminderDedupeKey(parts));
    expect(() => assertBullmqJobId('child:1')).toThrow(/cannot contain :/);
    expect(() => assertBullmqJobId('42')).toThrow(/cannot be integers/);
  });

  it('parse back to their parts, whatever the ids contain', () => {
    const text = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 });
    fc.assert(
      fc.property(
        fc.record({
          subjectKind: fc.constantFrom('hearing' as const, 'deadline' as const),
          subjectId: text,
          subjectVersion: text,
          recipientKey: text,
          channel: fc.constantFrom('email' as const, 'sms' as const),
          language: fc.constantFrom('spa', 'quc', 'eng'),
          offsetKey: text,
          sendStamp: text,
        }),
        (value) => {
          const key = reminderDedupeKey(value);
          expect(parseReminderDedupeKey(key)).toEqual(value);
          expect(key).not.toContain(':');
          assertBullmqJobId(key);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('differ when any part differs (ids with separators cannot collide)', () => {
    const a = reminderDedupeKey({ ...parts, subjectId: 'a_b', recipientKey: 'c' });
    const b = reminderDedupeKey({ ...parts, subjectId: 'a', recipientKey: 'b_c' });
    expect(a).not.toBe(b);
  });

  it('refuse to parse anything else', () => {
    expect(() => parseReminderDedupeKey('rem_h_1')).toThrow(/not a reminder dedupe key/);
    expect(() => parseReminderDedupeKey('job-123')).toThrow(/not a reminder dedupe key/);
  });
});
