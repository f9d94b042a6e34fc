// CScriptNum: the little-endian sign-magnitude integers of script arithmetic.

/** Default size limit of a numeric operand, in bytes (Core's CScriptNum::nDefaultMaxNumSize). */
export const DEFAULT_MAX_NUM_SIZE = 4;

/** Operand size limit of OP_CHECKLOCKTIMEVERIFY and OP_CHECKSEQUENCEVERIFY (values up to 2^39-1). */
export const LOCKTIME_MAX_NUM_SIZE = 5;

const INT32_MAX = 0x7fffffff;
const INT32_MIN = -0x80000000;

/**
 * Decodes a stack element as a script number, as Core's CScriptNum constructor: at most
 * `maxSize` bytes, little-endian magnitude with the sign in the top bit of the last byte, and with
 * `requireMinimal` (MINIMALDATA) no superfluous trailing byte and no negative zero. Returns null
 * where Core throws scriptnum_error (the interpreter reports that as SCRIPTNUM). Results stay
 * within ±(2^39 - 1), so a JavaScript number holds them exactly.
 */
export function decodeScriptNum(
  bytes: Uint8Array,
  requireMinimal: boolean,
  maxSize: number = DEFAULT_MAX_NUM_SIZE,
): number | null {
  const len = bytes.length;
  if (len > maxSize) return null;
  if (len === 0) return 0;
  const last = bytes[len - 1]!;
  // Minimal: the most significant byte (sign bit aside) is non-zero, unless it only exists
  // because the next byte's top bit would otherwise be read as the sign (0xff00 is 255).
  if (requireMinimal && (last & 0x7f) === 0 && (len <= 1 || (bytes[len - 2]! & 0x80) === 0)) {
    return null;
  }
  let magnitude = last & 0x7f;
  for (let i = len - 2; i >= 0; i--) magnitude = magnitude * 256 + bytes[i]!;
  // Negative zero (a non-minimal encoding) reads as plain 0.
  return (last & 0x80) !== 0 && magnitude !== 0 ? -magnitude : magnitude;
}

/**
 * Encodes an integer as Core's CScriptNum::serialize: the shortest little-endian sign-magnitude
 * form, zero as the empty array. `value` must be a safe integer (script results are far smaller).
 */
export function encodeScriptNum(value: number): Uint8Array {
  if (value === 0) return new Uint8Array(0);
  const negative = value < 0;
  let magnitude = negative ? -value : value;
  const out: number[] = [];
  while (magnitude > 0) {
    out.push(magnitude % 256);
    magnitude = Math.floor(magnitude / 256);
  }
  // A set top bit in the last byte would read as the sign: add a sign byte, else fold it in.
  const top = out.length - 1;
  if ((out[top]! & 0x80) !== 0) out.push(negative ? 0x80 : 0);
  else if (negative) out[top] = out[top]! | 0x80;
  return Uint8Array.from(out);
}

/**
 * Clamps a script number to a 32-bit signed integer, as CScriptNum::getint (used for counts and
 * indexes such as OP_PICK's depth and OP_CHECKMULTISIG's key count).
 */
export function scriptNumToInt32(value: number): number {
  if (value > INT32_MAX) return INT32_MAX;
  if (value < INT32_MIN) return INT32_MIN;
  return value;
}

/**
 * Reads a stack element as a boolean, as Core's CastToBool: false for the empty array, any run
 * of zero bytes, and negative zero (zeros ending in 0x80); true otherwise.
 */
export function castToBool(bytes: Uint8Array): boolean {
  const len = bytes.length;
  for (let i = 0; i < len; i++) {
    if (bytes[i] !== 0) return !(i === len - 1 && bytes[i] === 0x80);
  }
  return false;
}
