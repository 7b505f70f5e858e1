import { getQueueToken, WorkerHost } from '@nestjs/bullmq';
import { DiscoveryService } from '@nestjs/core';
import { Job, Queue } from 'bullmq';
import Redis from 'ioredis';
import { QUEUE } from '../../../src/queue/queue-names';
import { QUEUE_BACKENDS, QueueBackend, startTestApp, TestApp } from '../../support/test-app';
import { terminateOtherSessions, testRedisUrl } from '../../support/test-database';

async function waitForCompletion(queue: Queue, id: string, timeoutMs = 30_000): Promise<Job> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const state = await queue.getJobState(id).catch(() => 'unreachable');
    if (state === 'completed') return (await Job.fromId(queue, id))!;
    if (Date.now() > deadline)
      throw new Error(`job ${id} not completed within ${timeoutMs} ms (state ${state})`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Cuts every connection the app holds to its queue store, as a restarting server does. Returns how many. */
async function killQueueConnections(t: TestApp, backend: QueueBackend): Promise<number> {
  if (backend === 'postgres') return terminateOtherSessions(t.databaseUrl);
  // Redis is shared with other test files: cut only this app's connections, by their client address.
  const ports: number[] = [];
  for (const { instance } of t.app.get(DiscoveryService).getProviders()) {
    const owner =
      instance instanceof Queue ? instance : instance instanceof WorkerHost ? instance.worker : undefined;
    if (!owner) continue;
    const backend = owner.getBackend() as unknown as {
      client: Promise<unknown>;
      blockingClient?: Promise<unknown>;
    };
    for (const client of [backend.client, backend.blockingClient]) {
      const port = ((await client) as { stream?: { localPort?: number } } | undefined)?.stream?.localPort;
      if (port) ports.push(port);
    }
  }
  const redis = new Redis(testRedisUrl(), { maxRetriesPerRequest: null });
  try {
    let killed = 0;
    // CLIENT KILL ADDR … answers with the number of clients it ended.
    for (const port of ports) killed += Number(await redis.client('KILL', 'ADDR', `127.0.0.1:${port}`));
    return killed;
  } finally {
    redis.disconnect();
  }
}

describe.each(QUEUE_BACKENDS)('queue connections cut under a running worker on %s', (backend) => {
  let t: TestApp;
  const lines: string[] = [];
  const consoleErrors: unknown[][] = [];
  let spy: jest.SpyInstance;
  beforeAll(async () => {
    t = await startTestApp({ backend, logs: { write: (line) => void lines.push(line) } });
    // BullMQ prints an 'error' event nobody listens for with console.error (ERR_UNHANDLED_ERROR).
    spy = jest
      .spyOn(console, 'error')
      .mockImplementation((...args: unknown[]) => void consoleErrors.push(args));
  });
  afterAll(async () => {
    spy.mockRestore();
    await t.close();
  }, 120_000);

  it('logs the lost connection as a warning, never as an unhandled error event, and keeps processing', async () => {
    const queue = t.app.get<Queue>(getQueueToken(QUEUE.system));
    const first = await queue.add('ping', { sentAt: 'before' });
    await waitForCompletion(queue, first.id!);

    // Cut, check the worker picks up again, twice: the second cut lands on the connections made after the first.
    for (const round of [1, 2]) {
      expect(await killQueueConnections(t, backend)).toBeGreaterThan(0);
      const after = await queue.add('ping', { sentAt: `after cut ${round}` });
      const done = await waitForCompletion(queue, after.id!);
      expect(done.returnvalue).toMatchObject({ pong: true, sentAt: `after cut ${round}` });
    }

    const unhandled = consoleErrors.filter((args) =>
      args.some((a) => /ERR_UNHANDLED_ERROR|Unhandled error/.test(String((a as Error)?.stack ?? a))),
    );
    expect(unhandled).toEqual([]);
    if (backend === 'postgres') {
      // The cut reaches the workers as 'error' events: each is a warning line naming the queue.
      const warnings = lines.map((l) => JSON.parse(l) as { level: number; msg: string; context?: string });
      expect(warnings.some((w) => w.level === 40 && /^queue (worker )?\S+: /.test(w.msg))).toBe(true);
    }
  });
});
