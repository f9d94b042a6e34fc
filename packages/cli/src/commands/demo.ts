import {
  blockHash,
  blockWeight,
  decodeBlock,
  encodeBlock,
  fromHex,
  hashToHex,
  merkleRoot,
  txid,
} from "@hashforge/consensus";
import type { Command } from "../command.js";

// Bitcoin's mainnet genesis block, serialized.
const GENESIS_HEX =
  "0100000000000000000000000000000000000000000000000000000000000000000000003ba3edfd7a7b12b27ac72c3e67768f617fc81bc3888a51323a9fb8aa4b1e5e4a29ab5f49ffff001d1dac2b7c0101000000010000000000000000000000000000000000000000000000000000000000000000ffffffff4d04ffff001d0104455468652054696d65732030332f4a616e2f32303039204368616e63656c6c6f72206f6e206272696e6b206f66207365636f6e64206261696c6f757420666f722062616e6b73ffffffff0100f2052a01000000434104678afdb0fe5548271967f1a67130b7105cd6a828e03909a67962e0ea1f61deb649f6bc3f4cef38c4f35504e51ec112de5c384df7ba0b8d578a4c702b6bf11d5fac00000000";

/** `hashforge demo`: decodes the genesis block with the consensus library and prints it. */
export const demoCommand: Command = {
  name: "demo",
  summary: "decode Bitcoin's genesis block with the consensus library",
  async run() {
    const bytes = fromHex(GENESIS_HEX);
    const block = decodeBlock(bytes);
    const root = merkleRoot(block.txs.map(txid)).root;
    const lines = [
      "hashforge consensus demo: Bitcoin's genesis block",
      `  hash         ${hashToHex(blockHash(block.header))}`,
      `  merkle root  ${hashToHex(root)} (header: ${hashToHex(block.header.merkleRoot)})`,
      `  time         ${new Date(block.header.time * 1000).toISOString()}`,
      `  bits         0x${block.header.bits.toString(16)}`,
      `  weight       ${blockWeight(block)} WU, ${bytes.length} bytes, re-encodes byte-exact: ${encodeBlock(block).length === bytes.length}`,
      `  coinbase     ${new TextDecoder().decode(block.txs[0]!.inputs[0]!.scriptSig.subarray(8))}`,
    ];
    process.stdout.write(`${lines.join("\n")}\n`);
    return 0;
  },
};
