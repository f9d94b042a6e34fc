// BIP341 wallet test vectors, scriptPubKey section: output construction from an internal key
// and a script tree (leaf hashes, Merkle root, tweak, output key, address, control blocks), and
// the consensus commitment check over the resulting control blocks.
import assert from "node:assert/strict";
import { test } from "node:test";
import { bech32m } from "@scure/base";
import { concatBytes } from "../src/bytes/equal.js";
import { fromHex, toHex } from "../src/bytes/hex.js";
import { nobleBackend } from "../src/crypto/noble-backend.js";
import { taggedHash } from "../src/hash.js";
import {
  computeTaprootMerkleRoot,
  TAPROOT_CONTROL_BASE_SIZE,
  TAPROOT_CONTROL_MAX_NODE_COUNT,
  TAPROOT_CONTROL_NODE_SIZE,
  TAPROOT_LEAF_MASK,
  TAPROOT_LEAF_TAPSCRIPT,
  tapBranchHash,
  tapleafHash,
  taprootOutputKey,
  tapTweakHash,
  verifyTaprootCommitment,
} from "../src/script/taproot.js";
import { readVectorJson, reportCases, vectorSuite } from "./support/vectors.js";

interface Leaf {
  id: number;
  script: string;
  leafVersion: number;
}
type Tree = Leaf | [Tree, Tree];

interface SpkCase {
  given: { internalPubkey: string; scriptTree: Tree | null };
  intermediary: {
    leafHashes?: string[];
    merkleRoot: string | null;
    tweak: string;
    tweakedPubkey: string;
  };
  expected: { scriptPubKey: string; bip350Address: string; scriptPathControlBlocks?: string[] };
}

interface WalletVectors {
  version: number;
  scriptPubKey: SpkCase[];
}

interface BuiltLeaf {
  leaf: Leaf;
  hash: Uint8Array;
  /** Sibling hashes from the leaf up to the root: the control block's path. */
  path: Uint8Array[];
}

/** Builds a script tree as BIP341's taproot_tree_helper: leaves with their paths, and the root. */
function buildTree(tree: Tree): { leaves: BuiltLeaf[]; hash: Uint8Array } {
  if (!Array.isArray(tree)) {
    if (!Number.isInteger(tree.id) || typeof tree.script !== "string") {
      throw new Error(`cannot interpret leaf ${JSON.stringify(tree)}`);
    }
    const hash = tapleafHash(tree.leafVersion, fromHex(tree.script));
    return { leaves: [{ leaf: tree, hash, path: [] }], hash };
  }
  if (tree.length !== 2) throw new Error("cannot interpret a branch without two children");
  const left = buildTree(tree[0]);
  const right = buildTree(tree[1]);
  const leaves = [
    ...left.leaves.map((l) => ({ ...l, path: [...l.path, right.hash] })),
    ...right.leaves.map((l) => ({ ...l, path: [...l.path, left.hash] })),
  ];
  return { leaves, hash: tapBranchHash(left.hash, right.hash) };
}

