import { ApiProperty } from '@nestjs/swagger';
import { SIJS_STATE_AGE_LIMITS, UNLISTED_JURISDICTION_SIJS_AGE_LIMIT } from '../../deadlines/engine';
import { SqlParams } from '../candidates/candidate-sql';

export const URGENCY_REASONS = ['hearing', 'deadline', 'age_out'] as const;
export type UrgencyReason = (typeof URGENCY_REASONS)[number];

/**
 * How soon a case needs counsel, in calendar days from today in the court's zone (UTC without a court):
 * to the next scheduled hearing, to the nearest open deadline (negative when overdue), and to the day the
 * child reaches the SIJS age limit of their state (src/deadlines/engine; null once passed). `days` is the
 * smallest of the three; `reason` names it, with age-out winning ties because it cannot be undone.
 */
export class CaseUrgency {
  @ApiProperty({ nullable: true, type: Number }) daysToNextHearing!: number | null;
  @ApiProperty({ nullable: true, type: Number }) daysToNextDeadline!: number | null;
  @ApiProperty({ nullable: true, type: Number }) daysToAgeOut!: number | null;
  @ApiProperty({
    nullable: true,
    type: Number,
    description: 'Smallest of the three; null when nothing is known',
  })
  days!: number | null;
  @ApiProperty({ nullable: true, enum: URGENCY_REASONS }) reason!: UrgencyReason | null;
}

export interface UrgencyRow {
  urgency_hearing: number | null;
  urgency_deadline: number | null;
  urgency_age_out: number | null;
  urgency_days: number | null;
  urgency_reason: UrgencyReason | null;
}

/** The SIJS age limit per state as two parallel arrays (for `unnest`). */
function ageLimitArrays(): [string[], number[]] {
  const rows = Object.values(SIJS_STATE_AGE_LIMITS);
  return [rows.map((r) => r.state), rows.map((r) => r.ageLimit)];
}

/**
 * Joins and columns that add urgency to a query over `cases` aliased `k` (aliases used: uc, uct, une, ulim,
 * ut, ud, um). `um.days` is the sort key.
 */
export function urgencySql(params: SqlParams, now: Date): { joins: string; columns: string } {
  const [states, limits] = ageLimitArrays();
  const zone = `COALESCE(uct.time_zone, 'UTC')`;
  const joins = `
    JOIN children uc ON uc.id = k.child_id
    LEFT JOIN courts uct ON uct.code = k.court_code
    LEFT JOIN case_next_events une ON une.case_id = k.id
    LEFT JOIN unnest(${params.add(states, 'text[]')}, ${params.add(limits, 'int[]')}) AS ulim(state, age_limit)
      ON ulim.state = rtrim(uc.state)
    CROSS JOIN LATERAL (SELECT (${params.add(now, 'timestamptz')} AT TIME ZONE ${zone})::date AS today) ut
    CROSS JOIN LATERAL (
      SELECT (une.next_hearing_at AT TIME ZONE ${zone})::date - ut.today AS hearing,
             une.next_deadline_on - ut.today AS deadline,
             CASE WHEN (uc.date_of_birth + make_interval(years => COALESCE(ulim.age_limit, ${UNLISTED_JURISDICTION_SIJS_AGE_LIMIT})))::date >= ut.today
                  THEN (uc.date_of_birth + make_interval(years => COALESCE(ulim.age_limit, ${UNLISTED_JURISDICTION_SIJS_AGE_LIMIT})))::date - ut.today
             END AS age_out) ud
    CROSS JOIN LATERAL (SELECT LEAST(ud.hearing, ud.deadline, ud.age_out) AS days) um`;
  const columns = `ud.hearing AS urgency_hearing, ud.deadline AS urgency_deadline, ud.age_out AS urgency_age_out,
    um.days AS urgency_days,
    CASE WHEN um.days IS NULL THEN NULL WHEN ud.age_out = um.days THEN 'age_out'
         WHEN ud.hearing = um.days THEN 'hearing' ELSE 'deadline' END AS urgency_reason`;
  return { joins, columns };
}

export function toUrgency(row: UrgencyRow): CaseUrgency {
  return {
    daysToNextHearing: row.urgency_hearing,
    daysToNextDeadline: row.urgency_deadline,
    daysToAgeOut: row.urgency_age_out,
    days: row.urgency_days,
    reason: row.urgency_reason,
  };
}
