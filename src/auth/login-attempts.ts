/**
 * Failed logins per client address, in fixed windows: the per-address cap that stops one address trying many
 * accounts (the throttler's per address+e-mail count cannot, as each new e-mail starts afresh). Only failures
 * count, so an office whose people share one address is not locked out by their successful logins. Kept in
 * memory, like the throttler's counts: each API process keeps its own.
 */
export class LoginAttempts {
  private readonly windows = new Map<string, { startedAt: number; failures: number }>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Seconds until the address may try again, or 0 when it may now. */
  retryAfterSeconds(address: string): number {
    const entry = this.current(address);
    if (!entry || entry.failures < this.limit) return 0;
    return Math.max(1, Math.ceil((entry.startedAt + this.windowMs - this.now()) / 1000));
  }

  recordFailure(address: string): void {
    const entry = this.current(address) ?? { startedAt: this.now(), failures: 0 };
    entry.failures++;
    this.windows.set(address, entry);
    if (this.windows.size > 100_000) this.prune();
  }

  private current(address: string): { startedAt: number; failures: number } | undefined {
    const entry = this.windows.get(address);
    if (entry && this.now() - entry.startedAt >= this.windowMs) {
      this.windows.delete(address);
      return undefined;
    }
    return entry;
  }

  private prune(): void {
    for (const address of [...this.windows.keys()]) this.current(address);
  }
}
