import { AppError, conflict } from '../../common/app-error';
import { OfferStatus } from './offers.dto';

/** What can happen to a pending offer: the attorney answers, the coordinator withdraws it, or it lapses. */
export const OFFER_MOVES = ['accept', 'decline', 'withdraw', 'expire'] as const;
export type OfferMove = (typeof OFFER_MOVES)[number];

/**
 * The offer state table. Only a pending offer moves, and every move ends it: accepted, declined, withdrawn and
 * expired are terminal. `deadline` is how the move stands to the offer's expiry: an answer must come before it
 * (at the very instant it is already too late), an expiry only at or after it, a withdrawal at any time.
 * `answered`: the attorney responded (the row's responded_at).
 */
export const OFFER_TRANSITIONS: Readonly<
  Record<
    OfferMove,
    { from: 'pending'; to: OfferStatus; deadline: 'before' | 'due' | 'any'; answered: boolean }
  >
> = {
  accept: { from: 'pending', to: 'accepted', deadline: 'before', answered: true },
  decline: { from: 'pending', to: 'declined', deadline: 'before', answered: true },
  withdraw: { from: 'pending', to: 'withdrawn', deadline: 'any', answered: false },
  expire: { from: 'pending', to: 'expired', deadline: 'due', answered: false },
};

export const TERMINAL_OFFER_STATUSES: readonly OfferStatus[] = [
  'accepted',
  'declined',
  'withdrawn',
  'expired',
];

export function isTerminal(status: OfferStatus): boolean {
  return TERMINAL_OFFER_STATUSES.includes(status);
}

/** Why a move is refused: the offer already ended, its deadline passed (answers), or has not come (expiry). */
export type OfferRefusal = 'not_pending' | 'expired' | 'not_due';

export type OfferMoveCheck = { allowed: true; to: OfferStatus } | { allowed: false; refusal: OfferRefusal };

/** Whether `move` may happen to an offer in `status` expiring at `expiresAt`, at `now`. */
export function checkOfferMove(
  move: OfferMove,
  offer: { status: OfferStatus; expiresAt: Date },
  now: Date,
): OfferMoveCheck {
  const rule = OFFER_TRANSITIONS[move];
  if (offer.status !== rule.from) return { allowed: false, refusal: 'not_pending' };
  const due = offer.expiresAt.getTime() <= now.getTime();
  if (rule.deadline === 'before' && due) return { allowed: false, refusal: 'expired' };
  if (rule.deadline === 'due' && !due) return { allowed: false, refusal: 'not_due' };
  return { allowed: true, to: rule.to };
}

/**
 * The 409 an attorney or coordinator gets for a refused move. A withdrawn offer of a case now represented lost a
 * race: another attorney accepted first.
 */
export function refusalError(
  refusal: OfferRefusal,
  offer: { status: OfferStatus; expiresAt: Date },
  caseStatus: string,
): AppError {
  if (refusal === 'expired') {
    return conflict('offer_expired', `This offer expired at ${offer.expiresAt.toISOString()}.`);
  }
  switch (offer.status) {
    case 'expired':
      return conflict('offer_expired', 'This offer has expired.');
    case 'withdrawn':
      return caseStatus === 'represented'
        ? conflict(
            'case_already_assigned',
            'Another attorney accepted this case first; the offer was withdrawn.',
          )
        : conflict('offer_withdrawn', 'This offer was withdrawn.');
    case 'declined':
      return conflict('offer_declined', 'This offer was already declined.');
    default:
      return conflict('offer_already_accepted', 'This offer was already accepted.');
  }
}
