// Taproot commitments: tapleaf/tapbranch hashes, control blocks and the output-key tweak (BIP341).
import { bytesEqual, compareBytes } from "../bytes/equal.js";
import { ByteWriter, compactSizeLength } from "../bytes/writer.js";
import type { SignatureBackend, TweakedKey } from "../crypto/backend.js";
import { RangeCheckError } from "../errors.js";
import { taggedHash } from "../hash.js";

/** Mask of the control block's first byte that holds the leaf version (the low bit is Q's parity). */
export const TAPROOT_LEAF_MASK = 0xfe;

/** Leaf version of BIP342 tapscript. */
export const TAPROOT_LEAF_TAPSCRIPT = 0xc0;

/** Control block size without path: leaf version/parity byte plus the 32-byte internal key. */
export const TAPROOT_CONTROL_BASE_SIZE = 33;

/** Size of one Merkle path node in a control block. */
export const TAPROOT_CONTROL_NODE_SIZE = 32;

/** Maximum Merkle path length, i.e. script tree depth (BIP341). */
export const TAPROOT_CONTROL_MAX_NODE_COUNT = 128;

/** Largest valid control block: base plus 128 path nodes (4129 bytes). */
export const TAPROOT_CONTROL_MAX_SIZE =
  TAPROOT_CONTROL_BASE_SIZE + TAPROOT_CONTROL_NODE_SIZE * TAPROOT_CONTROL_MAX_NODE_COUNT;

/**
 * Computes a leaf's hash, the TapLeaf tagged hash of leafVersion || CompactSize(script) ||
 * script (BIP341; Core's ComputeTapleafHash). `leafVersion` is the control byte masked with
 * {@link TAPROOT_LEAF_MASK}.
 */
export function tapleafHash(leafVersion: number, script: Uint8Array): Uint8Array {
  const w = new ByteWriter(1 + compactSizeLength(script.length) + script.length);
  w.u8(leafVersion).varBytes(script);
  return taggedHash("TapLeaf", w.finish());
}

/**
 * Computes a branch's hash, the TapBranch tagged hash of its two children in lexicographic
 * order (BIP341; Core's ComputeTapbranchHash). Sorting makes the tree's commitment independent
 * of left/right, so control blocks need no direction bits.
 */
export function tapBranchHash(a: Uint8Array, b: Uint8Array): Uint8Array {
  return compareBytes(a, b) < 0 ? taggedHash("TapBranch", a, b) : taggedHash("TapBranch", b, a);
}

/** True when `size` is a valid control-block size: 33 + 32·m bytes with m <= 128 (BIP341). */
export function isValidControlBlockSize(size: number): boolean {
  return (
    size >= TAPROOT_CONTROL_BASE_SIZE &&
    size <= TAPROOT_CONTROL_MAX_SIZE &&
    (size - TAPROOT_CONTROL_BASE_SIZE) % TAPROOT_CONTROL_NODE_SIZE === 0
  );
}

/**
 * Computes the script tree's Merkle root from a leaf hash and the control block's path, folding
 * each 32-byte node in with {@link tapBranchHash} (BIP341; Core's ComputeTaprootMerkleRoot).
 * Throws RangeCheckError when the control block size is invalid: the interpreter rejects that
 * first (TAPROOT_WRONG_CONTROL_SIZE), as Core asserts here.
 */
export function computeTaprootMerkleRoot(control: Uint8Array, leafHash: Uint8Array): Uint8Array {
  if (!isValidControlBlockSize(control.length)) {
    throw new RangeCheckError(`invalid taproot control block size ${control.length}`);
  }
  let k = leafHash;
  for (
    let off = TAPROOT_CONTROL_BASE_SIZE;
    off < control.length;
    off += TAPROOT_CONTROL_NODE_SIZE
  ) {
    k = tapBranchHash(k, control.subarray(off, off + TAPROOT_CONTROL_NODE_SIZE));
  }
  return k;
}

/**
 * Computes the TapTweak tagged hash of the x-only internal key and, when the output commits to
 * a script tree, its Merkle root (BIP341; Core's XOnlyPubKey::ComputeTapTweakHash). A key-path-
 * only output (no scripts) hashes the key alone.
 */
export function tapTweakHash(internalKey: Uint8Array, merkleRoot: Uint8Array | null): Uint8Array {
  return merkleRoot === null
    ? taggedHash("TapTweak", internalKey)
    : taggedHash("TapTweak", internalKey, merkleRoot);
}

/**
 * Computes the taproot output key Q = P + tapTweakHash(P, merkleRoot)·G for the x-only internal
 * key P, returning Q's x coordinate (the witness program) and its y parity (the control block's
 * low bit), as BIP341's taproot_output_script. Null when P is not a valid x-only key or the
 * tweak is out of range (negligible for honest keys).
 */
export function taprootOutputKey(
  internalKey: Uint8Array,
  merkleRoot: Uint8Array | null,
  backend: SignatureBackend,
): TweakedKey | null {
  if (internalKey.length !== 32) return null;
  return backend.xonlyTweakAdd(internalKey, tapTweakHash(internalKey, merkleRoot));
}

/**
 * Checks that the witness program `program` (the output key Q) commits to the leaf `leafHash`
 * through the control block, mirroring Core's VerifyTaprootCommitment: the internal key P is
 * control[1..33], the Merkle root comes from the control path, and P tweaked by
 * TapTweak(P || root) must have x equal to `program` and y parity equal to control[0] & 1.
 * The interpreter checks the control block size first (TAPROOT_WRONG_CONTROL_SIZE); should a
 * malformed one reach here anyway, it is rejected (false) rather than thrown on, because it
 * comes from untrusted witness data.
 */
export function verifyTaprootCommitment(
  control: Uint8Array,
  program: Uint8Array,
  leafHash: Uint8Array,
  backend: SignatureBackend,
): boolean {
  if (!isValidControlBlockSize(control.length) || program.length !== 32) return false;
  const root = computeTaprootMerkleRoot(control, leafHash);
  const internalKey = control.subarray(1, TAPROOT_CONTROL_BASE_SIZE);
  const q = backend.xonlyTweakAdd(internalKey, tapTweakHash(internalKey, root));
  if (q === null) return false;
  return q.parity === (control[0]! & 1) && bytesEqual(q.x, program);
}
