import fc from 'fast-check';
import { Logger } from '@nestjs/common';
import type { AdvisoryLock } from '../../../src/database/advisory-lock';
import { ScheduledTask, serialGate } from '../../../src/scheduling/scheduled-task';

/** Stands in for the PostgreSQL advisory lock: `held` says whether another process has it. */
function fakeLock(held = () => false): AdvisoryLock {
  return {
    async runExclusive<T>(_name: string, task: () => Promise<T>) {
      if (held()) return { ran: false as const };
      return { ran: true as const, result: await task() };
    },
  } as unknown as AdvisoryLock;
}

const quietLogger = () => {
  const logger = new Logger('test');
  jest.spyOn(logger, 'warn').mockImplementation(() => undefined);
  return logger;
};

describe('ScheduledTask', () => {
  it('never overlaps itself: a tick while one runs is skipped', async () => {
    let release: () => void = () => undefined;
    let runs = 0;
    const interval = new ScheduledTask(
      fakeLock(),
      'task',
      () =>
        new Promise<number>((resolve) => {
          runs += 1;
          release = () => resolve(runs);
        }),
      quietLogger(),
    );
    const first = interval.tick();
    await new Promise((r) => setImmediate(r));
    expect(await interval.tick()).toBeUndefined();
    release();
    expect(await first).toBe(1);
    expect(runs).toBe(1);
    const second = interval.tick();
    await new Promise((r) => setImmediate(r));
    release();
    expect(await second).toBe(2);
  });

  it('skips a tick another process holds, and survives a failing one', async () => {
    let held = true;
    const logger = quietLogger();
    let fail = false;
    const interval = new ScheduledTask(
      fakeLock(() => held),
      'task',
      async () => {
        if (fail) throw new Error('database gone');
        return 'done';
      },
      logger,
    );
    expect(await interval.tick()).toBeUndefined();
    held = false;
    fail = true;
    expect(await interval.tick()).toBeUndefined();
    expect(logger.warn).toHaveBeenCalledWith('task failed this tick: Error: database gone');
    fail = false;
    expect(await interval.tick()).toBe('done');
  });

  it('stop() waits for the tick in progress', async () => {
    let finished = false;
    const interval = new ScheduledTask(
      fakeLock(),
      'task',
      async () => {
        await new Promise((r) => setTimeout(r, 50));
        finished = true;
      },
      quietLogger(),
    );
    interval.start({ everyMs: 10 });
    await new Promise((r) => setTimeout(r, 25));
    await interval.stop();
    expect(finished).toBe(true);
  });
});

describe('ScheduledTask on a cron cadence', () => {
  afterEach(() => jest.useRealTimers());

  it('runs at each matching minute, not before, and not after stop()', async () => {
    jest.useFakeTimers({ now: new Date(2026, 5, 1, 10, 7, 30) });
    const ranAt: Date[] = [];
    const task = new ScheduledTask(
      fakeLock(),
      'task',
      async () => {
        ranAt.push(new Date());
      },
      quietLogger(),
    );
    task.start({ cron: '*/15 * * * *' });
    await jest.advanceTimersByTimeAsync(7 * 60_000); // 10:14:30
    expect(ranAt).toEqual([]);
    await jest.advanceTimersByTimeAsync(60_000); // 10:15:30
    expect(ranAt).toEqual([new Date(2026, 5, 1, 10, 15)]);
    await jest.advanceTimersByTimeAsync(30 * 60_000); // 10:45:30
    expect(ranAt).toEqual([
      new Date(2026, 5, 1, 10, 15),
      new Date(2026, 5, 1, 10, 30),
      new Date(2026, 5, 1, 10, 45),
    ]);
    await task.stop();
    await jest.advanceTimersByTimeAsync(3600_000);
    expect(ranAt).toHaveLength(3);
  });

  it('a failing run is logged and the next one still comes', async () => {
    jest.useFakeTimers({ now: new Date(2026, 5, 1, 10, 0, 30) });
    const logger = quietLogger();
    let runs = 0;
    const task = new ScheduledTask(
      fakeLock(),
      'flaky',
      async () => {
        runs += 1;
        if (runs === 1) throw new Error('first run fails');
      },
      logger,
    );
    task.start({ cron: '* * * * *' });
    await jest.advanceTimersByTimeAsync(60_000);
    expect(logger.warn).toHaveBeenCalledWith('flaky failed this tick: Error: first run fails');
    await jest.advanceTimersByTimeAsync(60_000);
    expect(runs).toBe(2);
    await task.stop();
  });
});

describe('ScheduledTask through a serial gate (as the Scheduler runs them)', () => {
  it('holds one lock at a time across tasks, runs every tick, and a failure does not block the next', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ task: fc.nat({ max: 3 }), ms: fc.nat({ max: 5 }), fails: fc.boolean() }), {
          minLength: 1,
          maxLength: 12,
        }),
        async (ticks) => {
          let holding = 0;
          let most = 0;
          const lock = {
            async runExclusive<T>(_name: string, task: () => Promise<T>) {
              holding += 1;
              most = Math.max(most, holding);
              try {
                return { ran: true as const, result: await task() };
              } finally {
                holding -= 1;
              }
            },
          } as unknown as AdvisoryLock;
          const gate = serialGate();
          const plans = new Map<number, { ms: number; fails: boolean }[]>();
          const done: number[] = [];
          const tasks = [0, 1, 2, 3].map(
            (n) =>
              new ScheduledTask(
                lock,
                `task-${n}`,
                async () => {
                  const plan = plans.get(n)!.shift()!;
                  await new Promise((r) => setTimeout(r, plan.ms));
                  if (plan.fails) throw new Error(`task-${n} failed`);
                  done.push(n);
                  return n;
                },
                quietLogger(),
                undefined,
                gate,
              ),
          );
          const started: Promise<unknown>[] = [];
          const expected: number[] = [];
          for (const t of ticks) {
            // A task never overlaps itself: a tick while it is queued or running is skipped.
            const pending = started.length > 0 && plans.get(t.task)?.length;
            if (pending) continue;
            plans.set(t.task, [...(plans.get(t.task) ?? []), { ms: t.ms, fails: t.fails }]);
            if (!t.fails) expected.push(t.task);
            started.push(tasks[t.task].tick());
          }
          await Promise.all(started);
          expect(most).toBe(1);
          expect(done.sort()).toEqual(expected.sort());
        },
      ),
      { numRuns: 50 },
    );
  });
});
