// Input signing for wallet outputs: P2WPKH (BIP143 + ECDSA) and P2TR key path (BIP341 + BIP340).
import {
  buildScript,
  concatBytes,
  hash160,
  NO_CODESEPARATOR,
  OP,
  type PrecomputedTxData,
  SECP256K1_ORDER,
  SIGHASH_ALL,
  SIGHASH_DEFAULT,
  segwitV0Sighash,
  type Transaction,
  taprootSighash,
  tapTweakHash,
} from "@hashforge/consensus";
import { schnorr, secp256k1 } from "@noble/curves/secp256k1.js";
import { bytesToNumberBE, numberToBytesBE } from "@noble/curves/utils.js";

/**
 * The BIP143 scriptCode of a P2WPKH input: the P2PKH script of the key hash,
 * `OP_DUP OP_HASH160 <hash160(pubkey)> OP_EQUALVERIFY OP_CHECKSIG`.
 */
export function p2wpkhScriptCode(publicKey: Uint8Array): Uint8Array {
  return buildScript([
    OP.OP_DUP,
    OP.OP_HASH160,
    hash160(publicKey),
    OP.OP_EQUALVERIFY,
    OP.OP_CHECKSIG,
  ]);
}

/**
 * Signs input `inputIndex` of `tx`, a P2WPKH output of `amount` satoshis, with SIGHASH_ALL and
 * returns its witness `[<DER signature || 0x01>, <pubkey>]`. The signature is RFC6979
 * deterministic and low-S (BIP146, Core's standardness rule), so it is the same every time.
 */
export function signP2wpkhInput(
  tx: Transaction,
  inputIndex: number,
  privateKey: Uint8Array,
  publicKey: Uint8Array,
  amount: bigint,
  txData: PrecomputedTxData,
): Uint8Array[] {
  const scriptCode = p2wpkhScriptCode(publicKey);
  const sighash = segwitV0Sighash(tx, inputIndex, scriptCode, amount, SIGHASH_ALL, txData);
  const der = secp256k1.sign(sighash, privateKey, { prehash: false, lowS: true, format: "der" });
  return [concatBytes(der, Uint8Array.of(SIGHASH_ALL)), publicKey];
}

/**
 * Tweaks a private key for a taproot output (BIP341's taproot_tweak_seckey): negate it when its
 * public key has odd y (the internal key is x-only, i.e. even y), then add
 * tapTweakHash(P, merkleRoot) modulo n. Throws RangeError in the negligible cases where the
 * result is invalid.
 */
export function tweakTaprootPrivateKey(
  privateKey: Uint8Array,
  merkleRoot: Uint8Array | null,
): Uint8Array {
  const publicKey = secp256k1.getPublicKey(privateKey, true);
  let d = bytesToNumberBE(privateKey);
  if (publicKey[0] === 0x03) d = SECP256K1_ORDER - d;
  const t = bytesToNumberBE(tapTweakHash(publicKey.subarray(1), merkleRoot));
  if (t >= SECP256K1_ORDER) throw new RangeError("taproot tweak out of range");
  const tweaked = (d + t) % SECP256K1_ORDER;
  if (tweaked === 0n) throw new RangeError("tweaked taproot key is zero");
  return numberToBytesBE(tweaked, 32);
}

/**
 * Signs input `inputIndex` of `tx`, a key-path-only P2TR output (BIP86), and returns its
 * witness: the 64-byte BIP340 signature with the tweaked key over the BIP341 signature hash
 * (SIGHASH_DEFAULT), or 65 bytes with the hash type appended for any other `hashType`.
 * `txData` must carry every spent output (BIP341 commits to all amounts and scripts);
 * `auxRand` is BIP340's 32 bytes of auxiliary randomness. Throws RangeError when the
 * signature hash cannot be computed (missing spent outputs, invalid hash type).
 */
export function signTaprootKeyPathInput(
  tx: Transaction,
  inputIndex: number,
  privateKey: Uint8Array,
  txData: PrecomputedTxData,
  auxRand: Uint8Array,
  hashType: number = SIGHASH_DEFAULT,
): Uint8Array[] {
  const sighash = taprootSighash(tx, inputIndex, hashType, txData, {
    annex: null,
    tapleafHash: null,
    codesepPos: NO_CODESEPARATOR,
  });
  if (sighash === null) {
    throw new RangeError(`no taproot signature hash for input ${inputIndex} (spent outputs?)`);
  }
  const sig = schnorr.sign(sighash, tweakTaprootPrivateKey(privateKey, null), auxRand);
  return [hashType === SIGHASH_DEFAULT ? sig : concatBytes(sig, Uint8Array.of(hashType))];
}
