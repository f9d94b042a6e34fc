// Relay policy: constants, dust, IsStandardTx, AreInputsStandard, IsWitnessStandard, vsize.
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  ANNEX_TAG,
  buildScript,
  OP,
  type Transaction,
  type TxOut,
  VerifyFlags,
} from "@hashforge/consensus";
import { areInputsStandard } from "../src/policy/are-inputs-standard.js";
import { getDustThreshold, isDust } from "../src/policy/dust.js";
import { feeForSize, feeRateOf } from "../src/policy/fee-rate.js";
import { isStandardTx } from "../src/policy/is-standard-tx.js";
import { isWitnessStandard } from "../src/policy/is-witness-standard.js";
import {
  DEFAULT_INCREMENTAL_RELAY_FEE,
  DEFAULT_MIN_RELAY_TX_FEE,
  DUST_RELAY_TX_FEE,
  MANDATORY_SCRIPT_VERIFY_FLAGS,
  MAX_STANDARD_SCRIPTSIG_SIZE,
  MAX_STANDARD_TX_SIGOPS_COST,
  MAX_STANDARD_TX_WEIGHT,
  STANDARD_SCRIPT_VERIFY_FLAGS,
} from "../src/policy/policy-constants.js";
import { DEFAULT_POLICY_OPTIONS } from "../src/policy/policy-options.js";
import { virtualTransactionSize } from "../src/policy/virtual-size.js";
import { makeKey, p2wsh } from "./support/mempool-fixture.js";

const key = makeKey(1);
const P2PKH = buildScript([
  OP.OP_DUP,
  OP.OP_HASH160,
  new Uint8Array(20),
  OP.OP_EQUALVERIFY,
  OP.OP_CHECKSIG,
]);
const P2SH = buildScript([OP.OP_HASH160, new Uint8Array(20), OP.OP_EQUAL]);
const PUBKEYS = [makeKey(2).pubkey, makeKey(3).pubkey, makeKey(4).pubkey, makeKey(5).pubkey];
const ZERO32 = new Uint8Array(32);

function tx(partial: Partial<Transaction> = {}): Transaction {
  return {
    version: 2,
    locktime: 0,
    inputs: [
      {
        prevout: { txid: ZERO32.slice().fill(1), vout: 0 },
        scriptSig: new Uint8Array(0),
        sequence: 0,
        witness: [],
      },
    ],
    outputs: [{ value: 10_000n, scriptPubKey: key.p2wpkh }],
    ...partial,
  };
}

function multisig(m: number, keys: readonly Uint8Array[]): Uint8Array {
  return buildScript([OP.OP_1 + m - 1, ...keys, OP.OP_1 + keys.length - 1, OP.OP_CHECKMULTISIG]);
}

function reason(t: Transaction, options = {}): string {
  const r = isStandardTx(t, options);
  return r.ok ? "ok" : r.reason;
}

test("policy constants and flags have Core's values", () => {
  assert.equal(MAX_STANDARD_TX_WEIGHT, 400_000);
  assert.equal(MAX_STANDARD_TX_SIGOPS_COST, 16_000);
  assert.equal(MAX_STANDARD_SCRIPTSIG_SIZE, 1650);
  assert.equal(DUST_RELAY_TX_FEE, 3000n);
  assert.equal(DEFAULT_MIN_RELAY_TX_FEE, 1000n);
  assert.equal(DEFAULT_INCREMENTAL_RELAY_FEE, 1000n);
  assert.equal(DEFAULT_POLICY_OPTIONS.maxDatacarrierBytes, 83);
  assert.equal(
    STANDARD_SCRIPT_VERIFY_FLAGS & MANDATORY_SCRIPT_VERIFY_FLAGS,
    MANDATORY_SCRIPT_VERIFY_FLAGS,
  );
  assert.equal(STANDARD_SCRIPT_VERIFY_FLAGS & VerifyFlags.SIGPUSHONLY, 0);
  for (const f of [
    VerifyFlags.CLEANSTACK,
    VerifyFlags.NULLFAIL,
    VerifyFlags.LOW_S,
    VerifyFlags.DISCOURAGE_OP_SUCCESS,
  ]) {
    assert.notEqual(STANDARD_SCRIPT_VERIFY_FLAGS & f, 0);
  }
  assert.equal(MANDATORY_SCRIPT_VERIFY_FLAGS & VerifyFlags.CLEANSTACK, 0);
});

test("fee rates round fees up and rates down, as CFeeRate", () => {
  assert.equal(feeForSize(1000n, 141), 141n);
  assert.equal(feeForSize(1n, 1), 1n);
  assert.equal(feeForSize(1500n, 3), 5n);
  assert.equal(feeForSize(0n, 500), 0n);
  assert.equal(feeRateOf(1000n, 141), 7092n);
  assert.equal(feeRateOf(5n, 0), 0n);
});

