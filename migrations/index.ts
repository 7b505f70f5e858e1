import { Foundation1764300000000 } from './1764300000000-foundation';
import { Intake1764400000000 } from './1764400000000-intake';
import { HearingsDeadlines1764450000000 } from './1764450000000-hearings-deadlines';

/** Every migration, in order. Listed explicitly so the same list runs from source (tests) and from dist. */
export const MIGRATIONS = [Foundation1764300000000, Intake1764400000000, HearingsDeadlines1764450000000];
