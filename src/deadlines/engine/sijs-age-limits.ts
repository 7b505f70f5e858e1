import { SourceStatus } from './model';

/**
 * Age up to which a state's (or territory's) juvenile, family or probate courts can make the SIJS predicate
 * findings (custody, guardianship, dependency). The order must be issued before the child reaches it.
 *
 * What is known comes from deadline-rules.md §11, itself from secondary sources (slythelaw.com,
 * odunlamilaw.com): nothing here is read in a statute, so no entry is `verified`. The maintained source is
 * Project Lifeline's age-out database (projectlifeline.us); a program can override entries via the options.
 *
 * Unlisted jurisdictions: the brief suggested 21 by default. This table uses 18 instead (status U), the
 * earliest common limit, because a date that is too late cannot be undone (the child ages out of SIJS
 * eligibility) while one that is too early only prompts counsel to check sooner. Every deadline built from a
 * U entry says so in its explanation. NY, NJ, OR and WA are 21 [U] because deadline-rules.md reports advocates
 * commonly citing 21 for them.
 */

export interface SijsStateAgeLimit {
  /** USPS code. */
  readonly state: string;
  readonly name: string;
  /** The order must be issued before this birthday. */
  readonly ageLimit: number;
  readonly sourceStatus: SourceStatus;
  /** True only when read in a primary source (status V). */
  readonly verified: boolean;
  readonly source: string;
}

const SECONDARY = 'slythelaw.com list; odunlamilaw.com (deadline-rules.md §11) [S]';
const ADVOCATES_21 =
  'advocates commonly cite 21 (deadline-rules.md §11) [U]: confirm with projectlifeline.us';
const NOT_RESEARCHED =
  'not researched: conservative default 18 (the earliest common limit) [U]; check projectlifeline.us and override';

type Row = readonly [state: string, name: string, ageLimit: number, status: SourceStatus, source: string];

const ROWS: readonly Row[] = [
  ['AL', 'Alabama', 19, 'S', SECONDARY],
  ['AK', 'Alaska', 18, 'S', SECONDARY],
  ['AZ', 'Arizona', 18, 'S', SECONDARY],
  ['AR', 'Arkansas', 18, 'S', SECONDARY],
  ['CA', 'California', 21, 'S', SECONDARY],
  ['CO', 'Colorado', 21, 'S', SECONDARY],
  ['CT', 'Connecticut', 21, 'S', SECONDARY],
  ['DE', 'Delaware', 18, 'S', SECONDARY],
  ['DC', 'District of Columbia', 21, 'S', SECONDARY],
  ['FL', 'Florida', 21, 'S', SECONDARY],
  ['GA', 'Georgia', 18, 'S', SECONDARY],
  ['HI', 'Hawaii', 21, 'S', SECONDARY],
  ['ID', 'Idaho', 18, 'S', SECONDARY],
  ['IL', 'Illinois', 21, 'S', SECONDARY],
  ['IN', 'Indiana', 18, 'S', SECONDARY],
  ['IA', 'Iowa', 18, 'S', SECONDARY],
  ['KS', 'Kansas', 18, 'S', SECONDARY],
  ['KY', 'Kentucky', 18, 'S', SECONDARY],
  ['LA', 'Louisiana', 18, 'S', SECONDARY],
  ['ME', 'Maine', 21, 'S', SECONDARY],
  ['MD', 'Maryland', 21, 'S', SECONDARY],
  ['MA', 'Massachusetts', 21, 'S', SECONDARY],
  ['MI', 'Michigan', 18, 'S', SECONDARY],
  ['MN', 'Minnesota', 21, 'S', SECONDARY],
  ['MS', 'Mississippi', 21, 'S', SECONDARY],
  ['MO', 'Missouri', 18, 'S', SECONDARY],
  ['MT', 'Montana', 18, 'S', SECONDARY],
  ['NE', 'Nebraska', 19, 'S', SECONDARY],
  ['NV', 'Nevada', 21, 'S', SECONDARY],
  ['NH', 'New Hampshire', 18, 'U', NOT_RESEARCHED],
  ['NJ', 'New Jersey', 21, 'U', ADVOCATES_21],
  ['NM', 'New Mexico', 18, 'U', NOT_RESEARCHED],
  ['NY', 'New York', 21, 'U', ADVOCATES_21],
  ['NC', 'North Carolina', 18, 'U', NOT_RESEARCHED],
  ['ND', 'North Dakota', 18, 'U', NOT_RESEARCHED],
  ['OH', 'Ohio', 18, 'U', NOT_RESEARCHED],
  ['OK', 'Oklahoma', 18, 'U', NOT_RESEARCHED],
  ['OR', 'Oregon', 21, 'U', ADVOCATES_21],
  ['PA', 'Pennsylvania', 18, 'U', NOT_RESEARCHED],
  ['RI', 'Rhode Island', 18, 'U', NOT_RESEARCHED],
  ['SC', 'South Carolina', 18, 'U', NOT_RESEARCHED],
  ['SD', 'South Dakota', 18, 'U', NOT_RESEARCHED],
  ['TN', 'Tennessee', 18, 'U', NOT_RESEARCHED],
  ['TX', 'Texas', 18, 'U', NOT_RESEARCHED],
  ['UT', 'Utah', 18, 'U', NOT_RESEARCHED],
  ['VT', 'Vermont', 18, 'U', NOT_RESEARCHED],
  ['VA', 'Virginia', 18, 'U', NOT_RESEARCHED],
  ['WA', 'Washington', 21, 'U', ADVOCATES_21],
  ['WV', 'West Virginia', 18, 'U', NOT_RESEARCHED],
  ['WI', 'Wisconsin', 18, 'U', NOT_RESEARCHED],
  ['WY', 'Wyoming', 18, 'U', NOT_RESEARCHED],
  // Territories: immigration courts sit in Puerto Rico, Guam and Saipan (CNMI).
  [
    'PR',
    'Puerto Rico',
    18,
    'U',
    `${NOT_RESEARCHED}; the age of majority there is 21, which may extend it [U]`,
  ],
  ['GU', 'Guam', 18, 'U', NOT_RESEARCHED],
  ['MP', 'Northern Mariana Islands', 18, 'U', NOT_RESEARCHED],
  ['VI', 'U.S. Virgin Islands', 18, 'U', NOT_RESEARCHED],
  ['AS', 'American Samoa', 18, 'U', NOT_RESEARCHED],
];

export const SIJS_STATE_AGE_LIMITS: Readonly<Record<string, SijsStateAgeLimit>> = Object.freeze(
  Object.fromEntries(
    ROWS.map(([state, name, ageLimit, sourceStatus, source]) => [
      state,
      Object.freeze({ state, name, ageLimit, sourceStatus, verified: sourceStatus === 'V', source }),
    ]),
  ),
);

/** Used for a code missing from the table (and from the options): the same conservative choice. */
export const UNLISTED_JURISDICTION_SIJS_AGE_LIMIT = 18;
