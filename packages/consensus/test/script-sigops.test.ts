// Signature-operation counting: legacy (accurate and not), P2SH, witness, and the block sigop
// cost of real testnet3 SegWit blocks against the figures Core computes for them.
import assert from "node:assert/strict";
import { test } from "node:test";
import { fromHex } from "../src/bytes/hex.js";
import { RangeCheckError } from "../src/errors.js";
import { hash160, sha256 } from "../src/hash.js";
import { parseAsm } from "../src/script/asm.js";
import { VerifyFlags } from "../src/script/flags.js";
import { OP } from "../src/script/opcodes.js";
import { buildScript } from "../src/script/script.js";
import { transactionLegacySigOpCount, transactionSigOpCost } from "../src/script/sigop-cost.js";
import { legacySigOpCount, p2shSigOpCount, witnessSigOpCount } from "../src/script/sigops.js";
import type { Transaction } from "../src/tx/transaction.js";
import { loadRealBlocks } from "./support/real-blocks.js";
import { reportCases, vectorSuite } from "./support/vectors.js";

const KEY = `0x21 0x${"02".repeat(33)}`;
const SEGWIT = VerifyFlags.P2SH | VerifyFlags.WITNESS;

test("legacy count: CHECKSIG is 1, CHECKMULTISIG 20 or (accurately) its key count", () => {
  const cases: [string, number, number][] = [
    ["", 0, 0],
    ["CHECKSIG CHECKSIGVERIFY", 2, 2],
    [`1 ${KEY} ${KEY} 2 CHECKMULTISIG`, 20, 2],
    [`1 ${KEY} ${KEY} 2 CHECKMULTISIG IF CHECKSIG ENDIF`, 21, 3],
    ["16 CHECKMULTISIGVERIFY", 20, 16],
    // Only OP_1..OP_16 announce a count: OP_0, pushed numbers and other opcodes mean 20.
    ["0 CHECKMULTISIG", 20, 20],
    ["17 CHECKMULTISIG", 20, 20],
    ["NOP CHECKMULTISIG", 20, 20],
    // Bytes inside pushes are data, not opcodes; counting stops at a truncated push.
    ["0x02 0xacac CHECKSIG", 1, 1],
    ["CHECKSIG 0x4c", 1, 1],
    ["CHECKSIG 0x4c 0x05 0xac CHECKSIG", 1, 1],
  ];
  for (const [asm, inaccurate, accurate] of cases) {
    const script = parseAsm(asm);
    assert.equal(legacySigOpCount(script, false), inaccurate, `${asm} (inaccurate)`);
    assert.equal(legacySigOpCount(script, true), accurate, `${asm} (accurate)`);
  }
});

test("P2SH count: the redeem script (the scriptSig's last push), counted accurately", () => {
  const redeem = parseAsm(`1 ${KEY} ${KEY} 2 CHECKMULTISIG IF CHECKSIG ENDIF`);
  const p2sh = buildScript([OP.OP_HASH160, hash160(redeem), OP.OP_EQUAL]);
  assert.equal(p2shSigOpCount(p2sh, buildScript([OP.OP_0, redeem])), 3);
  assert.equal(
    p2shSigOpCount(p2sh, buildScript([redeem, OP.OP_1])),
    0,
    "last push carries no data",
  );
  assert.equal(p2shSigOpCount(p2sh, buildScript([redeem, OP.OP_NOP])), 0, "not push-only");
  assert.equal(p2shSigOpCount(p2sh, Uint8Array.of(OP.OP_PUSHDATA1)), 0, "does not parse");
  assert.equal(p2shSigOpCount(p2sh, new Uint8Array(0)), 0);
  // Not P2SH: the script's own accurate count.
  assert.equal(p2shSigOpCount(redeem, new Uint8Array(0)), 3);
});

