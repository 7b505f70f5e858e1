import { Logger } from '@nestjs/common';
import type { AdvisoryLock } from '../../../src/database/advisory-lock';
import { ExclusiveInterval } from '../../../src/database/exclusive-interval';

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

describe('ExclusiveInterval', () => {
  it('never overlaps itself: a tick while one runs is skipped', async () => {
    let release: () => void = () => undefined;
    let runs = 0;
    const interval = new ExclusiveInterval(
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
    const interval = new ExclusiveInterval(
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
    const interval = new ExclusiveInterval(
      fakeLock(),
      'task',
      async () => {
        await new Promise((r) => setTimeout(r, 50));
        finished = true;
      },
      quietLogger(),
    );
    interval.start(10);
    await new Promise((r) => setTimeout(r, 25));
    await interval.stop();
    expect(finished).toBe(true);
  });
});
