import { Foundation1764300000000 } from './1764300000000-foundation';
import { Intake1764400000000 } from './1764400000000-intake';
import { HearingsDeadlines1764450000000 } from './1764450000000-hearings-deadlines';
import { HearingsDeadlinesMore1764500000000 } from './1764500000000-hearings-deadlines-more';
import { Imports1764550000000 } from './1764550000000-imports';
import { Offers1764600000000 } from './1764600000000-offers';
import { Reminders1764700000000 } from './1764700000000-reminders';
import { ReminderSendWindow1764800000000 } from './1764800000000-reminder-send-window';
import { EncryptHandoff1765000002000 } from './1765000002000-encrypt-handoff';
import { TokenVersion1765000003000 } from './1765000003000-token-version';
import { ReminderPolicyReplans1765000004000 } from './1765000004000-reminder-policy-replans';
import { ImportStoppedEarly1765000006000 } from './1765000006000-import-stopped-early';

/** Every migration, in order. Listed explicitly so the same list runs from source (tests) and from dist. */
export const MIGRATIONS = [
  Foundation1764300000000,
  Intake1764400000000,
  HearingsDeadlines1764450000000,
  HearingsDeadlinesMore1764500000000,
  Imports1764550000000,
  Offers1764600000000,
  Reminders1764700000000,
  ReminderSendWindow1764800000000,
  EncryptHandoff1765000002000,
  TokenVersion1765000003000,
  ReminderPolicyReplans1765000004000,
  ImportStoppedEarly1765000006000,
];
