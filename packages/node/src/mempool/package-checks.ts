// Context-free checks of a transaction package (Core's IsWellFormedPackage, policy/packages.cpp).
import { hashToHex, outpointKey, type Transaction, txid, txWeight } from "@hashforge/consensus";

/** Most transactions in a package (MAX_PACKAGE_COUNT). */
export const MAX_PACKAGE_COUNT = 25;
/** Largest total weight of a package (MAX_PACKAGE_WEIGHT: 101 kvB of virtual size). */
export const MAX_PACKAGE_WEIGHT = 404_000;

/**
 * The reason a package is malformed, or null: too many transactions, too heavy (several only),
 * a transaction twice, a transaction before a parent it spends, or two spending the same output.
 * The reasons are Core's package-error strings, checked in Core's order.
 */
export function packageError(txs: readonly Transaction[]): string | null {
  if (txs.length > MAX_PACKAGE_COUNT) return "package-too-many-transactions";
  let weight = 0;
  for (const tx of txs) weight += txWeight(tx);
  if (txs.length > 1 && weight > MAX_PACKAGE_WEIGHT) return "package-too-large";
  const later = new Set(txs.map((tx) => hashToHex(txid(tx))));
  if (later.size !== txs.length) return "package-contains-duplicates";
  for (const tx of txs) {
    for (const input of tx.inputs) {
      if (later.has(hashToHex(input.prevout.txid))) return "package-not-sorted";
    }
    later.delete(hashToHex(txid(tx)));
  }
  const spent = new Set<string>();
  for (const tx of txs) {
    for (const input of tx.inputs) {
      const key = outpointKey(input.prevout.txid, input.prevout.vout);
      if (spent.has(key)) return "conflict-in-package";
      spent.add(key);
    }
  }
  return null;
}
