/**
 * Deadline engine benchmark: recompute every deadline of 100,000 random cases with the engine and with the
 * day-by-day reference implementation (the baseline, in the same run), print absolute medians and the ratio,
 * and check that both give the same result on a sample.
 *
 * Build and run (swc, no ts-node):
 *   npx swc bench/deadlines.ts src/deadlines test/support/deadline-reference.ts -d bench/.out
 *   node bench/.out/bench/deadlines.js [--cases 100000] [--engine-runs 5] [--reference-runs 3] [--seed 1]
 * (Compiled outside the project, e.g. /tmp, it needs NODE_PATH=$PWD/node_modules to find date-fns.)
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import {
  CaseSnapshot,
  CaseType,
  DecisionKind,
  HearingStatus,
  HearingType,
  SIJS_STATE_AGE_LIMITS,
  computeCaseDeadlines,
} from '../src/deadlines/engine';
import { formatDayNumber } from '../src/time';
import { comparable, referenceCaseDeadlines } from '../test/support/deadline-reference';

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

/** Court zones from the reference data when run from the project root (one per court); the distinct zones otherwise. */
function courtZones(): string[] {
  const file = join(process.cwd(), 'data', 'reference', 'immigration-courts.json');
  if (existsSync(file)) {
    const courts = JSON.parse(readFileSync(file, 'utf8')) as { timeZone: string }[];
    return courts.map((court) => court.timeZone);
  }
  return [
    'America/Chicago',
    'America/Denver',
    'America/Detroit',
    'America/Indiana/Indianapolis',
    'America/Kentucky/Louisville',
    'America/Los_Angeles',
    'America/New_York',
    'America/Phoenix',
    'America/Puerto_Rico',
    'Pacific/Guam',
    'Pacific/Honolulu',
    'Pacific/Saipan',
  ];
}

/** mulberry32: small, fast, seeded; the same seed gives the same cases on every machine. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export function generateCases(count: number, seed: number): CaseSnapshot[] {
  const random = seededRandom(seed);
  const integer = (min: number, max: number): number => min + Math.floor(random() * (max - min + 1));
  const firstDay = Date.UTC(2020, 0, 1) / DAY_MS;
  const lastDay = Date.UTC(2035, 5, 30) / DAY_MS;
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  // Closures belong to a court (weather, emergencies): a handful per court over the years, shared by its cases.
  const courts = courtZones().map((zone) => ({
    zone,
    closures: Array.from({ length: integer(0, 12) }, () =>
      formatDayNumber(integer(firstDay - 200, lastDay + 400)),
    ).sort(),
  }));
  const states = Object.keys(SIJS_STATE_AGE_LIMITS);
  const caseTypes: CaseType[] = [
    'removal_defense',
    'removal_defense',
    'asylum',
    'sijs',
    'sijs',
    't_visa',
    'u_visa',
    'other',
  ];
  const hearingTypes: HearingType[] = ['master', 'master', 'individual', 'bond'];
  const hearingStatuses: HearingStatus[] = ['scheduled', 'scheduled', 'scheduled', 'completed', 'cancelled'];
  const decisionKinds: DecisionKind[] = ['ij_decision', 'final_order', 'in_absentia_order', 'other'];

  const cases: CaseSnapshot[] = [];
  for (let index = 0; index < count; index++) {
    const base = integer(firstDay, lastDay);
    const court = pick(courts);
    // Whole or half hours give or take a minute: local midnight somewhere, so the zone decides the date.
    const instant = (): Date =>
      new Date((base + integer(-200, 200)) * DAY_MS + (integer(0, 47) * 30 + integer(-1, 1)) * MINUTE_MS);
    const times = <T>(max: number, make: (n: number) => T): T[] =>
      Array.from({ length: integer(0, max) }, (_, n) => make(n));
    cases.push({
      caseId: `case-${index}`,
      caseType: pick(caseTypes),
      asOf: new Date((base + integer(-120, 60)) * DAY_MS),
      courtZone: court.zone,
      courtClosures: court.closures,
      detained: random() < 0.2,
      child: {
        dateOfBirth: formatDayNumber(integer(Date.UTC(2004, 0, 1) / DAY_MS, Date.UTC(2020, 0, 1) / DAY_MS)),
        state: pick(states),
        designatedUnaccompanied: random() < 0.85,
        lastArrivalDate: random() < 0.5 ? formatDayNumber(base - integer(0, 400)) : null,
      },
      hearings: times(3, (n) => ({
        id: `h${n}`,
        type: pick(hearingTypes),
        status: pick(hearingStatuses),
        startsAt: instant(),
      })),
      addressChanges: times(2, (n) => ({ id: `a${n}`, changedAt: instant() })),
      filingsReceived: times(2, (n) => ({ id: `f${n}`, receivedAt: instant() })),
      decisions: times(2, (n) => ({ id: `d${n}`, kind: pick(decisionKinds), decidedAt: instant() })),
    });
  }
  return cases;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Runs `work` over every case `runs` times; returns each run's milliseconds and a checksum (keeps V8 honest). */
