import { LanguageProficiency } from './matching-profiles';

/**
 * Maximum points each ranking factor can contribute. A candidate's score is the sum of the five
 * factor points, so it lies in [0, sum of weights]; the defaults sum to 100.
 */
export interface MatchingWeights {
  language: number;
  distance: number;
  capacity: number;
  experience: number;
  fairness: number;
}

// Language dominates: an attorney who can talk to the child without an interpreter matters more
// to the case than a shorter drive.
export const DEFAULT_MATCHING_WEIGHTS: Readonly<MatchingWeights> = Object.freeze({
  language: 40,
  distance: 20,
  capacity: 15,
  experience: 15,
  fairness: 10,
});

/** Multiplier for whose language the attorney speaks (an interpreter-only match is 0). */
export interface LanguageTierFactors {
  childPrimary: number;
  childOther: number;
  sponsor: number;
}

export type ProficiencyFactors = Record<LanguageProficiency, number>;

export interface MatchingOptions {
  weights: MatchingWeights;
  languageTierFactors: LanguageTierFactors;
  proficiencyFactors: ProficiencyFactors;
  /** Removal defense is mostly court appearances, so a program may measure travel to the court instead. */
  removalUsesCourtLocation: boolean;
  /** Distance an attorney serving remotely (outside their radius, remote-ok) is scored as. */
  remoteDistanceMiles: number;
  /** Distance at which the distance factor is half its weight. */
  distanceHalfScoreMiles: number;
  /** Prior matters of the case type at which the experience factor is half its weight. */
  experienceHalfScoreMatters: number;
  /** Recent offers/assignments at which the fairness factor is half its weight. */
  fairnessHalfScoreCount: number;
}

export const DEFAULT_MATCHING_OPTIONS: Readonly<MatchingOptions> = Object.freeze({
  weights: DEFAULT_MATCHING_WEIGHTS,
  // Tiers are spaced so that, at equal proficiency, primary > other > sponsor; a merely
  // conversational speaker of the primary language (1 x 0.4) ranks below a native speaker of a
  // language the child also speaks (0.6 x 1), because legal interviews need real fluency.
  languageTierFactors: Object.freeze({ childPrimary: 1, childOther: 0.6, sponsor: 0.3 }),
  proficiencyFactors: Object.freeze({ native: 1, fluent: 0.9, professional: 0.75, conversational: 0.4 }),
  removalUsesCourtLocation: false,
  remoteDistanceMiles: 50,
  distanceHalfScoreMiles: 25,
  experienceHalfScoreMatters: 3,
  fairnessHalfScoreCount: 3,
});

export interface MatchingOptionsOverrides {
  weights?: Partial<MatchingWeights>;
  languageTierFactors?: Partial<LanguageTierFactors>;
  proficiencyFactors?: Partial<ProficiencyFactors>;
  removalUsesCourtLocation?: boolean;
  remoteDistanceMiles?: number;
  distanceHalfScoreMiles?: number;
  experienceHalfScoreMatters?: number;
  fairnessHalfScoreCount?: number;
}

/** Defaults merged with overrides, validated once so scoring itself never has to. */
export function resolveMatchingOptions(overrides: MatchingOptionsOverrides = {}): MatchingOptions {
  const d = DEFAULT_MATCHING_OPTIONS;
  const options: MatchingOptions = {
    weights: { ...d.weights, ...overrides.weights },
    languageTierFactors: { ...d.languageTierFactors, ...overrides.languageTierFactors },
    proficiencyFactors: { ...d.proficiencyFactors, ...overrides.proficiencyFactors },
    removalUsesCourtLocation: overrides.removalUsesCourtLocation ?? d.removalUsesCourtLocation,
    remoteDistanceMiles: overrides.remoteDistanceMiles ?? d.remoteDistanceMiles,
    distanceHalfScoreMiles: overrides.distanceHalfScoreMiles ?? d.distanceHalfScoreMiles,
    experienceHalfScoreMatters: overrides.experienceHalfScoreMatters ?? d.experienceHalfScoreMatters,
    fairnessHalfScoreCount: overrides.fairnessHalfScoreCount ?? d.fairnessHalfScoreCount,
  };
  for (const [name, value] of Object.entries(options.weights)) requireAtLeast(`weights.${name}`, value, 0);
  for (const [name, value] of Object.entries(options.languageTierFactors)) {
    requireBetween(`languageTierFactors.${name}`, value, 0, 1);
  }
  for (const [name, value] of Object.entries(options.proficiencyFactors)) {
    requireBetween(`proficiencyFactors.${name}`, value, 0, 1);
  }
  requireAtLeast('remoteDistanceMiles', options.remoteDistanceMiles, 0);
  requirePositive('distanceHalfScoreMiles', options.distanceHalfScoreMiles);
  requirePositive('experienceHalfScoreMatters', options.experienceHalfScoreMatters);
  requirePositive('fairnessHalfScoreCount', options.fairnessHalfScoreCount);
  return options;
}

/** Highest score a candidate can reach under these options. */
export function maxMatchingScore(options: MatchingOptions): number {
  const w = options.weights;
  return w.language + w.distance + w.capacity + w.experience + w.fairness;
}

function requireAtLeast(name: string, value: number, min: number): void {
  if (!Number.isFinite(value) || value < min) {
    throw new RangeError(`${name} must be a finite number >= ${min}`);
  }
}

function requireBetween(name: string, value: number, min: number, max: number): void {
  if (!Number.isFinite(value) || value < min || value > max) {
    throw new RangeError(`${name} must be between ${min} and ${max}`);
  }
}

function requirePositive(name: string, value: number): void {
  if (!Number.isFinite(value) || value <= 0) throw new RangeError(`${name} must be a finite number > 0`);
}