test("BIP341 wallet vectors: scriptPubKey construction", vectorSuite(), (t) => {
  const vectors = readVectorJson<WalletVectors>("bitcoin-core", "bip341_wallet_vectors.json");
  assert.equal(vectors.version, 1);
  const failures: string[] = [];
  let commitmentChecks = 0;
  for (const [i, c] of vectors.scriptPubKey.entries()) {
    const problems: string[] = [];
    try {
      const internalKey = fromHex(c.given.internalPubkey);
      const built = c.given.scriptTree === null ? null : buildTree(c.given.scriptTree);
      const merkleRoot = built?.hash ?? null;
      if ((merkleRoot && toHex(merkleRoot)) !== c.intermediary.merkleRoot)
        problems.push("merkleRoot");
      if (built !== null) {
        const byId = [...built.leaves].sort((a, b) => a.leaf.id - b.leaf.id);
        const leafHashes = byId.map((l) => toHex(l.hash));
        if (JSON.stringify(leafHashes) !== JSON.stringify(c.intermediary.leafHashes)) {
          problems.push("leafHashes");
        }
      } else if (c.intermediary.leafHashes !== undefined) {
        problems.push("leafHashes given without a tree");
      }
      if (toHex(tapTweakHash(internalKey, merkleRoot)) !== c.intermediary.tweak)
        problems.push("tweak");
      const output = taprootOutputKey(internalKey, merkleRoot, nobleBackend);
      if (output === null) throw new Error("taprootOutputKey returned null");
      if (toHex(output.x) !== c.intermediary.tweakedPubkey) problems.push("tweakedPubkey");
      const spk = concatBytes(fromHex("5120"), output.x);
      if (toHex(spk) !== c.expected.scriptPubKey) problems.push("scriptPubKey");
      const address = bech32m.encode("bc", [1, ...bech32m.toWords(output.x)]);
      if (address !== c.expected.bip350Address) problems.push(`address ${address}`);

      if (built !== null) {
        const byId = [...built.leaves].sort((a, b) => a.leaf.id - b.leaf.id);
        const controls = byId.map(({ leaf, path }) =>
          concatBytes(
            Uint8Array.of((leaf.leafVersion & TAPROOT_LEAF_MASK) | output.parity),
            internalKey,
            ...path,
          ),
        );
        if (
          JSON.stringify(controls.map(toHex)) !== JSON.stringify(c.expected.scriptPathControlBlocks)
        ) {
          problems.push("scriptPathControlBlocks");
        }
        // Consensus side: each published control block proves its leaf against the output key.
        for (const [j, hex] of (c.expected.scriptPathControlBlocks ?? []).entries()) {
          commitmentChecks++;
          const control = fromHex(hex);
          const leafHash = tapleafHash(
            control[0]! & TAPROOT_LEAF_MASK,
            fromHex(byId[j]!.leaf.script),
          );
          if (toHex(computeTaprootMerkleRoot(control, leafHash)) !== c.intermediary.merkleRoot) {
            problems.push(`control ${j}: merkle root`);
          }
          if (!verifyTaprootCommitment(control, output.x, leafHash, nobleBackend)) {
            problems.push(`control ${j}: commitment rejected`);
          }
          const flipped = control.slice();
          flipped[0]! ^= 1;
          if (verifyTaprootCommitment(flipped, output.x, leafHash, nobleBackend)) {
            problems.push(`control ${j}: wrong parity accepted`);
          }
        }
      } else if (c.expected.scriptPathControlBlocks !== undefined) {
        problems.push("control blocks given without a tree");
      }
    } catch (e) {
      problems.push(`threw ${String(e)}`);
    }
    if (problems.length > 0) failures.push(`scriptPubKey[${i}]: ${problems.join(", ")}`);
  }
  reportCases(t, "bip341_wallet_vectors scriptPubKey", vectors.scriptPubKey.length, failures);
  assert.equal(vectors.scriptPubKey.length, 7);
  // Leaves across the seven trees: 0 + 1 + 1 + 2 + 2 + 3 + 3.
  assert.equal(commitmentChecks, 12);
});

// A two-leaf tree over a fixed internal key (the generator's x, a valid x-only key).
const INTERNAL = fromHex("79be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798");
const SCRIPT_A = fromHex("51");
const SCRIPT_B = fromHex("52");

function twoLeafOutput(): { control: Uint8Array; program: Uint8Array; leafA: Uint8Array } {
  const leafA = tapleafHash(TAPROOT_LEAF_TAPSCRIPT, SCRIPT_A);
  const leafB = tapleafHash(TAPROOT_LEAF_TAPSCRIPT, SCRIPT_B);
  const root = tapBranchHash(leafA, leafB);
  const out = taprootOutputKey(INTERNAL, root, nobleBackend);
  assert.ok(out);
  const control = concatBytes(Uint8Array.of(TAPROOT_LEAF_TAPSCRIPT | out.parity), INTERNAL, leafB);
  return { control, program: out.x, leafA };
}

test("taproot: tapleaf hash is TapLeaf(version || CompactSize(script) || script)", () => {
  // A 253-byte script needs the 3-byte CompactSize form: the prefix is part of the hash.
  const script = new Uint8Array(253).fill(0x51);
  const a = tapleafHash(TAPROOT_LEAF_TAPSCRIPT, script);
  assert.equal(toHex(a), toHex(taggedHash("TapLeaf", fromHex("c0fdfd00"), script)));
  assert.notEqual(toHex(a), toHex(tapleafHash(0xc2, script)));
});

