/**
 * Collects single requests made at about the same time into one batch call (one SQL statement, one commit for
 * many concurrent jobs), and hands each caller its own result. A batch goes when `maxSize` requests wait or
 * `maxDelayMs` after the first one (0: at the end of the current turn of the event loop).
 */
export class Batcher<K, R> {
  private pending: { key: K; resolve: (value: R | undefined) => void; reject: (err: unknown) => void }[] = [];
  private timer: NodeJS.Timeout | undefined;
  private scheduled = false;

  constructor(
    private readonly run: (keys: K[]) => Promise<Map<K, R>>,
    private readonly options: { maxSize: number; maxDelayMs: number },
  ) {}

  /** The result for `key` (undefined when the batch had none for it). */
  get(key: K): Promise<R | undefined> {
    return new Promise<R | undefined>((resolve, reject) => {
      this.pending.push({ key, resolve, reject });
      if (this.pending.length >= this.options.maxSize) this.flush();
      else if (!this.scheduled) {
        this.scheduled = true;
        if (this.options.maxDelayMs > 0) this.timer = setTimeout(() => this.flush(), this.options.maxDelayMs);
        else setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.scheduled = false;
    const batch = this.pending;
    this.pending = [];
    if (batch.length === 0) return;
    this.run(batch.map((item) => item.key)).then(
      (results) => batch.forEach((item) => item.resolve(results.get(item.key))),
      (err: unknown) => batch.forEach((item) => item.reject(err)),
    );
  }
}
