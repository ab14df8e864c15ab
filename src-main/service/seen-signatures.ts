/**
 * The signatures accepted within their validity window, so a captured signed request (or socket `auth`
 * message) cannot be sent again. A signature covers its timestamp, so it can only ever verify with that
 * timestamp: entries are kept in one set per timestamp second, and a whole second is forgotten once no
 * request with that timestamp can be accepted any more. The count is capped: past it the exchange
 * refuses new signed requests (fails closed) rather than forget one that could still be replayed.
 */
export class SeenSignatures {
  private readonly bySecond = new Map<number, Set<string>>();
  private count = 0;

  constructor(
    /** Seconds a timestamp stays acceptable either side of the clock. */
    private readonly windowSeconds: number,
    /** At most this many signatures are remembered at once (a few tens of MB at the default). */
    private readonly capacity: number,
  ) {}

  /** Whether `signature` was already accepted with `timestamp` (still within its window). */
  has(timestamp: number, signature: string): boolean {
    return this.bySecond.get(timestamp)?.has(signature) ?? false;
  }

  /**
   * Remembers an accepted signature. 'full' when the cap is reached with every entry still live: the
   * caller refuses the request (it may be retried once older timestamps age out).
   */
  add(timestamp: number, signature: string, nowSeconds: number): 'added' | 'full' {
    this.forgetBefore(nowSeconds - this.windowSeconds);
    if (this.count >= this.capacity) return 'full';
    let second = this.bySecond.get(timestamp);
    if (!second) this.bySecond.set(timestamp, (second = new Set()));
    second.add(signature);
    this.count++;
    return 'added';
  }

  get size(): number {
    return this.count;
  }

  /** Drops the seconds before `oldest` (at most ~2 × window + 1 seconds are ever held). */
  private forgetBefore(oldest: number): void {
    for (const [second, signatures] of this.bySecond) {
      if (second >= oldest) continue;
      this.count -= signatures.size;
      this.bySecond.delete(second);
    }
  }
}
