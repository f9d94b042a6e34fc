import type { Block } from "../block/block.js";
import { blockHash } from "../block/header.js";
import { merkleRoot } from "../block/merkle.js";
import { witnessCommitmentIndex } from "../block/witness-commitment.js";
import { hashToHex } from "../bytes/hex.js";
import { ByteReader } from "../bytes/reader.js";
import { ByteWriter } from "../bytes/writer.js";
import type { SignatureBackend } from "../crypto/backend.js";
import { DecodeError } from "../errors.js";
import type { ChainParams } from "../params/chain-params.js";
import { VerifyFlags } from "../script/flags.js";
import { OP } from "../script/opcodes.js";
import { buildScript, readScriptOp, writePushData } from "../script/script.js";
import { precomputeTxData } from "../script/sighash/precomputed.js";
import { TransactionSignatureChecker } from "../script/signature-checker.js";
import { verifyScript } from "../script/verify-script.js";
import { txid } from "../tx/hash.js";
import type { Transaction } from "../tx/transaction.js";
import { type CheckResult, reject, VALID } from "../validation/result.js";

/** BIP325: the 4 bytes that mark the signet solution inside the witness commitment script. */
export const SIGNET_HEADER = Uint8Array.of(0xec, 0xc7, 0xda, 0xa2);

/** Flags a signet solution is verified with (Core's BLOCK_SCRIPT_VERIFY_FLAGS in signet.cpp). */
export const SIGNET_SOLUTION_FLAGS =
  VerifyFlags.P2SH | VerifyFlags.WITNESS | VerifyFlags.DERSIG | VerifyFlags.NULLDUMMY;

/** The virtual transactions BIP325 builds from a block: `toSpend` pays the challenge, `toSign` spends it. */
export interface SignetTxs {
  readonly toSpend: Transaction;
  readonly toSign: Transaction;
}

const NULL_PREVOUT = { txid: new Uint8Array(32), vout: 0xffffffff };

/**
 * Removes the signet solution from a witness commitment script, as Core's
 * FetchAndClearCommitmentSection: the first push that starts with the header and carries more
 * bytes yields those bytes, and the script is rebuilt with that push cut back to the header.
 */
function fetchAndClearSolution(
  commitment: Uint8Array,
): { script: Uint8Array; solution: Uint8Array } | null {
  const w = new ByteWriter(commitment.length);
  let solution: Uint8Array | null = null;
  let offset = 0;
  while (offset < commitment.length) {
    const op = readScriptOp(commitment, offset);
    if (!op) break;
    offset = op.end;
    const data = op.data;
    if (data && data.length > 0) {
      const matches =
        solution === null &&
        data.length > SIGNET_HEADER.length &&
        SIGNET_HEADER.every((b, i) => data[i] === b);
      if (matches) solution = data.subarray(SIGNET_HEADER.length);
      writePushData(w, matches ? SIGNET_HEADER : data);
    } else {
      w.u8(op.opcode);
    }
  }
  return solution === null ? null : { script: w.finish(), solution };
}

/**
 * Builds BIP325's two virtual transactions for `block`, as Core's SignetTxs::Create, or null
 * when the block has no witness commitment or a malformed solution. A commitment without a
 * solution is allowed (it satisfies a trivially true challenge).
 */
export function signetTxs(block: Block, challenge: Uint8Array): SignetTxs | null {
  const coinbase = block.txs[0];
  if (!coinbase) return null;
  const index = witnessCommitmentIndex(block);
  if (index < 0) return null;
  let scriptSig: Uint8Array = new Uint8Array(0);
  let witness: Uint8Array[] = [];
  let modifiedCoinbase = coinbase;
  const fetched = fetchAndClearSolution(coinbase.outputs[index]!.scriptPubKey);
  if (fetched) {
    try {
      const r = new ByteReader(fetched.solution);
      scriptSig = r.varBytes();
      const count = r.compactSize();
      witness = Array.from({ length: count }, () => r.varBytes());
      if (r.remaining !== 0) return null;
    } catch (e: unknown) {
      if (e instanceof DecodeError) return null;
      throw e;
    }
    const outputs = coinbase.outputs.map((o, i) =>
      i === index ? { ...o, scriptPubKey: fetched.script } : o,
    );
    modifiedCoinbase = { ...coinbase, outputs };
  }
  const leaves = block.txs.map((tx, i) => (i === 0 ? txid(modifiedCoinbase) : txid(tx)));
  const signetMerkle = merkleRoot(leaves).root;
  const data = new ByteWriter(72)
    .i32le(block.header.version)
    .bytes(block.header.prevBlock)
    .bytes(signetMerkle)
    .u32le(block.header.time)
    .finish();
  const toSpend: Transaction = {
    version: 0,
    inputs: [
      { prevout: NULL_PREVOUT, scriptSig: buildScript([OP.OP_0, data]), sequence: 0, witness: [] },
    ],
    outputs: [{ value: 0n, scriptPubKey: challenge }],
    locktime: 0,
  };
  const toSign: Transaction = {
    version: 0,
    inputs: [{ prevout: { txid: txid(toSpend), vout: 0 }, scriptSig, sequence: 0, witness }],
    outputs: [{ value: 0n, scriptPubKey: Uint8Array.of(OP.OP_RETURN) }],
    locktime: 0,
  };
  return { toSpend, toSign };
}

/**
 * Checks a signet block's BIP325 solution against the network's challenge, as Core's
 * CheckSignetBlockSolution: the genesis block needs none; otherwise the solution in the
 * witness commitment must satisfy the challenge script (`bad-signet-blksig`).
 */
export function checkSignetBlockSolution(
  block: Block,
  params: ChainParams,
  backend: SignatureBackend,
): CheckResult {
  const challenge = params.signetChallenge;
  if (challenge === null) return VALID;
  if (hashToHex(blockHash(block.header)) === params.genesisHash) return VALID;
  const txs = signetTxs(block, challenge);
  if (!txs) return reject("consensus", "bad-signet-blksig", "signet block solution parse failure");
  const input = txs.toSign.inputs[0]!;
  const spent = txs.toSpend.outputs[0]!;
  const txData = precomputeTxData(txs.toSign, [spent]);
  const checker = new TransactionSignatureChecker({
    backend,
    tx: txs.toSign,
    inputIndex: 0,
    amount: 0n,
    txData,
  });
  const result = verifyScript(
    input.scriptSig,
    spent.scriptPubKey,
    input.witness,
    SIGNET_SOLUTION_FLAGS,
    checker,
  );
  if (!result.ok)
    return reject(
      "consensus",
      "bad-signet-blksig",
      `signet block solution invalid: ${result.error}`,
    );
  return VALID;
}
