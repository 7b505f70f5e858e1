import { ModulesContainer } from '@nestjs/core';
import { MetricsService } from '../../../src/metrics/metrics.service';
import { Scheduler } from '../../../src/scheduling/scheduler';
import { startTestApp, TestApp } from '../../support/test-app';

// nestjs-pino logs every application of the process through the first one's destination: one capture.
const logged: string[] = [];
const capture = { write: (line: string) => void logged.push(line) };

/** Whether the application's module graph provides the scheduler (get() of a missing provider ends the process). */
const hasScheduler = (t: TestApp) =>
  [...t.app.get(ModulesContainer).values()].some((module) => module.providers.has(Scheduler));

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(condition: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(20);
  }
}

async function ticks(t: TestApp, task: string, outcome: string): Promise<number> {
  const metric = await t.app
    .get(MetricsService)
    .registry.getSingleMetric('amparo_scheduled_task_runs_total')
    ?.get();
  return metric?.values.find((v) => v.labels.task === task && v.labels.outcome === outcome)?.value ?? 0;
}

/** Two worker processes (two applications) on one database, each scheduling the same task. */
describe('scheduled tasks across worker processes', () => {
  let first: TestApp;
  let second: TestApp;
  let secondClosed = false;

  beforeAll(async () => {
    first = await startTestApp({ role: 'worker', logs: capture, env: { LOG_LEVEL: 'info' } });
    second = await startTestApp({
      role: 'worker',
      shareWith: first,
      logs: capture,
      env: { LOG_LEVEL: 'info' },
    });
  });
  afterAll(async () => {
    if (!secondClosed) await second.close();
    await first.close();
  });

  it('never run a task at the same time; a failing run is logged and the next runs; shutdown stops it', async () => {
    let active = 0;
    let mostAtOnce = 0;
    let runs = 0;
    let failedRun = 0;
    const runsIn = { first: 0, second: 0 };
    const run = (where: 'first' | 'second') => async () => {
      active += 1;
      mostAtOnce = Math.max(mostAtOnce, active);
      runs += 1;
      runsIn[where] += 1;
      const thisRun = runs;
      try {
        await sleep(30);
        if (thisRun === 3) {
          failedRun = thisRun;
          throw new Error('run three fails');
        }
      } finally {
        active -= 1;
      }
    };
    // Both processes tick every 10 ms, each run takes 30 ms: they contend all the time.
    first.app.get(Scheduler).add('test-contended', { everyMs: 10 }, run('first'));
    second.app.get(Scheduler).add('test-contended', { everyMs: 10 }, run('second'));

    await until(() => runs >= 15);
    expect(mostAtOnce).toBe(1);
    // The advisory lock turned the other process away (not only this process's own overlap guard).
    expect(
      (await ticks(first, 'test-contended', 'locked')) + (await ticks(second, 'test-contended', 'locked')),
    ).toBeGreaterThan(0);

    // The failing run was logged with the task's name and the runs after it happened.
    expect(failedRun).toBe(3);
    const failure = logged.filter((line) => line.includes('test-contended failed this tick'));
    expect(failure).toHaveLength(1);
    expect(failure[0]).toContain('run three fails');
    expect(JSON.parse(failure[0])).toMatchObject({ level: 40 });
    expect(
      (await ticks(first, 'test-contended', 'failed')) + (await ticks(second, 'test-contended', 'failed')),
    ).toBe(1);

    // Shutting the second process down stops its task (waiting for a run in progress); the first goes on.
    await second.close();
    secondClosed = true;
    const secondRuns = runsIn.second;
    const firstRuns = runsIn.first;
    await sleep(300);
    expect(runsIn.second).toBe(secondRuns);
    expect(active).toBeLessThanOrEqual(1);
    expect(runsIn.first).toBeGreaterThan(firstRuns);
  });

  it('an api process has no scheduler', async () => {
    const api = await startTestApp({ role: 'api', shareWith: first });
    try {
      expect(hasScheduler(first)).toBe(true);
      expect(hasScheduler(api)).toBe(false);
    } finally {
      await api.close();
    }
  });
});
