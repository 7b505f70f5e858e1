import fc from 'fast-check';
import { LoginAttempts } from '../../../src/auth/login-attempts';

describe('failed logins per address', () => {
  it('lets exactly `limit` failures through per window and address, then says how long to wait', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 20 }),
        fc.integer({ min: 1_000, max: 600_000 }),
        fc.array(fc.tuple(fc.constantFrom('a', 'b', 'c'), fc.integer({ min: 0, max: 5_000 })), {
          maxLength: 200,
        }),
        (limit, windowMs, events) => {
          let now = 0;
          const attempts = new LoginAttempts(limit, windowMs, () => now);
          // A reference model: per address, the failures since its window opened.
          const model = new Map<string, { start: number; n: number }>();
          for (const [address, gap] of events) {
            now += gap;
            let entry = model.get(address);
            if (entry && now - entry.start >= windowMs) entry = undefined;
            const blocked = Boolean(entry && entry.n >= limit);
            const wait = attempts.retryAfterSeconds(address);
            expect(wait > 0).toBe(blocked);
            if (blocked) {
              expect(wait).toBeLessThanOrEqual(Math.ceil(windowMs / 1000));
              continue;
            }
            attempts.recordFailure(address);
            model.set(address, entry ? { ...entry, n: entry.n + 1 } : { start: now, n: 1 });
          }
        },
      ),
    );
  });
});
