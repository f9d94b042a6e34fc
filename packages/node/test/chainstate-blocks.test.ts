import assert from "node:assert/strict";
import { test } from "node:test";
import {
  blockHash,
  defaultSignatureBackend,
  hashToHex,
  outpointKey,
  txid,
} from "@hashforge/consensus";
import {
  loadRealBlocks,
  realBlockContext,
  realBlockParams,
} from "../../consensus/test/support/real-blocks.js";
import { reportCases, vectorSuite } from "../../consensus/test/support/vectors.js";
import { Chainstate } from "../src/chainstate/chainstate.js";
import { decodeBlockUndo, encodeBlockUndo } from "../src/chainstate/undo-codec.js";
import { MemoryStore } from "../src/store/memory-store.js";

/** A store whose UTXO set holds exactly the coins the real block spends. */
async function seededChainstate(rb: ReturnType<typeof loadRealBlocks>[number]) {
  const store = new MemoryStore();
  const cs = new Chainstate(store, realBlockParams(rb), defaultSignatureBackend());
  // Coins created inside the block itself are not there before it.
  const createdHere = new Set(rb.block.txs.map((tx) => hashToHex(txid(tx))));
  rb.block.txs.forEach((tx, t) => {
    if (t === 0) return;
    tx.inputs.forEach((input, i) => {
      if (createdHere.has(hashToHex(input.prevout.txid))) return;
      cs.coins.add(input.prevout.txid, input.prevout.vout, rb.spent[t]![i]!, false);
    });
  });
  await store.write(cs.flushBatch());
  cs.flushed(true);
  return { store, cs };
}

function snapshot(cs: Chainstate, keys: [Uint8Array, number][]): string[] {
  return keys.map(([id, vout]) => {
    const c = cs.coins.get(id, vout);
    return c ? `${outpointKey(id, vout).length}:${c.height}:${c.output.value}` : "-";
  });
}

test(
  "real blocks connect on the chainstate, flush, and disconnect back exactly",
  vectorSuite(),
  async (t) => {
    const failures: string[] = [];
    const blocks = loadRealBlocks();
    for (const rb of blocks) {
      const { store, cs } = await seededChainstate(rb);
      const ctx = realBlockContext(rb);
      const hash = blockHash(rb.block.header);
      const spentKeys: [Uint8Array, number][] = rb.block.txs
        .slice(1)
        .flatMap((tx) =>
          tx.inputs.map((i) => [i.prevout.txid, i.prevout.vout] as [Uint8Array, number]),
        );
      const createdKeys: [Uint8Array, number][] = rb.block.txs.flatMap((tx) =>
        tx.outputs.map((_, v) => [txid(tx), v] as [Uint8Array, number]),
      );
      const before = snapshot(cs, [...spentKeys, ...createdKeys]);
      const connected = cs.connect(rb.block, { ...ctx, hash });
      if (!connected.ok) {
        failures.push(`${rb.name}: ${connected.reason}`);
        continue;
      }
      if (spentKeys.some(([id, v]) => cs.coins.get(id, v) !== undefined))
        failures.push(`${rb.name}: inputs not spent`);
      // Undo data survives its codec, and the flushed state reloads from the store.
      const undo = decodeBlockUndo(encodeBlockUndo(connected.spent));
      await store.write(cs.flushBatch());
      cs.flushed(true);
      const reopened = new Chainstate(store, realBlockParams(rb), defaultSignatureBackend());
      if (hashToHex(reopened.bestBlock!) !== hashToHex(hash))
        failures.push(`${rb.name}: best block not persisted`);
      const spentInBlock = new Set(spentKeys.map(([id, v]) => outpointKey(id, v)));
      const kept = createdKeys.filter(([id, v]) => !spentInBlock.has(outpointKey(id, v)));
      const persisted = kept.filter(([id, v]) => reopened.coins.get(id, v) !== undefined).length;
      const unspendable = rb.block.txs
        .flatMap((tx) => tx.outputs)
        .filter((o) => o.scriptPubKey[0] === 0x6a).length;
      if (persisted !== kept.length - unspendable)
        failures.push(
          `${rb.name}: ${persisted} of ${kept.length - unspendable} new coins persisted`,
        );
      const result = reopened.disconnect(rb.block, ctx.height, undo, rb.block.header.prevBlock);
      if (!result.clean) failures.push(`${rb.name}: unclean disconnect`);
      const after = snapshot(reopened, [...spentKeys, ...createdKeys]);
      const diff = after.findIndex((v, i) => v !== before[i]);
      if (diff >= 0)
        failures.push(
          `${rb.name}: state after disconnect differs at ${diff}/${spentKeys.length}: ${before[diff]} -> ${after[diff]}`,
        );
      // Connecting twice is refused: its inputs are spent now (or BIP30 on old blocks).
      await store.write(reopened.flushBatch());
      reopened.flushed(false);
      const again = reopened.connect(rb.block, { ...ctx, hash });
      if (!again.ok) failures.push(`${rb.name}: reconnect after disconnect: ${again.reason}`);
      const third = reopened.connect(rb.block, { ...ctx, hash });
      if (third.ok) failures.push(`${rb.name}: double connect accepted`);
    }
    reportCases(t, "chainstate connect/flush/disconnect", blocks.length, failures);
  },
);

test("a block spending a missing coin changes nothing", vectorSuite(), async () => {
  const rb = loadRealBlocks()[0]!;
  const { cs } = await seededChainstate(rb);
  const victim = rb.block.txs[5]!.inputs[0]!.prevout;
  cs.coins.spend(victim.txid, victim.vout);
  const result = cs.connect(rb.block, {
    ...realBlockContext(rb),
    hash: blockHash(rb.block.header),
  });
  assert.equal(result.ok ? "ok" : result.reason, "bad-txns-inputs-missingorspent");
  assert.equal(cs.bestBlock, null);
  const other = rb.block.txs[1]!.inputs[0]!.prevout;
  assert.ok(cs.coins.get(other.txid, other.vout) !== undefined, "nothing was spent");
});
