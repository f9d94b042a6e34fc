// P2WSH(OP_TRUE) coins for RPC tests: standard outputs anyone can spend with the witness
// [OP_TRUE], so tests mine to them and spend them without keys.
import {
  buildScript,
  hexToHash,
  OP,
  REGTEST_PARAMS,
  scriptToAddress,
  sha256,
  type Transaction,
} from "@hashforge/consensus";

/** The witness script: OP_TRUE. */
export const WITNESS_SCRIPT = Uint8Array.of(OP.OP_1);
/** P2WSH of {@link WITNESS_SCRIPT}. */
export const P2WSH = buildScript([OP.OP_0, sha256(WITNESS_SCRIPT)]);
/** Its regtest address, for generatetoaddress. */
export const ADDRESS = scriptToAddress(P2WSH, REGTEST_PARAMS)!;

/** A transaction spending `txidHex:vout` to one P2WSH(OP_TRUE) output of `value`. */
export function spend(txidHex: string, vout: number, value: bigint): Transaction {
  return {
    version: 2,
    inputs: [
      {
        prevout: { txid: hexToHash(txidHex), vout },
        scriptSig: new Uint8Array(0),
        sequence: 0xfffffffd,
        witness: [WITNESS_SCRIPT],
      },
    ],
    outputs: [{ value, scriptPubKey: P2WSH }],
    locktime: 0,
  };
}
