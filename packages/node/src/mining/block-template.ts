import type { Block, ChainParams, Transaction } from "@hashforge/consensus";

/**
 * One mempool transaction offered to the block assembler. The mempool owns these values; the
 * assembler trusts `fee`, `weight` and `sigopCost` (the final consensus checks catch a txid that
 * does not match `tx`).
 */
export interface TemplateCandidate {
  readonly tx: Transaction;
  /** Internal byte order, as hashed. */
  readonly txid: Uint8Array;
  readonly wtxid: Uint8Array;
  /** The fee the transaction pays, in satoshis (what the coinbase may claim). */
  readonly fee: bigint;
  /**
   * The fee used for ordering, when it differs from `fee` (Core's modified fee after
   * `prioritisetransaction`). Defaults to `fee`.
   */
  readonly modifiedFee?: bigint;
  /** BIP141 weight. */
  readonly weight: number;
  /** BIP141 signature-operation cost (legacy x4 + P2SH x4 + witness). */
  readonly sigopCost: number;
  /**
   * txids of the unconfirmed transactions this one spends (its in-mempool parents). A parent
   * missing from the candidate list excludes this transaction and its descendants.
   */
  readonly parents: readonly Uint8Array[];
}

/** What the assembler needs to know about the block the template builds on. */
export interface TemplateTip {
  /** Hash of the current tip (the new block's parent), internal byte order. */
  readonly hash: Uint8Array;
  /** Height of the current tip; the template is for `height + 1`. */
  readonly height: number;
  /**
   * Header time of the tip. When given, the first block of a retarget window gets Core's BIP94
   * timewarp floor (time >= tip time - 600), which Core applies on every network.
   */
  readonly time?: number;
  /** Median time past of the tip (the last 11 blocks ending at it). */
  readonly medianTimePast: number;
  /**
   * nBits of the new block as consensus getNextWorkRequired computes it, or a function of the
   * chosen header time (networks with min-difficulty blocks: the bits depend on the time).
   */
  readonly bits: number | ((blockTime: number) => number);
}

/** Tunables of {@link assembleBlockTemplate}, with Core's defaults. */
export interface BlockAssemblerOptions {
  /** Maximum block weight (Core's -blockmaxweight, default 4,000,000). */
  readonly maxWeight?: number;
  /**
   * Weight kept free for the block header, transaction count and coinbase (Core's
   * DEFAULT_BLOCK_RESERVED_WEIGHT, 8,000; at least 2,000).
   */
  readonly reservedWeight?: number;
  /** Sigop cost kept free for the coinbase (Core's coinbase_output_max_additional_sigops, 400). */
  readonly reservedSigops?: number;
  /**
   * Packages paying less than this many satoshis per 1,000 vbytes are left out (Core's
   * -blockmintxfee; default 1,000 as in Core up to v29).
   */
  readonly blockMinFeeRate?: bigint;
  /**
   * Bytes of extranonce room pushed after the BIP34 height in the coinbase scriptSig (0..32,
   * default 8). Zero reproduces Core's `<height> OP_0` scriptSig.
   */
  readonly extranonceSize?: number;
  /** Extra data (a pool tag) pushed after the extranonce; the scriptSig stays <= 100 bytes. */
  readonly coinbaseExtraData?: Uint8Array;
  /** Header version (default 0x20000000: BIP9 top bits, no deployment signalled). */
  readonly version?: number;
  /** Run consensus checkBlock and contextualCheckBlock on the result (default true). */
  readonly validate?: boolean;
}

/** Input of {@link assembleBlockTemplate}. */
export interface AssembleBlockTemplateInput {
  readonly tip: TemplateTip;
  readonly params: ChainParams;
  readonly candidates: readonly TemplateCandidate[];
  /** scriptPubKey the coinbase pays subsidy plus fees to. */
  readonly payoutScript: Uint8Array;
  /** The mempool's change counter; with the tip hash it forms the BIP22 longpoll id. */
  readonly mempoolSequence: number | bigint;
  /** Wall-clock time in UNIX seconds (injected so tests need no clock). */
  readonly now: number;
  readonly options?: BlockAssemblerOptions;
}

/** One non-coinbase transaction of a template, with what getblocktemplate reports for it. */
export interface TemplateTransaction {
  readonly tx: Transaction;
  readonly txid: Uint8Array;
  readonly wtxid: Uint8Array;
  /** Fee in satoshis (the actual fee, not the modified one, as Core reports). */
  readonly fee: bigint;
  readonly sigopCost: number;
  readonly weight: number;
  /**
   * 1-based positions in the template's transaction list of the transactions this one spends
   * (BIP22 `depends`; position 0 would be the coinbase), ascending and without duplicates.
   */
  readonly depends: readonly number[];
}

/** Where the extranonce sits in the coinbase, for miners that roll it. */
export interface ExtranonceLayout {
  /** Byte offset of the extranonce inside the coinbase scriptSig. */
  readonly offset: number;
  /** Its size in bytes (0 = no room; the template cannot be rolled). */
  readonly size: number;
}

/**
 * A block ready to be mined plus everything getblocktemplate (BIP22/BIP23) reports. Hashes are
 * in internal byte order; the RPC edge reverses them for display.
 */
export interface BlockTemplate {
  /** The full block with coinbase, merkle root, time and bits; nonce 0. */
  readonly block: Block;
  readonly height: number;
  readonly previousBlockHash: Uint8Array;
  readonly version: number;
  readonly bits: number;
  /** The target `bits` encodes. */
  readonly target: bigint;
  /** Header time: max(mintime, now). */
  readonly curTime: number;
  /** Earliest valid header time: MTP + 1, raised by the BIP94 timewarp floor on a window start. */
  readonly minTime: number;
  /** Subsidy plus the fees of the selected transactions (BIP22 `coinbasevalue`). */
  readonly coinbaseValue: bigint;
  /** Sum of the selected transactions' fees. */
  readonly fees: bigint;
  /** Selected transactions in block order (the coinbase excluded). */
  readonly transactions: readonly TemplateTransaction[];
  /** Sigop cost of the coinbase (legacy sigops x4). */
  readonly coinbaseSigopCost: number;
  /** Total sigop cost of the block, coinbase included. */
  readonly sigopCost: number;
  /** BIP141 weight of the whole block. */
  readonly weight: number;
  readonly segwitActive: boolean;
  /** The coinbase's witness commitment output script (BIP141), null before segwit. */
  readonly defaultWitnessCommitment: Uint8Array | null;
  /** BIP23 limits: sigop cost 80,000, size 4,000,000, weight 4,000,000 (quartered pre-segwit). */
  readonly sigopLimit: number;
  readonly sizeLimit: number;
  readonly weightLimit: number;
  /** getblocktemplate `rules`: active deployments a miner must understand (`!segwit`, ...). */
  readonly rules: readonly string[];
  /** BIP22 longpoll id: tip hash (display hex) followed by the mempool sequence. */
  readonly templateId: string;
  readonly extranonce: ExtranonceLayout;
  /**
   * The coinbase's serialization without witness, split around the extranonce (Stratum's
   * coinb1/coinb2): prefix || extranonce || suffix is the coinbase that the txid hashes.
   */
  readonly coinbaseParts: { readonly prefix: Uint8Array; readonly suffix: Uint8Array };
  /** Sibling hashes from the coinbase txid up to the merkle root (Stratum's merkle_branch). */
  readonly coinbaseMerkleBranch: readonly Uint8Array[];
}
