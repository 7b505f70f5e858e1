import { getQueueToken } from '@nestjs/bullmq';
import { Queue, Worker } from 'bullmq';
import { randomUUID } from 'node:crypto';
import { QUEUE_CONNECTION } from '../../../src/queue/queue.module';
import type { QueueConnection } from '../../../src/queue/queue-connection';
import { QUEUE } from '../../../src/queue/queue-names';
import { ReminderProcessor } from '../../../src/reminders/reminder.processor';
import { QUEUE_BACKENDS, startTestApp, TestApp } from '../../support/test-app';

const LOCK_MS = 2_000;

describe.each(QUEUE_BACKENDS)(
  'the reminder worker takes its options from configuration (queue on %s)',
  (backend) => {
    let api: TestApp;
    let worker: TestApp | undefined;

    beforeAll(async () => {
      api = await startTestApp({ backend, role: 'api' });
    });
    afterAll(async () => {
      await worker?.close();
      await api.close();
    });

    it('takes over the job of a worker that died within about two lock durations (BullMQ defaults: 30 s and more)', async () => {
      const connection = api.app.get<QueueConnection>(QUEUE_CONNECTION);
      const queue = api.app.get<Queue>(getQueueToken(QUEUE.reminders));
      // A worker takes the job and dies holding it: closed by force, it never finishes it nor renews its lock.
      let taken: () => void = () => undefined;
      const takenByTheOther = new Promise<void>((resolve) => (taken = resolve));
      const other = new Worker(
        QUEUE.reminders,
        () => {
          taken();
          return new Promise<never>(() => undefined);
        },
        {
          connection: connection.connection,
          prefix: connection.prefix,
          lockDuration: LOCK_MS,
          // Its own stalled check would hold the queue's next check off for its (default, 30 s) interval.
          skipStalledCheck: true,
        },
      );
      const jobId = `worker-options-${randomUUID()}`;
      // No such reminder row: the sender finds nothing to send and the job completes.
      await queue.add('send', { reminderId: randomUUID() }, { jobId });
      await takenByTheOther;

      // The configured worker starts while the other still holds the job; then the other dies.
      worker = await startTestApp({
        backend,
        role: 'worker',
        shareWith: api,
        env: {
          REMINDER_LOCK_DURATION: `${LOCK_MS / 1000}s`,
          REMINDER_CONCURRENCY: '3',
          REMINDER_DIGEST: 'false',
        },
      });
      expect(await (await queue.getJob(jobId))?.getState()).toBe('active');
      await other.close(true);
      const died = Date.now();
      for (;;) {
        if ((await (await queue.getJob(jobId))?.getState()) === 'completed') break;
        if (Date.now() - died > 45_000) throw new Error('the stalled job was never taken over');
        await new Promise((r) => setTimeout(r, 100));
      }
      const tookOver = Date.now() - died;
      process.stderr.write(
        `[worker options] ${backend}: stalled job taken over and completed ${tookOver} ms after its worker died\n`,
      );
      // The lock expires (one lock duration), a stalled check finds it (every lock duration), then it is picked up.
      expect(tookOver).toBeLessThan(2 * LOCK_MS + 3_000);
    }, 90_000);

    it('has the configured concurrency and lock timing', () => {
      const reminders = worker!.app.get(ReminderProcessor).worker;
      expect(reminders.isRunning()).toBe(true);
      expect(reminders.concurrency).toBe(3);
      expect(reminders.opts).toMatchObject({
        lockDuration: LOCK_MS,
        lockRenewTime: LOCK_MS / 2,
        stalledInterval: LOCK_MS,
        maxStalledCount: 5,
      });
    });
  },
);
