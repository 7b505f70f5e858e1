import fc from 'fast-check';
import { readAhead } from '../../../src/imports/multipart';

async function* chunksOf(sizes: number[]): AsyncGenerator<Buffer> {
  let at = 0;
  for (const size of sizes) {
    yield Buffer.from(Array.from({ length: size }, (_, i) => (at + i) % 251));
    at += size;
  }
}

async function collect(file: AsyncIterable<Buffer>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of file) parts.push(part);
  return Buffer.concat(parts);
}

describe('readAhead (deciding inline or queued from the first IMPORT_SYNC_MAX_BYTES of an upload)', () => {
  it('is complete exactly when the whole upload fits the limit, and never loses, repeats or reorders a byte', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 0, max: 300 }), { maxLength: 30 }),
        fc.integer({ min: 1, max: 3000 }),
        async (sizes, limit) => {
          const total = sizes.reduce((a, b) => a + b, 0);
          const expected = await collect(chunksOf(sizes));
          const head = await readAhead(chunksOf(sizes), limit);
          expect(head.complete).toBe(total <= limit);
          expect((await collect(head.file)).equals(expected)).toBe(true);
        },
      ),
    );
  });

  it('stops reading the upload once past the limit (the rest is read only by whoever takes the file)', async () => {
    let pulled = 0;
    async function* counted(): AsyncGenerator<Buffer> {
      for (let i = 0; i < 100; i++) {
        pulled++;
        yield Buffer.alloc(10);
      }
    }
    const head = await readAhead(counted(), 25);
    expect(head.complete).toBe(false);
    expect(pulled).toBe(3);
    expect((await collect(head.file)).length).toBe(1000);
  });

  it('passes on a failure of the upload (e.g. over the upload limit) to the reader', async () => {
    async function* failing(): AsyncGenerator<Buffer> {
      yield Buffer.alloc(10);
      throw new Error('too large');
    }
    await expect(readAhead(failing(), 100)).rejects.toThrow('too large');
    const head = await readAhead(failing(), 5);
    await expect(collect(head.file)).rejects.toThrow('too large');
  });
});