test("taproot: tapbranch hash is order-independent", () => {
  const a = tapleafHash(TAPROOT_LEAF_TAPSCRIPT, SCRIPT_A);
  const b = tapleafHash(TAPROOT_LEAF_TAPSCRIPT, SCRIPT_B);
  assert.equal(toHex(tapBranchHash(a, b)), toHex(tapBranchHash(b, a)));
  assert.notEqual(toHex(tapBranchHash(a, b)), toHex(tapBranchHash(a, a)));
});

test("taproot: commitment check rejects a wrong leaf, key, path, program or parity", () => {
  const { control, program, leafA } = twoLeafOutput();
  assert.equal(verifyTaprootCommitment(control, program, leafA, nobleBackend), true);
  // Another leaf under the same path.
  const other = tapleafHash(TAPROOT_LEAF_TAPSCRIPT, fromHex("53"));
  assert.equal(verifyTaprootCommitment(control, program, other, nobleBackend), false);
  // Wrong parity bit.
  const parity = control.slice();
  parity[0]! ^= 1;
  assert.equal(verifyTaprootCommitment(parity, program, leafA, nobleBackend), false);
  // The leaf version bits are not part of the commitment check itself (they are in the leaf hash).
  const version = control.slice();
  version[0] = (version[0]! & 1) | 0xc2;
  assert.equal(verifyTaprootCommitment(version, program, leafA, nobleBackend), true);
  // A corrupted path node.
  const path = control.slice();
  path[40]! ^= 1;
  assert.equal(verifyTaprootCommitment(path, program, leafA, nobleBackend), false);
  // An internal key that is not on the curve (x = 5 has no square root of x^3 + 7).
  const badKey = control.slice();
  badKey.set(new Uint8Array(32), 1);
  badKey[32] = 5;
  assert.equal(verifyTaprootCommitment(badKey, program, leafA, nobleBackend), false);
  // A different program.
  const wrongProgram = program.slice();
  wrongProgram[0]! ^= 1;
  assert.equal(verifyTaprootCommitment(control, wrongProgram, leafA, nobleBackend), false);
  // Without the path node the root is the leaf itself: a different output key.
  const noPath = control.subarray(0, TAPROOT_CONTROL_BASE_SIZE);
  assert.equal(verifyTaprootCommitment(noPath, program, leafA, nobleBackend), false);
});

test("taproot: an invalid control block size throws in the Merkle root, fails the commitment", () => {
  const leaf = tapleafHash(TAPROOT_LEAF_TAPSCRIPT, SCRIPT_A);
  const tooLong =
    TAPROOT_CONTROL_BASE_SIZE + TAPROOT_CONTROL_NODE_SIZE * (TAPROOT_CONTROL_MAX_NODE_COUNT + 1);
  for (const size of [0, 32, 34, 66, 64, tooLong]) {
    assert.throws(() => computeTaprootMerkleRoot(new Uint8Array(size), leaf), {
      name: "RangeCheckError",
    });
  }
  // The commitment check, fed untrusted witness data, rejects instead of throwing.
  const { control, program } = twoLeafOutput();
  for (const size of [0, 32, 34, 66, tooLong]) {
    assert.equal(verifyTaprootCommitment(new Uint8Array(size), program, leaf, nobleBackend), false);
  }
  assert.equal(verifyTaprootCommitment(control, program.subarray(1), leaf, nobleBackend), false);
  // The largest valid control block (128 path nodes) is accepted.
  const maxSize =
    TAPROOT_CONTROL_BASE_SIZE + TAPROOT_CONTROL_NODE_SIZE * TAPROOT_CONTROL_MAX_NODE_COUNT;
  assert.equal(computeTaprootMerkleRoot(new Uint8Array(maxSize), leaf).length, 32);
});

test("taproot: output key without scripts tweaks with the key alone", () => {
  const keyOnly = taprootOutputKey(INTERNAL, null, nobleBackend);
  const withRoot = taprootOutputKey(INTERNAL, new Uint8Array(32), nobleBackend);
  assert.ok(keyOnly && withRoot);
  assert.notEqual(toHex(keyOnly.x), toHex(withRoot.x));
  assert.equal(taprootOutputKey(new Uint8Array(31), null, nobleBackend), null);
});
