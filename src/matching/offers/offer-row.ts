import { EntityManager } from 'typeorm';
import { rowsOf } from '../../database/sql';
import { ExplanationView } from './offer-views';
import { OfferSource, OfferStatus } from './offers.dto';

/** An offer as the code reads it, with its attorney's name and user (for views, e-mails and visibility). */
export interface OfferRow {
  id: string;
  caseId: string;
  attorneyId: string;
  organizationId: string;
  status: OfferStatus;
  source: OfferSource;
  rankScore: number;
  explanation: ExplanationView;
  expiresAt: Date;
  declineReason: string | null;
  withdrawReason: string | null;
  respondedAt: Date | null;
  endedAt: Date | null;
  planId: string | null;
  previousOfferId: string | null;
  createdBy: string | null;
  createdAt: Date;
  attorneyName: string;
  attorneyUserId: string;
}

/** The row as `OFFER_COLUMNS` selects it. */
interface OfferSqlRow {
  id: string;
  case_id: string;
  attorney_id: string;
  organization_id: string;
  status: OfferStatus;
  source: OfferSource;
  rank_score: number;
  explanation: ExplanationView;
  expires_at: Date;
  decline_reason: string | null;
  withdraw_reason: string | null;
  responded_at: Date | null;
  ended_at: Date | null;
  plan_id: string | null;
  previous_offer_id: string | null;
  created_by: string | null;
  created_at: Date;
  attorney_name: string;
  attorney_user_id: string;
}

export const OFFER_COLUMNS = `o.id, o.case_id, o.attorney_id, o.organization_id, o.status, o.source, o.rank_score,
  o.explanation, o.expires_at, o.decline_reason, o.withdraw_reason, o.responded_at, o.ended_at, o.plan_id,
  o.previous_offer_id, o.created_by, o.created_at, u.display_name AS attorney_name, u.id AS attorney_user_id`;
export const OFFER_FROM = `offers o JOIN attorneys a ON a.id = o.attorney_id JOIN users u ON u.id = a.user_id`;

/** The one place snake_case columns become an `OfferRow`. */
export function offerRowOf(r: OfferSqlRow): OfferRow {
  return {
    id: r.id,
    caseId: r.case_id,
    attorneyId: r.attorney_id,
    organizationId: r.organization_id,
    status: r.status,
    source: r.source,
    rankScore: r.rank_score,
    explanation: r.explanation,
    expiresAt: r.expires_at,
    declineReason: r.decline_reason,
    withdrawReason: r.withdraw_reason,
    respondedAt: r.responded_at,
    endedAt: r.ended_at,
    planId: r.plan_id,
    previousOfferId: r.previous_offer_id,
    createdBy: r.created_by,
    createdAt: r.created_at,
    attorneyName: r.attorney_name,
    attorneyUserId: r.attorney_user_id,
  };
}

/** Offers selected with `OFFER_COLUMNS FROM OFFER_FROM` and the given tail (`WHERE …`, `ORDER BY …`). */
export async function selectOffers(
  manager: EntityManager,
  tail: string,
  params: readonly unknown[],
): Promise<OfferRow[]> {
  const rows = rowsOf<OfferSqlRow>(
    await manager.query(`SELECT ${OFFER_COLUMNS} FROM ${OFFER_FROM} ${tail}`, [...params]),
  );
  return rows.map(offerRowOf);
}

export async function loadOffer(manager: EntityManager, offerId: string): Promise<OfferRow | undefined> {
  const [row] = await selectOffers(manager, 'WHERE o.id = $1', [offerId]);
  return row;
}
