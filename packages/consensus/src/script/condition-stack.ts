// The OP_IF/OP_ELSE/OP_ENDIF nesting state of script execution.

const NO_FALSE = -1;

/**
 * The stack of IF branch states, as Core's ConditionStack: conceptually one boolean per open
 * IF (executing or not), but only "is anything false" is ever observed, so it stores the depth
 * and the position of the first false entry. Every operation is O(1), which keeps scripts with
 * deeply nested IFs linear (the quadratic vfExec scan was a known DoS vector).
 */
export class ConditionStack {
  private size = 0;
  private firstFalse = NO_FALSE;

  /** True when no IF is open. */
  isEmpty(): boolean {
    return this.size === 0;
  }

  /** True when every open branch executes (the current opcode runs). */
  allTrue(): boolean {
    return this.firstFalse === NO_FALSE;
  }

  /** Opens a branch that executes when `value` is true. */
  push(value: boolean): void {
    if (this.firstFalse === NO_FALSE && !value) this.firstFalse = this.size;
    this.size++;
  }

  /** Closes the innermost branch (OP_ENDIF); the caller checks {@link isEmpty} first. */
  pop(): void {
    this.size--;
    if (this.firstFalse === this.size) this.firstFalse = NO_FALSE;
  }

  /** Flips the innermost branch (OP_ELSE); the caller checks {@link isEmpty} first. */
  toggleTop(): void {
    if (this.firstFalse === NO_FALSE) {
      this.firstFalse = this.size - 1;
    } else if (this.firstFalse === this.size - 1) {
      this.firstFalse = NO_FALSE;
    }
    // A false below the top stays the first false: flipping the top is then unobservable.
  }
}