test("dust thresholds match Core's figures", () => {
  const out = (scriptPubKey: Uint8Array, value = 0n): TxOut => ({ value, scriptPubKey });
  assert.equal(getDustThreshold(out(P2PKH), DUST_RELAY_TX_FEE), 546n);
  assert.equal(getDustThreshold(out(P2SH), DUST_RELAY_TX_FEE), 540n);
  assert.equal(getDustThreshold(out(key.p2wpkh), DUST_RELAY_TX_FEE), 294n);
  assert.equal(getDustThreshold(out(key.p2tr), DUST_RELAY_TX_FEE), 330n);
  assert.equal(getDustThreshold(out(p2wsh(new Uint8Array([OP.OP_1]))), DUST_RELAY_TX_FEE), 330n);
  assert.equal(
    getDustThreshold(out(buildScript([OP.OP_RETURN, new Uint8Array(4)])), DUST_RELAY_TX_FEE),
    0n,
  );
  assert.equal(getDustThreshold(out(P2PKH), 0n), 0n);
  // Pay-to-anchor has no ephemeral-dust exemption here (Core 28): 240 sat.
  assert.equal(
    getDustThreshold(out(new Uint8Array([OP.OP_1, 0x02, 0x4e, 0x73])), DUST_RELAY_TX_FEE),
    240n,
  );
  assert.equal(isDust(out(key.p2wpkh, 293n), DUST_RELAY_TX_FEE), true);
  assert.equal(isDust(out(key.p2wpkh, 294n), DUST_RELAY_TX_FEE), false);
});

test("isStandardTx accepts common standard transactions", () => {
  assert.equal(reason(tx()), "ok");
  const outputs: TxOut[] = [
    { value: 1000n, scriptPubKey: P2PKH },
    { value: 1000n, scriptPubKey: P2SH },
    { value: 1000n, scriptPubKey: key.p2tr },
    { value: 1000n, scriptPubKey: multisig(2, PUBKEYS.slice(0, 3)) },
    { value: 0n, scriptPubKey: buildScript([OP.OP_RETURN, new Uint8Array(80)]) },
    { value: 1000n, scriptPubKey: buildScript([OP.OP_2, new Uint8Array(32)]) },
    { value: 240n, scriptPubKey: new Uint8Array([OP.OP_1, 0x02, 0x4e, 0x73]) },
  ];
  assert.equal(reason(tx({ outputs })), "ok");
  assert.equal(reason(tx({ version: 1 })), "ok");
  assert.equal(reason(tx({ version: 3 })), "ok");
});

test("isStandardTx rejects with Core's reasons", () => {
  assert.equal(reason(tx({ version: 0 })), "version");
  assert.equal(reason(tx({ version: 4 })), "version");
  assert.equal(reason(tx({ version: 0xffffffff })), "version");
  // A 100,001-byte output weighs over 400,000: weight is checked before output types.
  assert.equal(
    reason(tx({ outputs: [{ value: 0n, scriptPubKey: new Uint8Array(100_001) }] })),
    "tx-size",
  );
  const push = (n: number) => buildScript([new Uint8Array(n)]);
  const inputWith = (scriptSig: Uint8Array) => [{ ...tx().inputs[0]!, scriptSig }];
  assert.equal(reason(tx({ inputs: inputWith(buildScript([new Uint8Array(1647)])) })), "ok");
  assert.equal(push(1647).length, 1650);
  assert.equal(reason(tx({ inputs: inputWith(push(1648)) })), "scriptsig-size");
  assert.equal(
    reason(tx({ inputs: inputWith(new Uint8Array([OP.OP_1, OP.OP_DUP])) })),
    "scriptsig-not-pushonly",
  );
  const outputs = (...scripts: Uint8Array[]) =>
    scripts.map((s) => ({ value: 1000n, scriptPubKey: s }));
  assert.equal(reason(tx({ outputs: outputs(new Uint8Array([OP.OP_1])) })), "scriptpubkey");
  assert.equal(reason(tx({ outputs: outputs(multisig(1, PUBKEYS)) })), "scriptpubkey");
  assert.equal(
    reason(tx({ outputs: outputs(buildScript([OP.OP_RETURN, new Uint8Array(81)])) })),
    "scriptpubkey",
  );
  assert.equal(
    reason(tx({ outputs: outputs(buildScript([OP.OP_RETURN, new Uint8Array(4)])) }), {
      maxDatacarrierBytes: null,
    }),
    "scriptpubkey",
  );
  assert.equal(
    reason(tx({ outputs: outputs(multisig(1, PUBKEYS.slice(0, 2))) }), {
      permitBareMultisig: false,
    }),
    "bare-multisig",
  );
  assert.equal(reason(tx({ outputs: [{ value: 293n, scriptPubKey: key.p2wpkh }] })), "dust");
  assert.equal(
    reason(tx({ outputs: [{ value: 293n, scriptPubKey: key.p2wpkh }] }), { dustRelayFeeRate: 0n }),
    "ok",
  );
  const opReturn = buildScript([OP.OP_RETURN, new Uint8Array(4)]);
  assert.equal(
    reason(
      tx({
        outputs: [
          ...tx().outputs,
          { value: 0n, scriptPubKey: opReturn },
          { value: 0n, scriptPubKey: opReturn },
        ],
      }),
    ),
    "multi-op-return",
  );
});