test("witness count: 1 per P2WPKH, the witness script's accurate count for P2WSH", () => {
  const witnessScript = parseAsm(`1 ${KEY} ${KEY} 2 CHECKMULTISIG CHECKSIG`);
  const p2wsh = buildScript([OP.OP_0, sha256(witnessScript)]);
  const p2wpkh = buildScript([OP.OP_0, new Uint8Array(20)]);
  const none = new Uint8Array(0);
  assert.equal(witnessSigOpCount(none, p2wpkh, [], SEGWIT), 1);
  assert.equal(witnessSigOpCount(none, p2wsh, [none, witnessScript], SEGWIT), 3);
  assert.equal(witnessSigOpCount(none, p2wsh, [], SEGWIT), 0);
  // P2SH-wrapped programs.
  const wrap = (program: Uint8Array) => ({
    spk: buildScript([OP.OP_HASH160, hash160(program), OP.OP_EQUAL]),
    sig: buildScript([program]),
  });
  const wpkh = wrap(p2wpkh);
  assert.equal(witnessSigOpCount(wpkh.sig, wpkh.spk, [], SEGWIT), 1);
  const wsh = wrap(p2wsh);
  assert.equal(witnessSigOpCount(wsh.sig, wsh.spk, [witnessScript], SEGWIT), 3);
  assert.equal(
    witnessSigOpCount(buildScript([OP.OP_NOP, p2wsh]), wsh.spk, [witnessScript], SEGWIT),
    0,
  );
  // Taproot and unknown versions count nothing here (BIP342 budgets them per input).
  const taproot = buildScript([OP.OP_1, new Uint8Array(32)]);
  assert.equal(witnessSigOpCount(none, taproot, [witnessScript, fromHex("c0")], SEGWIT), 0);
  // Bad v0 program sizes count nothing either.
  assert.equal(
    witnessSigOpCount(none, buildScript([OP.OP_0, new Uint8Array(21)]), [witnessScript], SEGWIT),
    0,
  );
  // Before segwit nothing is witness; WITNESS without P2SH is a caller bug.
  assert.equal(witnessSigOpCount(none, p2wpkh, [], VerifyFlags.P2SH), 0);
  assert.throws(() => witnessSigOpCount(none, p2wpkh, [], VerifyFlags.WITNESS), RangeCheckError);
});

test("transaction cost: legacy x4, P2SH x4, witness x1; a coinbase counts legacy only", () => {
  const redeem = parseAsm("CHECKSIG");
  const p2sh = buildScript([OP.OP_HASH160, hash160(redeem), OP.OP_EQUAL]);
  const p2wpkh = buildScript([OP.OP_0, new Uint8Array(20)]);
  const tx: Transaction = {
    version: 2,
    locktime: 0,
    inputs: [
      {
        prevout: { txid: new Uint8Array(32).fill(1), vout: 0 },
        scriptSig: buildScript([redeem]),
        sequence: 0,
        witness: [],
      },
      {
        prevout: { txid: new Uint8Array(32).fill(1), vout: 1 },
        scriptSig: new Uint8Array(0),
        sequence: 0,
        witness: [new Uint8Array(0), new Uint8Array(0)],
      },
    ],
    outputs: [{ value: 1n, scriptPubKey: parseAsm("CHECKMULTISIG") }],
  };
  const spent = [
    { value: 1n, scriptPubKey: p2sh },
    { value: 1n, scriptPubKey: p2wpkh },
  ];
  assert.equal(transactionLegacySigOpCount(tx), 20);
  assert.equal(transactionSigOpCost(tx, spent, SEGWIT), 20 * 4 + 1 * 4 + 1);
  assert.equal(transactionSigOpCost(tx, spent, VerifyFlags.P2SH), 20 * 4 + 4);
  assert.equal(transactionSigOpCost(tx, spent, VerifyFlags.NONE), 20 * 4);
  assert.throws(() => transactionSigOpCost(tx, spent.slice(0, 1), SEGWIT), RangeCheckError);
  const coinbase: Transaction = {
    ...tx,
    inputs: [
      {
        prevout: { txid: new Uint8Array(32), vout: 0xffffffff },
        scriptSig: parseAsm("CHECKSIG 0"),
        sequence: 0,
        witness: [],
      },
    ],
  };
  assert.equal(transactionSigOpCost(coinbase, [], SEGWIT), 21 * 4);
});

test("real testnet3 blocks: block sigop cost equals Core's", vectorSuite(), (t) => {
  const failures: string[] = [];
  let total = 0;
  for (const rb of loadRealBlocks()) {
    if (rb.expected.sigopCost === undefined) continue;
    total++;
    let cost = 0;
    for (const [i, tx] of rb.block.txs.entries()) {
      cost += transactionSigOpCost(
        tx,
        rb.spent[i]!.map((coin) => coin.output),
        SEGWIT,
      );
    }
    if (cost !== rb.expected.sigopCost)
      failures.push(`${rb.name}: ${cost}, expected ${rb.expected.sigopCost}`);
  }
  assert.equal(total, 3);
  reportCases(t, "block sigop cost", total, failures);
});
