// Signs the wallet's inputs of a transaction and verifies every input, as signrawtransactionwithwallet.
import {
  ALL_VERIFY_FLAGS,
  encodeTx,
  hashToHex,
  precomputeTxData,
  type SignatureBackend,
  scriptErrorMessage,
  type Transaction,
  TransactionSignatureChecker,
  type TxIn,
  type TxOut,
  toHex,
  verifyScript,
} from "@hashforge/consensus";
import type { KeyBranch, WalletAddressType, WalletKey } from "./keychain.js";
import { signP2wpkhInput, signTaprootKeyPathInput } from "./signer.js";

/** What signing needs from the wallet's keys. */
export interface SigningKeys {
  /** The wallet key of an output script, if it is the wallet's. */
  keyForScript(scriptPubKey: Uint8Array): WalletKey | undefined;
  /** The private key of a wallet key. */
  privateKey(type: WalletAddressType, branch: KeyBranch, index: number): Uint8Array;
}

/** An input that is not (fully) signed, in the shape of Core's `errors` array. */
export interface SigningError {
  /** Txid of the spent output, display hex. */
  readonly txid: string;
  readonly vout: number;
  /** The input's witness items, hex. */
  readonly witness: readonly string[];
  /** The input's scriptSig, hex. */
  readonly scriptSig: string;
  readonly sequence: number;
  /** Why: Core's text ("Input not found or already spent") or the script error message. */
  readonly error: string;
}

/** The result of signing, as Core's signrawtransactionwithwallet answers. */
export interface SignTransactionResult {
  /** The transaction with every input the wallet could sign signed. */
  readonly tx: Transaction;
  /** Its serialization (with witnesses), hex. */
  readonly hex: string;
  /** True when every input verifies. */
  readonly complete: boolean;
  readonly errors: readonly SigningError[];
}

/** Core's message for an input whose spent output is unknown. */
export const INPUT_NOT_FOUND = "Input not found or already spent";

function signingError(input: TxIn, error: string): SigningError {
  return {
    txid: hashToHex(input.prevout.txid),
    vout: input.prevout.vout,
    witness: input.witness.map(toHex),
    scriptSig: toHex(input.scriptSig),
    sequence: input.sequence,
    error,
  };
}

/**
 * Signs every input of `tx` that spends a wallet output (P2WPKH with SIGHASH_ALL, P2TR key path
 * with SIGHASH_DEFAULT; any previous witness of those inputs is replaced), then verifies every
 * input with the consensus interpreter under all verification flags, as Core's
 * SignTransaction does. `spent[i]` is the output input i spends, null when unknown (reported
 * as "Input not found or already spent"); taproot inputs are only signed when every spent
 * output is known, because BIP341 signatures commit to all of them. `auxRand(32)` supplies
 * BIP340 auxiliary randomness.
 */
export function signTransaction(
  tx: Transaction,
  spent: readonly (TxOut | null)[],
  keys: SigningKeys,
  backend: SignatureBackend,
  auxRand: (length: number) => Uint8Array,
): SignTransactionResult {
  const allKnown = spent.every((s) => s !== null);
  const known = allKnown ? (spent as readonly TxOut[]) : null;
  const txData = precomputeTxData(tx, known);
  const inputs: TxIn[] = tx.inputs.map((input, i) => {
    const prev = spent[i];
    if (prev === null || prev === undefined) return input;
    const key = keys.keyForScript(prev.scriptPubKey);
    if (key === undefined) return input;
    let witness: Uint8Array[];
    if (key.type === "bech32") {
      const priv = keys.privateKey(key.type, key.branch, key.index);
      witness = signP2wpkhInput(tx, i, priv, key.publicKey, prev.value, txData);
    } else {
      if (!allKnown) return input;
      const priv = keys.privateKey(key.type, key.branch, key.index);
      witness = signTaprootKeyPathInput(tx, i, priv, txData, auxRand(32));
    }
    return { ...input, witness };
  });
  const signed: Transaction = { ...tx, inputs };
  const signedData = precomputeTxData(signed, known);
  const errors: SigningError[] = [];
  inputs.forEach((input, i) => {
    const prev = spent[i];
    if (prev === null || prev === undefined) {
      errors.push(signingError(input, INPUT_NOT_FOUND));
      return;
    }
    const checker = new TransactionSignatureChecker({
      backend,
      tx: signed,
      inputIndex: i,
      amount: prev.value,
      txData: signedData,
    });
    const result = verifyScript(
      input.scriptSig,
      prev.scriptPubKey,
      input.witness,
      ALL_VERIFY_FLAGS,
      checker,
    );
    if (!result.ok) errors.push(signingError(input, scriptErrorMessage(result.error)));
  });
  return { tx: signed, hex: toHex(encodeTx(signed)), complete: errors.length === 0, errors };
}
