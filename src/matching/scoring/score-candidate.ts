import { IneligibilityReason, checkEligibility } from './eligibility';
import { DEFAULT_MATCHING_OPTIONS, MatchingOptions, maxMatchingScore } from './matching-options';
import { AttorneyMatchProfile, CaseMatchProfile, CaseType } from './matching-profiles';
import {
  LanguageMatch,
  capacityFraction,
  distanceFraction,
  effectiveDistanceMiles,
  experienceFraction,
  experienceMatters,
  fairnessFraction,
  languageMatch,
  openSlots,
} from './ranking-factors';
import { ServiceArea, ServiceMode, serviceArea } from './service-area';

export const MATCHING_FACTORS = ['language', 'distance', 'capacity', 'experience', 'fairness'] as const;
export type MatchingFactor = (typeof MATCHING_FACTORS)[number];

export interface FactorScore {
  factor: MatchingFactor;
  /** weight x fraction, unrounded; the candidate's score is the sum over factors. */
  points: number;
  /** The factor's weight: the most points it can give. */
  maxPoints: number;
  detail: string;
}

export interface CandidateScore {
  attorneyId: string;
  eligible: boolean;
  /** Empty when eligible. */
  ineligibility: IneligibilityReason[];
  /** Sum of factor points, in [0, maxScore]. Computed for ineligible attorneys too (to explain them). */
  score: number;
  maxScore: number;
  factors: FactorScore[];
  /** One line for people: "12 mi; speaks K'iche' (native); admitted in NY; 2 of 5 slots open; ...". */
  summary: string;
  serviceMode: ServiceMode;
  distanceMiles: number | null;
}

export interface ScoringContext {
  /** The instant "paused until" is compared with. */
  now: Date;
  /** ISO 639-3 code -> English name (from the languages reference table); unknown codes show as the code. */
  languageNames: ReadonlyMap<string, string>;
  /** From `resolveMatchingOptions(overrides)`; defaults when omitted. */
  options?: MatchingOptions;
}

/** Eligibility, score and explanation of one attorney for one case. Pure. */
export function scoreCandidate(
  caseProfile: CaseMatchProfile,
  attorney: AttorneyMatchProfile,
  context: ScoringContext,
): CandidateScore {
  const options = context.options ?? DEFAULT_MATCHING_OPTIONS;
  const area = serviceArea(caseProfile, attorney, options);
  const ineligibility = checkEligibility(caseProfile, attorney, context.now, options, area);
  const weights = options.weights;

  const language = languageMatch(caseProfile, attorney, options);
  const effectiveMiles = effectiveDistanceMiles(area, options);
  const matters = experienceMatters(caseProfile, attorney);
  const recent = Math.max(0, attorney.recentOffersAndAssignments);
  const caseTypeLabel = CASE_TYPE_LABELS[caseProfile.caseType];

  const factors: FactorScore[] = [
    {
      factor: 'language',
      points: weights.language * language.fraction,
      maxPoints: weights.language,
      detail: describeLanguage(caseProfile, language, context.languageNames),
    },
    {
      factor: 'distance',
      points: weights.distance * distanceFraction(effectiveMiles, options),
      maxPoints: weights.distance,
      detail: describeDistance(area, attorney, options),
    },
    {
      factor: 'capacity',
      points: weights.capacity * capacityFraction(attorney),
      maxPoints: weights.capacity,
      detail: describeSlots(openSlots(attorney), attorney.capacity),
    },
    {
      factor: 'experience',
      points: weights.experience * experienceFraction(matters, options),
      maxPoints: weights.experience,
      detail: describeExperience(matters, caseTypeLabel),
    },
    {
      factor: 'fairness',
      points: weights.fairness * fairnessFraction(attorney, options),
      maxPoints: weights.fairness,
      detail: `${recent} recent ${recent === 1 ? 'offer or assignment' : 'offers or assignments'}`,
    },
  ];

  const summaryParts = [
    factors[1].detail,
    factors[0].detail,
    describeAdmission(caseProfile, attorney),
    factors[2].detail,
    factors[3].detail,
  ].filter((part): part is string => part !== null);

  return {
    attorneyId: attorney.id,
    eligible: ineligibility.length === 0,
    ineligibility,
    score: factors.reduce((sum, f) => sum + f.points, 0),
    maxScore: maxMatchingScore(options),
    factors,
    summary: summaryParts.join('; '),
    serviceMode: area.mode,
    distanceMiles: area.distanceMiles,
  };
}