function time(
  cases: readonly CaseSnapshot[],
  runs: number,
  work: (snapshot: CaseSnapshot) => number,
): number[] {
  const durations: number[] = [];
  let checksum = 0;
  for (let run = 0; run < runs; run++) {
    const started = process.hrtime.bigint();
    for (const snapshot of cases) checksum += work(snapshot);
    durations.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  if (checksum < 0) console.log(checksum);
  return durations;
}

function argument(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? Number(process.argv[index + 1]) : fallback;
}

export function main(): void {
  const caseCount = argument('cases', 100_000);
  const engineRuns = argument('engine-runs', 5);
  const referenceRuns = argument('reference-runs', 3);
  const seed = argument('seed', 1);

  const generationStarted = Date.now();
  const cases = generateCases(caseCount, seed);
  console.log(
    `deadlines bench: ${caseCount} cases (seed ${seed}) generated in ${Date.now() - generationStarted} ms`,
  );

  // Correctness first: the engine must agree with the reference on a sample (every 10th case).
  let compared = 0;
  let deadlineCount = 0;
  const mismatches: string[] = [];
  for (let index = 0; index < cases.length; index += 10) {
    const engine = comparable(computeCaseDeadlines(cases[index]));
    const reference = referenceCaseDeadlines(cases[index]);
    compared++;
    deadlineCount += engine.deadlines.length;
    if (!isDeepStrictEqual(engine, reference)) mismatches.push(cases[index].caseId);
  }
  console.log(
    `sample check: ${compared} cases, ${deadlineCount} deadlines, ${mismatches.length} mismatches` +
      (mismatches.length ? ` (first: ${mismatches.slice(0, 5).join(', ')})` : ''),
  );

  const engineTimes = time(cases, engineRuns, (snapshot) => computeCaseDeadlines(snapshot).deadlines.length);
  const referenceTimes = time(
    cases,
    referenceRuns,
    (snapshot) => referenceCaseDeadlines(snapshot).deadlines.length,
  );
  const engineMedian = median(engineTimes);
  const referenceMedian = median(referenceTimes);
  const perCase = (ms: number): string => `${((ms * 1000) / caseCount).toFixed(2)} µs/case`;
  const runs = (values: number[]): string => values.map((value) => value.toFixed(0)).join(', ');
  console.log(
    `engine:    median ${engineMedian.toFixed(1)} ms for ${caseCount} cases (${perCase(engineMedian)}); runs ${runs(engineTimes)}`,
  );
  console.log(
    `reference: median ${referenceMedian.toFixed(1)} ms for ${caseCount} cases (${perCase(referenceMedian)}); runs ${runs(referenceTimes)}`,
  );
  console.log(`ratio reference / engine: ${(referenceMedian / engineMedian).toFixed(1)}x`);
  if (mismatches.length) process.exitCode = 1;
}

if (require.main === module) main();
