/**
 * A compact string key for an outpoint (the 32 txid bytes as char codes, then the index), for
 * maps and sets of outpoints without hex encoding.
 */
export function outpointKey(txid: Uint8Array, vout: number): string {
  return String.fromCharCode.apply(null, txid as unknown as number[]) + vout;
}
