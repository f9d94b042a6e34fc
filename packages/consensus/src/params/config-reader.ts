// Reads untrusted JSON field by field, collecting every problem with its path.
import { isHex } from "../bytes/hex.js";
import type { NetworkConfigIssue } from "./network-config-error.js";

/** A parsed JSON object. */
export type JsonObject = Readonly<Record<string, unknown>>;

/**
 * Field readers for untrusted JSON. A missing (undefined) value is reported as `<path> is
 * required`; callers skip optional fields themselves. Each reader returns the value when it is valid and otherwise
 * records an issue at the field's path and returns undefined, so a loader can check every
 * field and report all problems at once. Used by the custom network loader only.
 */
export class ConfigReader {
  readonly issues: NetworkConfigIssue[] = [];

  /** Records a problem; `message` should begin with `path`. */
  fail(path: string, message: string): undefined {
    this.issues.push({ path, message });
    return undefined;
  }

  /** True when the value is present; records `<path> is required` otherwise. */
  present(path: string, value: unknown): boolean {
    if (value !== undefined) return true;
    this.fail(path, `${path} is required`);
    return false;
  }

  /** The value as a plain object, or undefined with an issue. */
  object(path: string, value: unknown): JsonObject | undefined {
    if (!this.present(path, value)) return undefined;
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      return this.fail(path, `${path} must be an object`);
    }
    return value as JsonObject;
  }

  /** Records an issue for every key of `obj` not in `known` (typos must not pass silently). */
  knownKeys(path: string, obj: JsonObject, known: readonly string[]): void {
    for (const key of Object.keys(obj)) {
      if (!known.includes(key)) {
        this.fail(
          `${path}.${key}`,
          `${path}.${key} is not a known field (known: ${known.join(", ")})`,
        );
      }
    }
  }

  /** An integer in [min, max]; `what` completes "must be ..." (e.g. "a positive integer"). */
  integer(
    path: string,
    value: unknown,
    min: number,
    max: number,
    what: string,
  ): number | undefined {
    if (!this.present(path, value)) return undefined;
    if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
      return this.fail(path, `${path} must be ${what}`);
    }
    return value;
  }

  /** A boolean. */
  boolean(path: string, value: unknown): boolean | undefined {
    if (!this.present(path, value)) return undefined;
    if (typeof value !== "boolean") return this.fail(path, `${path} must be true or false`);
    return value;
  }

  /** A string matching `pattern`; `what` completes "must be ...". */
  string(path: string, value: unknown, pattern: RegExp, what: string): string | undefined {
    if (!this.present(path, value)) return undefined;
    if (typeof value !== "string" || !pattern.test(value)) {
      return this.fail(path, `${path} must be ${what}`);
    }
    return value;
  }

  /**
   * Hex text of `minBytes`..`maxBytes` bytes (either case, no prefix), returned lowercase;
   * `what` completes "must be ...".
   */
  hex(
    path: string,
    value: unknown,
    minBytes: number,
    maxBytes: number,
    what: string,
  ): string | undefined {
    if (!this.present(path, value)) return undefined;
    if (
      typeof value !== "string" ||
      !isHex(value) ||
      value.length / 2 < minBytes ||
      value.length / 2 > maxBytes
    ) {
      return this.fail(path, `${path} must be ${what}`);
    }
    return value.toLowerCase();
  }

  /**
   * An amount in satoshis within [min, max]: a safe JSON integer or a decimal string (for values
   * a JSON number cannot carry exactly).
   */
  satoshis(
    path: string,
    value: unknown,
    min: bigint,
    max: bigint,
    what: string,
  ): bigint | undefined {
    if (!this.present(path, value)) return undefined;
    let amount: bigint | undefined;
    if (typeof value === "number" && Number.isSafeInteger(value)) amount = BigInt(value);
    else if (typeof value === "string" && /^(0|[1-9][0-9]{0,19})$/.test(value))
      amount = BigInt(value);
    if (amount === undefined || amount < min || amount > max)
      return this.fail(path, `${path} must be ${what}`);
    return amount;
  }
}

/** Largest unsigned 32-bit integer (header time, bits, nonce). */
export const UINT32_MAX = 0xffffffff;

/** Largest signed 32-bit integer (header version, heights, intervals). */
export const INT32_MAX = 0x7fffffff;
