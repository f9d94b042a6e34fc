// Shared fixtures for the template-*.test.ts files: a fake UTXO view, a fake mempool of
// anyone-can-spend transactions, and a full consensus check of a template.
import assert from "node:assert/strict";
import {
  type Block,
  blockHash,
  blockScriptFlags,
  blockSubsidy,
  buildScript,
  bytesEqual,
  type ChainParams,
  type Coin,
  checkBlock,
  connectBlock,
  contextualCheckBlock,
  defaultSignatureBackend,
  hashToHex,
  outpointKey,
  REGTEST_PARAMS,
  sha256,
  type Transaction,
  type TxIn,
  transactionSigOpCost,
  txid,
  txWeight,
  verifyBlockScripts,
  wtxid,
} from "@hashforge/consensus";
import type {
  BlockTemplate,
  TemplateCandidate,
  TemplateTip,
} from "../src/mining/block-template.js";

/** OP_TRUE: spendable by an empty scriptSig. */
export const OP_TRUE_SCRIPT = Uint8Array.of(0x51);
/** P2WSH of OP_TRUE: spendable with the witness [OP_TRUE]. */
export const P2WSH_TRUE_SCRIPT = Uint8Array.of(0x00, 0x20, ...sha256(OP_TRUE_SCRIPT));
/** A P2PKH-shaped payout script (one legacy sigop). */
export const PAYOUT_SCRIPT = Uint8Array.of(0x76, 0xa9, 0x14, ...new Uint8Array(20), 0x88, 0xac);

export const TIP_HEIGHT = 200;
export const TIP_MTP = 1_700_000_000;
export const NOW = TIP_MTP + 3600;

/** A regtest tip at height 200. */
export function regtestTip(overrides: Partial<TemplateTip> = {}): TemplateTip {
  return {
    hash: sha256(Uint8Array.of(1, 2, 3)),
    height: TIP_HEIGHT,
    time: TIP_MTP + 600,
    medianTimePast: TIP_MTP,
    bits: REGTEST_PARAMS.genesisHeader.bits,
    ...overrides,
  };
}

/** Where a fake transaction input comes from. */
export interface Spend {
  readonly txid: Uint8Array;
  readonly vout: number;
  /** Informational: whether the output is P2WSH(OP_TRUE); the spent script decides. */
  readonly witness?: boolean;
}

/** Options for a fake transaction. */
export interface FakeTxOptions {
  readonly outputs: readonly bigint[];
  /** Pay to P2WSH(OP_TRUE) instead of OP_TRUE. */
  readonly witnessOutputs?: boolean;
  readonly locktime?: number;
  readonly sequence?: number;
  /** Extra bytes in each scriptSig, to make the transaction heavier. */
  readonly padding?: number;
  /** Bare OP_CHECKSIG outputs added after the payments (four sigop cost each). */
  readonly sigopOutputs?: number;
}

/** A UTXO view plus a mempool of anyone-can-spend transactions built on it. */
export class FakeChain {
  readonly coins = new Map<string, Coin>();
  readonly mempool: TemplateCandidate[] = [];
  private readonly mempoolOutputs = new Map<string, Coin>();
  private counter = 0;

  /** Creates a confirmed coin (height 1) and returns its outpoint. */
  fund(value: bigint, witness = false): Spend {
    this.counter++;
    const id = sha256(Uint8Array.of(0xfe, this.counter & 0xff, this.counter >> 8));
    this.coins.set(outpointKey(id, 0), {
      output: { value, scriptPubKey: witness ? P2WSH_TRUE_SCRIPT : OP_TRUE_SCRIPT },
      height: 1,
      coinbase: false,
    });
    return { txid: id, vout: 0, witness };
  }

