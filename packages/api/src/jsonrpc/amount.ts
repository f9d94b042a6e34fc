// BTC amounts at the RPC edge: exact decimal text to satoshis and back, as Core's
// AmountFromValue / ValueFromAmount do (never through a double).

import { COIN, moneyRange } from "@hashforge/consensus";
import { JsonNumber, type JsonValue } from "./json-value.js";
import { RpcError, RpcErrorCode } from "./rpc-error.js";

/** Largest magnitude ParseFixedPoint handles: 10^18 - 1, which keeps results inside int64. */
const UPPER_BOUND = 999_999_999_999_999_999n;
const TEN = 10n;

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/**
 * Parses decimal text (`-`? digits (`.` digits)? (`e` sign? digits)?) into an integer scaled by
 * 10^`decimals`, or null when the text is malformed, has more than `decimals` decimals, or does
 * not fit in ±(10^18 - 1). Mirrors Core's `ParseFixedPoint` (util/strencodings.cpp): trailing
 * zeros are tracked separately so `0.000000010` still has 8 significant decimals.
 */
export function parseFixedPoint(text: string, decimals: number): bigint | null {
  let pos = 0;
  const end = text.length;
  let mantissa = 0n;
  let trailingZeros = 0;
  let pointOffset = 0;
  let negative = false;

  const pushDigit = (c: number): boolean => {
    if (c === 0x30) {
      trailingZeros++;
      return true;
    }
    for (let i = 0; i <= trailingZeros; i++) {
      if (mantissa > UPPER_BOUND / TEN) return false;
      mantissa *= TEN;
    }
    mantissa += BigInt(c - 0x30);
    trailingZeros = 0;
    return true;
  };

  if (pos < end && text.charCodeAt(pos) === 0x2d) {
    negative = true;
    pos++;
  }
  if (pos >= end) return null;
  const first = text.charCodeAt(pos);
  if (first === 0x30) pos++;
  else if (first >= 0x31 && first <= 0x39) {
    while (pos < end && isDigit(text.charCodeAt(pos))) {
      if (!pushDigit(text.charCodeAt(pos))) return null;
      pos++;
    }
  } else return null;

  if (pos < end && text.charCodeAt(pos) === 0x2e) {
    pos++;
    if (!(pos < end && isDigit(text.charCodeAt(pos)))) return null;
    while (pos < end && isDigit(text.charCodeAt(pos))) {
      if (!pushDigit(text.charCodeAt(pos))) return null;
      pos++;
      pointOffset++;
    }
  }

  let exponent = 0;
  if (pos < end && (text[pos] === "e" || text[pos] === "E")) {
    pos++;
    let exponentNegative = false;
    if (text[pos] === "+") pos++;
    else if (text[pos] === "-") {
      exponentNegative = true;
      pos++;
    }
    if (!(pos < end && isDigit(text.charCodeAt(pos)))) return null;
    while (pos < end && isDigit(text.charCodeAt(pos))) {
      // Core bails out near 10^17; any exponent that large cannot produce a valid amount.
      if (exponent > 1e17) return null;
      exponent = exponent * 10 + (text.charCodeAt(pos) - 0x30);
      pos++;
    }
    if (exponentNegative) exponent = -exponent;
  }
  if (pos !== end) return null;

  exponent = exponent - pointOffset + trailingZeros + decimals;
  if (negative) mantissa = -mantissa;
  if (exponent < 0) return null; // finer than 10^-decimals
  if (exponent >= 18) return null; // at least 10^(18 - decimals)
  for (let i = 0; i < exponent; i++) {
    if (mantissa > UPPER_BOUND / TEN || mantissa < -(UPPER_BOUND / TEN)) return null;
    mantissa *= TEN;
  }
  if (mantissa > UPPER_BOUND || mantissa < -UPPER_BOUND) return null;
  return mantissa;
}

/**
 * Converts an RPC amount (a JSON number or a numeric string, in BTC) to satoshis from its exact
 * text. Mirrors Core's `AmountFromValue`: errors are RPC_TYPE_ERROR with "Amount is not a number
 * or string", "Invalid amount" (malformed or more than `decimals` decimals) or "Amount out of
 * range" (negative or above 21 million BTC).
 */
export function amountFromValue(value: JsonValue | undefined, decimals = 8): bigint {
  let text: string;
  if (value instanceof JsonNumber) text = value.text;
  else if (typeof value === "string") text = value;
  else throw new RpcError(RpcErrorCode.RPC_TYPE_ERROR, "Amount is not a number or string");
  const amount = parseFixedPoint(text, decimals);
  if (amount === null) throw new RpcError(RpcErrorCode.RPC_TYPE_ERROR, "Invalid amount");
  if (!moneyRange(amount)) throw new RpcError(RpcErrorCode.RPC_TYPE_ERROR, "Amount out of range");
  return amount;
}

/**
 * Formats satoshis as a BTC JSON number with exactly eight decimals (`0.00100000`), as Core's
 * `ValueFromAmount` does for every amount in RPC results.
 */
export function valueFromAmount(amount: bigint): JsonNumber {
  const negative = amount < 0n;
  const abs = negative ? -amount : amount;
  const whole = abs / COIN;
  const fraction = (abs % COIN).toString().padStart(8, "0");
  return new JsonNumber(`${negative ? "-" : ""}${whole}.${fraction}`);
}
