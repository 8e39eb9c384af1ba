// How many stance previews one address may ask for: each runs the classifier, which is the CPU a comment
// POST spends, and nothing is stored, so no database row can count them. A fixed window per process, forgotten
// whole when the next window starts, so the map never holds more than one window's addresses.

/** Previews one address may ask this process for per PREVIEW_WINDOW_MS. */
export const PREVIEWS_PER_WINDOW = 20;
export const PREVIEW_WINDOW_MS = 60_000;

/** The counter: `take` says whether one more preview is allowed for the address at this time. */
export class PreviewLimit {
  private windowStart = -Infinity;
  private readonly counts = new Map<string, number>();

  constructor(private readonly perWindow = PREVIEWS_PER_WINDOW) {}

  /** Counts a preview for the address; false when it has had its share of this window. */
  take(address: string, nowMs: number): boolean {
    if (nowMs - this.windowStart >= PREVIEW_WINDOW_MS || nowMs < this.windowStart) {
      this.windowStart = nowMs;
      this.counts.clear();
    }
    const used = this.counts.get(address) ?? 0;
    if (used >= this.perWindow) return false;
    this.counts.set(address, used + 1);
    return true;
  }

  /** Seconds until the window ends, for Retry-After. */
  secondsLeft(nowMs: number): number {
    return Math.max(1, Math.ceil((this.windowStart + PREVIEW_WINDOW_MS - nowMs) / 1000));
  }
}