  /** Builds a transaction spending `spends`, adds it to the mempool and returns it. */
  add(spends: readonly Spend[], options: FakeTxOptions): TemplateCandidate {
    this.counter++;
    const tag = Uint8Array.of(this.counter & 0xff, this.counter >> 8);
    const spent = spends.map((s) => this.lookup(s.txid, s.vout));
    // The spent script decides how to spend it: P2WSH(OP_TRUE) by witness, OP_TRUE bare.
    const inputs: TxIn[] = spends.map((s, i) => {
      const witness = bytesEqual(spent[i]!.output.scriptPubKey, P2WSH_TRUE_SCRIPT);
      return {
        prevout: { txid: s.txid, vout: s.vout },
        scriptSig: witness
          ? new Uint8Array(0)
          : buildScript([tag, ...padding(options.padding ?? 0)]),
        sequence: options.sequence ?? 0xfffffffd,
        // P2WSH demands a clean stack: the witness script alone (txids differ by outpoint).
        witness: witness ? [OP_TRUE_SCRIPT] : [],
      };
    });
    const payTo = options.witnessOutputs ? P2WSH_TRUE_SCRIPT : OP_TRUE_SCRIPT;
    const outputs = options.outputs.map((value) => ({ value, scriptPubKey: payTo }));
    for (let i = 0; i < (options.sigopOutputs ?? 0); i++) {
      outputs.push({ value: 0n, scriptPubKey: Uint8Array.of(0xac) });
    }
    const tx: Transaction = { version: 2, inputs, outputs, locktime: options.locktime ?? 0 };
    const fee = spent.reduce((sum, c) => sum + c.output.value, 0n) - sumOutputs(tx);
    const id = txid(tx);
    const parents = new Map<string, Uint8Array>();
    for (const s of spends) {
      if (this.mempoolOutputs.has(outpointKey(s.txid, s.vout)))
        parents.set(hashToHex(s.txid), s.txid);
    }
    const candidate: TemplateCandidate = {
      tx,
      txid: id,
      wtxid: wtxid(tx),
      fee,
      weight: txWeight(tx),
      sigopCost: transactionSigOpCost(
        tx,
        spent.map((c) => c.output),
        blockScriptFlags(REGTEST_PARAMS, TIP_HEIGHT + 1, ""),
      ),
      parents: [...parents.values()],
    };
    tx.outputs.forEach((output, vout) => {
      this.mempoolOutputs.set(outpointKey(id, vout), {
        output,
        height: 0x7fffffff,
        coinbase: false,
      });
    });
    this.mempool.push(candidate);
    return candidate;
  }

  private lookup(id: Uint8Array, vout: number): Coin {
    const key = outpointKey(id, vout);
    const coin = this.coins.get(key) ?? this.mempoolOutputs.get(key);
    assert.ok(coin, "fixture spends an unknown output");
    return coin;
  }
}

/** Pushes totalling `bytes` bytes, each within the 520-byte element limit. */
function padding(bytes: number): Uint8Array[] {
  const pushes: Uint8Array[] = [];
  for (let left = bytes; left > 0; left -= 500) pushes.push(new Uint8Array(Math.min(500, left)));
  return pushes;
}

function sumOutputs(tx: Transaction): bigint {
  return tx.outputs.reduce((sum, o) => sum + o.value, 0n);
}

/** A spend of output `vout` of a mempool transaction. */
export function outputOf(c: TemplateCandidate, vout = 0, witness = false): Spend {
  return { txid: c.txid, vout, witness };
}

/**
 * Runs the whole consensus pipeline on a template's block: checkBlock (PoW optional),
 * contextualCheckBlock, connectBlock against the fake UTXO view and script verification, and
 * compares fees, sigops and the coinbase value with what the template reports.
 */
export function assertValidTemplate(
  template: BlockTemplate,
  chain: FakeChain,
  params: ChainParams = REGTEST_PARAMS,
  block: Block = template.block,
  checkPow = false,
): void {
  const contextFree = checkBlock(block, params.pow.powLimit, { checkPow });
  assert.deepEqual(contextFree, { ok: true }, "checkBlock");
  const contextual = contextualCheckBlock(block, template.height, TIP_MTP, params);
  assert.deepEqual(contextual, { ok: true }, "contextualCheckBlock");
  const flags = blockScriptFlags(params, template.height, hashToHex(blockHash(block.header)));
  const connected = connectBlock(block, {
    height: template.height,
    params,
    flags,
    prevMedianTimePast: TIP_MTP,
    medianTimePastAt: () => TIP_MTP,
    lookup: (id, vout) => chain.coins.get(outpointKey(id, vout)),
  });
  assert.ok(connected.ok, `connectBlock: ${connected.ok ? "" : connected.reason}`);
  assert.deepEqual(verifyBlockScripts(connected.scriptJobs, flags, defaultSignatureBackend()), {
    ok: true,
  });
  assert.equal(connected.fees, template.fees);
  assert.equal(connected.sigopCost, template.sigopCost);
  const claimed = block.txs[0]!.outputs.reduce((sum, o) => sum + o.value, 0n);
  assert.equal(claimed, blockSubsidy(template.height, params) + template.fees);
  assert.equal(template.coinbaseValue, claimed);
}
