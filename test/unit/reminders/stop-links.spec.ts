import { loadConfig } from '../../../src/config/app-config';
import { Batcher } from '../../../src/reminders/batcher';
import { StopLinks } from '../../../src/reminders/stop-links';

const config = (secret: string) =>
  loadConfig({ NODE_ENV: 'test', JWT_SECRET: secret, PUBLIC_BASE_URL: 'https://amparo.example.org/' });

describe('stop links', () => {
  const links = new StopLinks(config('a'.repeat(40)));
  const claims = {
    recipientKey: 'sponsor:1b9d6bcd-bbfd-4b2d-9b5d-ab8dfbbd4bed',
    channel: 'email' as const,
    language: 'quc',
  };

  it('round-trips who and which channel, under the public base URL, without contact data', () => {
    const url = links.url({ ...claims, reminderId: 'r-1' });
    expect(url.startsWith('https://amparo.example.org/unsubscribe/')).toBe(true);
    expect(url).not.toContain('@');
    expect(links.verify(url.split('/unsubscribe/')[1])).toEqual({ ...claims, reminderId: 'r-1' });
  });

  it('refuses forged, tampered, truncated and foreign tokens', () => {
    const token = links.token(claims);
    const [body, signature] = token.split('.');
    const other = Buffer.from(JSON.stringify({ k: 'child:x', c: 'email', l: 'spa' })).toString('base64url');
    expect(links.verify(`${other}.${signature}`)).toBeUndefined();
    expect(
      links.verify(`${body}.${signature.slice(0, -1)}${signature.endsWith('A') ? 'B' : 'A'}`),
    ).toBeUndefined();
    expect(links.verify(body)).toBeUndefined();
    expect(links.verify(`${token}.x`)).toBeUndefined();
    expect(links.verify('garbage')).toBeUndefined();
    expect(new StopLinks(config('b'.repeat(40))).verify(token)).toBeUndefined();
  });
});

describe('batcher', () => {
  it('runs requests made in one turn of the event loop as one batch and gives each caller its result', async () => {
    const batches: number[][] = [];
    const batcher = new Batcher<number, string>(
      async (keys) => {
        batches.push(keys);
        return new Map(keys.filter((k) => k !== 3).map((k) => [k, `v${k}`]));
      },
      { maxSize: 10, maxDelayMs: 0 },
    );
    const results = await Promise.all([1, 2, 3, 4].map((k) => batcher.get(k)));
    expect(results).toEqual(['v1', 'v2', undefined, 'v4']);
    expect(batches).toEqual([[1, 2, 3, 4]]);
    expect(await batcher.get(5)).toBe('v5');
    expect(batches).toHaveLength(2);
  });

  it('sends a full batch at once, and a failed batch fails each of its callers', async () => {
    const batches: number[][] = [];
    const batcher = new Batcher<number, number>(
      async (keys) => {
        batches.push(keys);
        if (keys.includes(99)) throw new Error('database unreachable');
        return new Map(keys.map((k) => [k, k * 2]));
      },
      { maxSize: 2, maxDelayMs: 50 },
    );
    expect(await Promise.all([batcher.get(1), batcher.get(2), batcher.get(3)])).toEqual([2, 4, 6]);
    expect(batches).toEqual([[1, 2], [3]]);
    await expect(Promise.all([batcher.get(98), batcher.get(99)])).rejects.toThrow('database unreachable');
  });
});
