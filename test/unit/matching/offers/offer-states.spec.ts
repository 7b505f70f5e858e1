import fc from 'fast-check';

import { OFFER_STATUSES, OfferStatus } from '../../../../src/matching/offers/offers.dto';
import {
  OFFER_MOVES,
  OFFER_TRANSITIONS,
  OfferMove,
  TERMINAL_OFFER_STATUSES,
  checkOfferMove,
  isTerminal,
  refusalError,
} from '../../../../src/matching/offers/offer-states';

const T0 = Date.UTC(2026, 0, 1);
const statusArb = fc.constantFrom(...OFFER_STATUSES);
const moveArb = fc.constantFrom(...OFFER_MOVES);
/** Instants around an expiry, including the exact instant (the boundary). */
const offsetArb = fc.oneof(fc.constant(0), fc.integer({ min: -5 * 86_400_000, max: 5 * 86_400_000 }));
const stepArb = fc.record({ move: moveArb, offset: offsetArb });

/** Applies moves one after another, as the transition function does, keeping the status the table allows. */
function play(start: OfferStatus, steps: { move: OfferMove; offset: number }[]) {
  const expiresAt = new Date(T0);
  let status = start;
  const trace: { move: OfferMove; before: OfferStatus; after: OfferStatus; allowed: boolean }[] = [];
  for (const { move, offset } of steps) {
    const check = checkOfferMove(move, { status, expiresAt }, new Date(T0 + offset));
    const before = status;
    if (check.allowed) status = check.to;
    trace.push({ move, before, after: status, allowed: check.allowed });
  }
  return { status, trace };
}

describe('offer state table', () => {
  it('moves only a pending offer, and every move ends it', () => {
    for (const move of OFFER_MOVES) {
      expect(OFFER_TRANSITIONS[move].from).toBe('pending');
      expect(isTerminal(OFFER_TRANSITIONS[move].to)).toBe(true);
    }
    expect([...TERMINAL_OFFER_STATUSES, 'pending'].sort()).toEqual([...OFFER_STATUSES].sort());
    // Each terminal status is reached by exactly one move.
    expect(OFFER_MOVES.map((m) => OFFER_TRANSITIONS[m].to).sort()).toEqual(
      [...TERMINAL_OFFER_STATUSES].sort(),
    );
  });

  it('never leaves a terminal state, whatever moves follow at whatever time', () => {
    fc.assert(
      fc.property(statusArb, fc.array(stepArb, { maxLength: 30 }), (start, steps) => {
        const { trace } = play(start, steps);
        let ended = isTerminal(start);
        for (const step of trace) {
          if (ended) {
            expect(step.allowed).toBe(false);
            expect(step.after).toBe(step.before);
          }
          if (isTerminal(step.after)) ended = true;
        }
      }),
    );
  });

  it('lets at most one move happen to an offer, and its status is what that move says', () => {
    fc.assert(
      fc.property(fc.array(stepArb, { maxLength: 30 }), (steps) => {
        const { status, trace } = play('pending', steps);
        const done = trace.filter((s) => s.allowed);
        expect(done.length).toBeLessThanOrEqual(1);
        expect(status).toBe(done.length ? OFFER_TRANSITIONS[done[0].move].to : 'pending');
      }),
    );
  });

  it('at any instant a pending offer can be answered or expire, never both; a withdrawal is always possible', () => {
    fc.assert(
      fc.property(offsetArb, (offset) => {
        const offer = { status: 'pending' as const, expiresAt: new Date(T0) };
        const now = new Date(T0 + offset);
        const allowed = (move: OfferMove) => checkOfferMove(move, offer, now).allowed;
        expect(allowed('accept')).not.toBe(allowed('expire'));
        expect(allowed('decline')).toBe(allowed('accept'));
        expect(allowed('withdraw')).toBe(true);
        // At the very instant of the deadline it is too late to answer.
        expect(allowed('accept')).toBe(offset < 0);
      }),
    );
  });

  it('refuses with the reason that applies: ended, too late to answer, or not yet due', () => {
    fc.assert(
      fc.property(statusArb, moveArb, offsetArb, (status, move, offset) => {
        const check = checkOfferMove(move, { status, expiresAt: new Date(T0) }, new Date(T0 + offset));
        if (check.allowed) return;
        if (status !== 'pending') expect(check.refusal).toBe('not_pending');
        else if (move === 'expire') expect(check.refusal).toBe('not_due');
        else expect({ move, refusal: check.refusal }).toEqual({ move, refusal: 'expired' });
        if (check.refusal === 'expired') expect(['accept', 'decline']).toContain(move);
      }),
    );
  });

  it('turns every refusal of an answer or withdrawal into a 409 with a stable code', () => {
    const caseStatusArb = fc.constantFrom('intake', 'seeking_counsel', 'offered', 'represented', 'closed');
    fc.assert(
      fc.property(
        statusArb,
        fc.constantFrom<OfferMove>('accept', 'decline', 'withdraw'),
        offsetArb,
        caseStatusArb,
        (status, move, offset, caseStatus) => {
          const offer = { status, expiresAt: new Date(T0) };
          const check = checkOfferMove(move, offer, new Date(T0 + offset));
          if (check.allowed) return;
          const error = refusalError(check.refusal, offer, caseStatus);
          expect(error.getStatus()).toBe(409);
          const expected =
            check.refusal === 'expired' || status === 'expired'
              ? 'offer_expired'
              : status === 'withdrawn'
                ? caseStatus === 'represented'
                  ? 'case_already_assigned'
                  : 'offer_withdrawn'
                : status === 'declined'
                  ? 'offer_declined'
                  : 'offer_already_accepted';
          expect(error.code).toBe(expected);
        },
      ),
    );
  });
});
