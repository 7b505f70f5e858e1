import { AppConfig } from '../config/app-config';
import { MatchingOptions, resolveMatchingOptions } from './scoring/matching-options';

/** What matching reads from configuration, resolved and validated once. */
export interface MatchingSettings {
  options: MatchingOptions;
  /** Offers and assignments within this many days count for load fairness. */
  fairnessWindowDays: number;
  /** A case is urgent when its next hearing, deadline or age-out is within this many days. */
  urgentWithinDays: number;
  /** Candidates per case an assignment plan considers. */
  planCandidatesPerCase: number;
}

export const MATCHING_SETTINGS = Symbol('MATCHING_SETTINGS');

export function matchingSettings(config: AppConfig['matching']): MatchingSettings {
  return {
    options: resolveMatchingOptions({
      weights: config.weights,
      removalUsesCourtLocation: config.removalUsesCourtLocation,
    }),
    fairnessWindowDays: config.fairnessWindowDays,
    urgentWithinDays: config.urgentWithinDays,
    planCandidatesPerCase: config.planCandidatesPerCase,
  };
}

/** Start of the fairness window. */
export function fairnessSince(settings: MatchingSettings, now: Date): Date {
  return new Date(now.getTime() - settings.fairnessWindowDays * 86_400_000);
}