test("areInputsStandard refuses unknown and sigop-heavy P2SH spends", () => {
  const check = (spk: Uint8Array, scriptSig: Uint8Array = new Uint8Array(0)) => {
    const t = tx({ inputs: [{ ...tx().inputs[0]!, scriptSig }] });
    const r = areInputsStandard(t, [{ value: 1000n, scriptPubKey: spk }]);
    return r.ok ? "ok" : r.reason;
  };
  assert.equal(check(key.p2wpkh), "ok");
  assert.equal(check(P2PKH), "ok");
  assert.equal(check(new Uint8Array([OP.OP_1])), "bad-txns-nonstandard-inputs");
  assert.equal(check(buildScript([OP.OP_2, new Uint8Array(32)])), "bad-txns-nonstandard-inputs");
  const redeem = (n: number) => new Uint8Array(n).fill(OP.OP_CHECKSIG);
  assert.equal(check(P2SH, buildScript([redeem(15)])), "ok");
  assert.equal(check(P2SH, buildScript([redeem(16)])), "bad-txns-nonstandard-inputs");
  assert.equal(check(P2SH, new Uint8Array(0)), "bad-txns-nonstandard-inputs");
});

test("isWitnessStandard enforces Core's witness limits", () => {
  const check = (
    spk: Uint8Array,
    witness: Uint8Array[],
    scriptSig: Uint8Array = new Uint8Array(0),
  ) => {
    const t = tx({ inputs: [{ ...tx().inputs[0]!, scriptSig, witness }] });
    const r = isWitnessStandard(t, [{ value: 1000n, scriptPubKey: spk }]);
    return r.ok ? "ok" : r.reason;
  };
  const bad = "bad-witness-nonstandard";
  const script = new Uint8Array([OP.OP_1]);
  assert.equal(check(P2PKH, []), "ok");
  assert.equal(check(P2PKH, [new Uint8Array(1)]), bad);
  assert.equal(check(new Uint8Array([OP.OP_1, 0x02, 0x4e, 0x73]), [new Uint8Array(1)]), bad);
  assert.equal(check(p2wsh(script), [new Uint8Array(80), script]), "ok");
  assert.equal(check(p2wsh(script), [new Uint8Array(81), script]), bad);
  assert.equal(
    check(p2wsh(script), [...Array.from({ length: 101 }, () => new Uint8Array(1)), script]),
    bad,
  );
  assert.equal(
    check(p2wsh(script), [...Array.from({ length: 100 }, () => new Uint8Array(1)), script]),
    "ok",
  );
  assert.equal(check(p2wsh(new Uint8Array(3601)), [new Uint8Array(3601)]), bad);
  // P2SH-wrapped P2WSH: the redeem script is read from the scriptSig.
  const wrapped = p2wsh(script);
  assert.equal(check(P2SH, [new Uint8Array(81), script], buildScript([wrapped])), bad);
  assert.equal(check(P2SH, [new Uint8Array(80), script], buildScript([wrapped])), "ok");
  const annex = new Uint8Array([ANNEX_TAG, 1]);
  assert.equal(check(key.p2tr, [new Uint8Array(64)]), "ok");
  assert.equal(check(key.p2tr, [new Uint8Array(64), annex]), bad);
  const control = new Uint8Array(33).fill(0xc0, 0, 1);
  assert.equal(check(key.p2tr, [new Uint8Array(80), script, control]), "ok");
  assert.equal(check(key.p2tr, [new Uint8Array(81), script, control]), bad);
  assert.equal(check(key.p2tr, [script, new Uint8Array(0)]), bad);
  // Unknown leaf versions have no item-size policy yet.
  const otherLeaf = new Uint8Array(33).fill(0xc2, 0, 1);
  assert.equal(check(key.p2tr, [new Uint8Array(81), script, otherLeaf]), "ok");
});

test("virtual size charges 20 vbytes per sigop when that is larger", () => {
  assert.equal(virtualTransactionSize(561, 0), 141);
  assert.equal(virtualTransactionSize(561, 4), 141);
  assert.equal(virtualTransactionSize(400, 100), 500);
  assert.equal(virtualTransactionSize(400, 100, 1), 100);
  assert.equal(virtualTransactionSize(401, 0), 101);
});
