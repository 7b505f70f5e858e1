import { getQueueToken } from '@nestjs/bullmq';
import { Job, Queue } from 'bullmq';
import { QUEUE } from '../../../src/queue/queue-names';
import { QUEUE_BACKENDS, startTestApp, TestApp } from '../../support/test-app';

async function waitForCompletion(queue: Queue, id: string, timeoutMs = 15_000): Promise<Job> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const state = await queue.getJobState(id);
    if (state === 'completed') return (await Job.fromId(queue, id))!;
    if (Date.now() > deadline)
      throw new Error(`job ${id} not completed within ${timeoutMs} ms (state ${state})`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe.each(QUEUE_BACKENDS)('job queue round trip on %s', (backend) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ backend });
  });
  afterAll(() => t.close());

  it('a job added to the system queue is processed by the worker and returns its result', async () => {
    const queue = t.app.get<Queue>(getQueueToken(QUEUE.system));
    const sentAt = new Date().toISOString();
    const job = await queue.add('ping', { sentAt });
    const done = await waitForCompletion(queue, job.id!);
    expect(done.returnvalue).toMatchObject({ pong: true, sentAt });
  });

  it('adding a job twice with the same id keeps one job', async () => {
    const queue = t.app.get<Queue>(getQueueToken(QUEUE.system));
    const id = `dedupe-${Date.now()}`;
    await queue.add('ping', { sentAt: 'a' }, { jobId: id });
    await queue.add('ping', { sentAt: 'b' }, { jobId: id });
    const done = await waitForCompletion(queue, id);
    expect(done.returnvalue).toMatchObject({ sentAt: 'a' });
    const counts = await queue.getJobCounts('completed', 'waiting', 'active');
    expect(counts.completed + counts.waiting + counts.active).toBe(2); // this job + the one from the test above
  });
});

describe.each(QUEUE_BACKENDS)('api and worker roles in separate processes on %s', (backend) => {
  it('the api role only enqueues; a worker role process picks the job up', async () => {
    const api = await startTestApp({ backend, role: 'api' });
    try {
      const queue = api.app.get<Queue>(getQueueToken(QUEUE.system));
      const job = await queue.add('ping', { sentAt: 'from-api' });
      await new Promise((r) => setTimeout(r, 500));
      expect(await job.getState()).toBe('waiting'); // nobody in the api process consumes it
      const worker = await startTestApp({ backend, role: 'worker', shareWith: api });
      try {
        const done = await waitForCompletion(queue, job.id!);
        expect(done.returnvalue).toMatchObject({ pong: true, sentAt: 'from-api' });
      } finally {
        await worker.close();
      }
    } finally {
      await api.close();
    }
  });
});