/** Eligible attorneys only, best first (score descending, then attorney id ascending). */
export function rankCandidates(
  caseProfile: CaseMatchProfile,
  attorneys: readonly AttorneyMatchProfile[],
  context: ScoringContext,
): CandidateScore[] {
  return attorneys
    .map((attorney) => scoreCandidate(caseProfile, attorney, context))
    .filter((candidate) => candidate.eligible)
    .sort(compareCandidates);
}

/** Score descending, then attorney id ascending by code unit (matches `ORDER BY id` under "C" collation). */
export function compareCandidates(a: CandidateScore, b: CandidateScore): number {
  if (a.score !== b.score) return b.score - a.score;
  return a.attorneyId < b.attorneyId ? -1 : a.attorneyId > b.attorneyId ? 1 : 0;
}

export const CASE_TYPE_LABELS: Readonly<Record<CaseType, string>> = Object.freeze({
  removal_defense: 'removal defense',
  asylum: 'asylum',
  sijs: 'SIJS',
  t_visa: 'T visa',
  u_visa: 'U visa',
  other: 'other',
});

function languageName(code: string, names: ReadonlyMap<string, string>): string {
  return names.get(code) ?? code;
}

function describeLanguage(
  caseProfile: CaseMatchProfile,
  match: LanguageMatch,
  names: ReadonlyMap<string, string>,
): string {
  if (match.tier === 'interpreter' || match.code === null) {
    return `needs ${languageName(caseProfile.childPrimaryLanguage, names)} interpreter`;
  }
  const spoken = `speaks ${languageName(match.code, names)}`;
  switch (match.tier) {
    case 'child_primary':
      return `${spoken} (${match.proficiency})`;
    case 'child_other':
      return `${spoken} (${match.proficiency}; child's other language)`;
    case 'sponsor':
      return `${spoken} (${match.proficiency}; sponsor's language)`;
  }
}

function describeDistance(
  area: ServiceArea,
  attorney: AttorneyMatchProfile,
  options: MatchingOptions,
): string {
  const where = area.measuredTo === 'court' ? ' to court' : '';
  const miles = area.distanceMiles === null ? null : formatMiles(area.distanceMiles);
  switch (area.mode) {
    case 'in_person':
      return `${miles}${where}`;
    case 'remote':
      return miles === null
        ? `remote (scored as ${options.remoteDistanceMiles} mi)`
        : `remote, ${miles}${where} (scored as ${options.remoteDistanceMiles} mi)`;
    case 'none':
      return miles === null
        ? 'distance unknown'
        : `${miles}${where}, outside ${attorney.travelRadiusMiles} mi radius`;
  }
}

function formatMiles(miles: number): string {
  return miles < 0.5 ? 'under 1 mi' : `${Math.round(miles)} mi`;
}

// Admission in the child's state matters for SIJS (a state-court order); for other case types it
// is shown when present and otherwise left out, since immigration court accepts any state's bar.
function describeAdmission(caseProfile: CaseMatchProfile, attorney: AttorneyMatchProfile): string | null {
  if (attorney.barAdmissions.includes(caseProfile.childState)) return `admitted in ${caseProfile.childState}`;
  return caseProfile.caseType === 'sijs' ? `not admitted in ${caseProfile.childState}` : null;
}

function describeSlots(openSlots: number, capacity: number): string {
  return `${openSlots} of ${capacity} ${capacity === 1 ? 'slot' : 'slots'} open`;
}

function describeExperience(matters: number, caseTypeLabel: string): string {
  if (matters === 0) return `no ${caseTypeLabel} matters before`;
  return `${matters} ${caseTypeLabel} ${matters === 1 ? 'matter' : 'matters'} before`;
}
