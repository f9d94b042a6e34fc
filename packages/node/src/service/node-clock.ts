/**
 * The node's clock in UNIX seconds: the injected system clock, or the mock time that
 * `setmocktime` set (Core's NodeClock with SetMockTime). Zero returns to the system clock.
 */
export class NodeClock {
  private mock = 0;

  constructor(private readonly system: () => number) {}

  /** The current time: the mock time when set. */
  now(): number {
    return this.mock > 0 ? this.mock : this.system();
  }

  /** The mock time, 0 when none is set. */
  get mockTime(): number {
    return this.mock;
  }

  /** Sets the mock time (0 clears it). */
  setMock(time: number): void {
    this.mock = time;
  }
}
