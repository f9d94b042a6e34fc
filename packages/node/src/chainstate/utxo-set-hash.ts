// The UTXO set hashes of gettxoutsetinfo (Core's kernel/coinstats.cpp): every coin serialized as
// TxOutSer (outpoint, height * 2 + coinbase as u32, the output), in the coins database order
// (txid, then output index); `hash_serialized_3` is SHA256d of the concatenation, `muhash` the
// MuHash3072 of the set of serializations.
import { createHash, type Hash } from "node:crypto";
import { ByteWriter, type Coin, sha256 } from "@hashforge/consensus";
import { MuHash3072 } from "./muhash.js";

/** Core's TxOutSer of one coin. */
export function txOutSer(txid: Uint8Array, vout: number, coin: Coin): Uint8Array {
  const w = new ByteWriter(64 + coin.output.scriptPubKey.length);
  w.bytes(txid).u32le(vout);
  w.u32le(coin.height * 2 + (coin.coinbase ? 1 : 0));
  w.i64le(coin.output.value).varBytes(coin.output.scriptPubKey);
  return w.finish();
}

/** A UTXO set hash fed one coin at a time; `digest` is in internal byte order. */
export interface UtxoSetHasher {
  add(txid: Uint8Array, vout: number, coin: Coin): void;
  digest(): Uint8Array;
}

/** hash_serialized_3: SHA256d of every TxOutSer, in order. */
export function serializedHasher(): UtxoSetHasher {
  const hash: Hash = createHash("sha256");
  return {
    add: (txid, vout, coin) => hash.update(txOutSer(txid, vout, coin)),
    digest: () => sha256(new Uint8Array(hash.digest())),
  };
}

/** muhash: MuHash3072 of the set of TxOutSer serializations. */
export function muhashHasher(): UtxoSetHasher {
  const muhash = new MuHash3072();
  return {
    add: (txid, vout, coin) => muhash.insert(txOutSer(txid, vout, coin)),
    digest: () => muhash.digest(),
  };
}
