import { EntityManager } from 'typeorm';
import { noonAt } from '../time';
import type {
  CaseSnapshot,
  DeadlineOptions,
  HearingType,
  ManualDeadlineInput,
  PreHearingFilingDays,
} from './engine';

/**
 * Everything the deadline engine needs about one case, read from the database in the caller's transaction.
 * Reads tables of other domains (cases, children, hearings, decisions) with plain SQL on purpose: the deadline
 * domain only reads them, and depending on their modules would make a cycle (hearings call the deadlines).
 */
export interface CaseFacts {
  readonly caseId: string;
  readonly childId: string;
  readonly organizationId: string;
  readonly attorneyId: string | null;
  readonly caseStatus: string;
  /** The court whose calendar counts: the case's court, else the filing court of its latest hearing. */
  readonly courtCode: string | null;
  readonly timeZone: string;
  /** How the zone was chosen, when not from a court (shown as a notice). */
  readonly zoneFallback: string | null;
  readonly snapshot: CaseSnapshot;
  readonly options: DeadlineOptions;
  /** Hearings already held (or under way) and not cancelled: their pre-hearing deadlines stay as they are. */
  readonly pastHearingRefs: ReadonlySet<string>;
}

interface CaseRow {
  id: string;
  child_id: string;
  organization_id: string;
  attorney_id: string | null;
  case_type: CaseSnapshot['caseType'];
  status: string;
  court_code: string | null;
  date_of_birth: string | null;
  state: string | null;
  designated_unaccompanied: boolean;
  child_zone: string | null;
}

/** The engine knows no 'status' hearing: a status conference is an 'other' hearing for deadlines. */
function engineHearingType(type: string): HearingType {
  return type === 'master' || type === 'individual' || type === 'bond' ? type : 'other';
}

const FALLBACK_ZONE = 'America/New_York';

export async function loadCaseFacts(
  manager: EntityManager,
  caseId: string,
  asOf: Date,
): Promise<CaseFacts | null> {
  const [row] = (await manager.query(
    `SELECT k.id, k.child_id, k.organization_id, k.attorney_id, k.case_type, k.status, k.court_code,
            c.date_of_birth::text AS date_of_birth, c.state, c.designated_unaccompanied, c.time_zone AS child_zone
       FROM cases k JOIN children c ON c.id = k.child_id
      WHERE k.id = $1`,
    [caseId],
  )) as CaseRow[];
  if (!row) return null;

  const hearings = (await manager.query(
    `SELECT id, hearing_type, starts_at, status, court_code FROM hearings WHERE case_id = $1 ORDER BY starts_at`,
    [caseId],
  )) as {
    id: string;
    hearing_type: string;
    starts_at: Date;
    status: 'scheduled' | 'completed' | 'cancelled';
    court_code: string;
  }[];

  let courtCode = row.court_code;
  if (!courtCode) {
    const latest = [...hearings].reverse().find((h) => h.status !== 'cancelled');
    courtCode = latest?.court_code ?? null;
  }
  let timeZone = FALLBACK_ZONE;
  let zoneFallback: string | null = null;
  let detained = false;
  let closures: string[] = [];
  const options: {
    masterHearingFilingDays?: PreHearingFilingDays;
    individualHearingFilingDays?: PreHearingFilingDays;
  } = {};
  if (courtCode) {
    const [court] = (await manager.query(`SELECT time_zone, detained FROM courts WHERE code = $1`, [
      courtCode,
    ])) as {
      time_zone: string;
      detained: boolean;
    }[];
    timeZone = court.time_zone;
    detained = court.detained;
    closures = (
      (await manager.query(
        `SELECT closed_on::text AS day FROM court_closures WHERE court_code = $1 ORDER BY closed_on`,
        [courtCode],
      )) as { day: string }[]
    ).map((c) => c.day);
    const [settings] = (await manager.query(
      `SELECT master_hearing_filing_days AS master, individual_hearing_filing_days AS individual
         FROM court_deadline_settings WHERE court_code = $1`,
      [courtCode],
    )) as { master: PreHearingFilingDays; individual: PreHearingFilingDays }[];
    if (settings) {
      options.masterHearingFilingDays = settings.master;
      options.individualHearingFilingDays = settings.individual;
    }
  } else {
    timeZone = row.child_zone ?? FALLBACK_ZONE;
    zoneFallback = row.child_zone
      ? `No court is recorded for this case: dates are counted in the child's zone (${timeZone}) without court closures.`
      : `No court is recorded for this case and the child has no address: dates are counted in ${timeZone}.`;
  }

  // The first address is where the child was released to; every later one is a move (EOIR-33 within 5 days).
  const addresses = (await manager.query(
    `SELECT id, moved_at FROM child_addresses WHERE child_id = $1 ORDER BY moved_at, recorded_at, id`,
    [row.child_id],
  )) as { id: string; moved_at: Date }[];

  const decisions = (await manager.query(
    `SELECT id, kind, decided_on::text AS decided_on FROM case_decisions WHERE case_id = $1 ORDER BY decided_on, id`,
    [caseId],
  )) as {
    id: string;
    kind: 'ij_decision' | 'final_order' | 'in_absentia_order' | 'other';
    decided_on: string;
  }[];

  const manual = (await manager.query(
    `SELECT id, title, trigger_date::text AS due_on, actor, replaces_key
       FROM deadlines WHERE case_id = $1 AND origin = 'manual' ORDER BY created_at, id`,
    [caseId],
  )) as {
    id: string;
    title: string;
    due_on: string;
    actor: ManualDeadlineInput['actor'];
    replaces_key: string | null;
  }[];

  const pastHearingRefs = new Set(
    hearings
      .filter((h) => h.status !== 'cancelled' && h.starts_at.getTime() <= asOf.getTime())
      .map((h) => `hearing:${h.id}`),
  );

  const snapshot: CaseSnapshot = {
    caseId,
    caseType: row.case_type,
    asOf,
    courtZone: timeZone,
    courtClosures: closures,
    detained,
    child: {
      dateOfBirth: row.date_of_birth,
      state: row.state?.trim() || null,
      designatedUnaccompanied: row.designated_unaccompanied,
    },
    hearings: hearings.map((h) => ({
      id: h.id,
      type: engineHearingType(h.hearing_type),
      startsAt: h.starts_at,
      status: h.status,
    })),
    addressChanges: addresses.slice(1).map((a) => ({ id: a.id, changedAt: a.moved_at })),
    decisions: decisions.map((d) => ({ id: d.id, kind: d.kind, decidedAt: noonAt(d.decided_on, timeZone) })),
    manualDeadlines: manual.map((m) => ({
      id: m.id,
      title: m.title,
      dueOn: m.due_on,
      actor: m.actor,
      ...(m.replaces_key ? { replaces: splitKey(m.replaces_key) } : {}),
    })),
  };
  return {
    caseId,
    childId: row.child_id,
    organizationId: row.organization_id,
    attorneyId: row.attorney_id,
    caseStatus: row.status,
    courtCode,
    timeZone,
    zoneFallback,
    snapshot,
    options,
    pastHearingRefs,
  };
}

/** 'ruleId@triggerRef' -> its parts (rule ids never contain '@'). */
export function splitKey(key: string): { ruleId: string; triggerRef: string } {
  const at = key.indexOf('@');
  return { ruleId: key.slice(0, at), triggerRef: key.slice(at + 1) };
}

/** The key the engine gives a manual deadline. */
export function manualKey(id: string): string {
  return `manual@manual:${id}`;
}
