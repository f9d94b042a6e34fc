// The development wallet file format: a versioned JSON document, parsed and written purely.
import {
  type ChainParams,
  fromHex,
  hashToHex,
  hexToHash,
  isHex,
  MAX_BLOCK_WEIGHT,
  toHex,
} from "@hashforge/consensus";
import { type LocatorEntry, MAX_LOCATOR_ENTRIES } from "./block-locator.js";
import type { ConfirmedWalletTx, TrackerSnapshot } from "./coin-tracker.js";
import type { BranchIndexes, KeyPoolIndexes } from "./key-pool.js";
import { WALLET_ADDRESS_TYPES } from "./keychain.js";
import { WalletError } from "./wallet-error.js";

/** The `format` field every wallet file carries, so a random JSON file is never taken for one. */
export const WALLET_FORMAT = "hashforge-dev-wallet";

/**
 * The current (and only) version of the wallet file format. A version is bumped only when a
 * reader of the previous version would misread a file; added fields it ignores do not count.
 * The chain state (`lastBlock`, `locator`, `transactions`) was added within version 1: a file
 * without it is read as "nothing processed yet", and an older reader ignores it and, when it
 * saves, drops all three together, which leaves a file that is again consistent.
 */
export const WALLET_VERSION = 1;

/** Printed into every file: the keys inside are not encrypted. */
export const WALLET_WARNING =
  "DEVELOPMENT WALLET: the seed below is stored UNENCRYPTED. For regtest, demo and custom " +
  "chains only; never hold real funds with it.";

/** Longest label accepted, in UTF-16 code units (bounded input). */
export const MAX_LABEL_LENGTH = 256;

/** Most labels a wallet file may hold (bounded input). */
export const MAX_LABELS = 100_000;

/** Most confirmed transactions a wallet file may hold (bounded input). */
export const MAX_WALLET_TRANSACTIONS = 10_000_000;

/** Highest non-hardened BIP32 index plus one. */
const MAX_INDEX = 0x8000_0000;

/** A block hash as display hex. */
const DISPLAY_HASH = /^[0-9a-fA-F]{64}$/;

/** Longest transaction accepted, in bytes: one filling a whole block. */
const MAX_TX_BYTES = MAX_BLOCK_WEIGHT;

/** What the wallet file holds. */
export interface WalletDocument {
  /** Chain name of the network the keys were made for (ChainParams.name). */
  readonly network: string;
  /** Genesis hash (display hex) of that network, so a same-named custom chain is told apart. */
  readonly genesisHash: string;
  /** The BIP32 seed (16 to 64 bytes). Secret: never log it. */
  readonly seed: Uint8Array;
  /** Unix time (seconds) the wallet was created. */
  readonly createdAt: number;
  /** Next unused key index per address type and branch. */
  readonly nextIndexes: KeyPoolIndexes;
  /** Address labels, address to label. */
  readonly labels: Readonly<Record<string, string>>;
  /**
   * Where the wallet is on the chain and the confirmed transactions that got it there, always
   * written together so they describe the same block. Null when nothing was processed yet, and
   * for files written before the field existed: the node then feeds every block from height 1.
   */
  readonly chain: TrackerSnapshot | null;
}

function corrupt(details: string): WalletError {
  return new WalletError("corrupt-wallet-file", details);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function readIndex(value: unknown, where: string): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0 || value >= MAX_INDEX) {
    throw corrupt(`${where} must be an integer in [0, 2^31)`);
  }
  return value;
}

function readIndexes(value: unknown): KeyPoolIndexes {
  if (!isRecord(value)) throw corrupt("nextIndexes must be an object");
  const out: Partial<Record<(typeof WALLET_ADDRESS_TYPES)[number], BranchIndexes>> = {};
  for (const type of WALLET_ADDRESS_TYPES) {
    const branch = value[type];
    if (!isRecord(branch)) throw corrupt(`nextIndexes.${type} must be an object`);
    out[type] = {
      receive: readIndex(branch.receive, `nextIndexes.${type}.receive`),
      change: readIndex(branch.change, `nextIndexes.${type}.change`),
    };
  }
  return out as KeyPoolIndexes;
}

function readLabels(value: unknown): Record<string, string> {
  if (!isRecord(value)) throw corrupt("labels must be an object");
  const entries = Object.entries(value);
  if (entries.length > MAX_LABELS) throw corrupt(`more than ${MAX_LABELS} labels`);
  const labels: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const [address, label] of entries) {
    if (typeof label !== "string" || label.length > MAX_LABEL_LENGTH) {
      throw corrupt("a label must be a string of at most 256 characters");
    }
    labels[address] = label;
  }
  return labels;
}

function readHeight(value: unknown, where: string): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0 || value > 0xffff_ffff) {
    throw corrupt(`${where} must be an integer in [0, 2^32)`);
  }
  return value;
}

/** A display-hex block hash in internal byte order. */
function readHash(value: unknown, where: string): Uint8Array {
  if (typeof value !== "string" || !DISPLAY_HASH.test(value)) {
    throw corrupt(`${where} must be 64 hex digits`);
  }
  return hexToHash(value);
}

function readBlockRef(value: unknown, where: string): LocatorEntry {
  if (!isRecord(value)) throw corrupt(`${where} must be an object`);
  return {
    height: readHeight(value.height, `${where}.height`),
    hash: readHash(value.hash, `${where}.hash`),
  };
}

/** Bytes of a transaction record's fixed part: height u32, block hash 32, length u32. */
const TX_RECORD_HEADER = 4 + 32 + 4;

/**
 * The confirmed transactions, one base64 string of records `height u32 LE | block hash 32
 * (internal order) | length u32 LE | transaction bytes`: one string to parse and one buffer to
 * read, instead of an object and two hex strings per transaction (a wallet holding 100,000
 * coinbases loads in a fraction of the memory).
 */
function readTransactions(value: unknown, tipHeight: number): ConfirmedWalletTx[] {
  if (typeof value !== "string" || !BASE64.test(value)) {
    throw corrupt("transactions must be base64 records");
  }
  const bytes = Buffer.from(value, "base64");
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: ConfirmedWalletTx[] = [];
  for (let at = 0; at < bytes.length; ) {
    const where = `transactions record ${out.length}`;
    if (at + TX_RECORD_HEADER > bytes.length) throw corrupt(`${where} is truncated`);
    const height = view.getUint32(at, true);
    if (height > tipHeight) throw corrupt(`${where} is above the last block`);
    const blockHash = hashToHex(bytes.subarray(at + 4, at + 36));
    const length = view.getUint32(at + 36, true);
    at += TX_RECORD_HEADER;
    if (length === 0 || length > MAX_TX_BYTES || at + length > bytes.length) {
      throw corrupt(`${where} has a bad length`);
    }
    // Decoded (and checked) once, when the wallet rebuilds its coins from it.
    out.push({ raw: bytes.subarray(at, at + length), height, blockHash });
    at += length;
    if (out.length > MAX_WALLET_TRANSACTIONS) throw corrupt("too many transactions");
  }
  return out;
}

/** The records of {@link readTransactions}, as base64. */
function writeTransactions(txs: readonly ConfirmedWalletTx[]): string {
  let size = 0;
  for (const t of txs) size += TX_RECORD_HEADER + t.raw.length;
  const bytes = Buffer.alloc(size);
  let at = 0;
  for (const t of txs) {
    bytes.writeUInt32LE(t.height, at);
    bytes.set(hexToHash(t.blockHash), at + 4);
    bytes.writeUInt32LE(t.raw.length, at + 36);
    bytes.set(t.raw, at + TX_RECORD_HEADER);
    at += TX_RECORD_HEADER + t.raw.length;
  }
  return bytes.toString("base64");
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * The chain state: absent (older files) or `lastBlock: null` means nothing processed; otherwise
 * `locator` holds ancestors of the last block, highest first, and `transactions` the confirmed
 * wallet transactions, none above the last block.
 */
function readChain(json: Record<string, unknown>): TrackerSnapshot | null {
  const { lastBlock, locator, transactions } = json;
  if (lastBlock === undefined || lastBlock === null) {
    const empty = (v: unknown) =>
      v === undefined || v === "" || (Array.isArray(v) && v.length === 0);
    if (!empty(locator) || !empty(transactions)) {
      throw corrupt("locator and transactions need a lastBlock");
    }
    return null;
  }
  const tip = readBlockRef(lastBlock, "lastBlock");
  if (!Array.isArray(locator) || locator.length >= MAX_LOCATOR_ENTRIES) {
    throw corrupt(`locator must be an array of fewer than ${MAX_LOCATOR_ENTRIES} blocks`);
  }
  const entries: LocatorEntry[] = [tip];
  locator.forEach((value: unknown, i) => {
    const entry = readBlockRef(value, `locator[${i}]`);
    if (entry.height >= entries[entries.length - 1]!.height) {
      throw corrupt("locator heights must decrease, below lastBlock");
    }
    entries.push(entry);
  });
  return { locator: entries, transactions: readTransactions(transactions, tip.height) };
}

/**
 * Parses a wallet file's text for a node running `params`. Throws {@link WalletError}:
 * `corrupt-wallet-file` for text that is not a well-formed wallet document (the detail never
 * quotes the file, which holds the seed), `unsupported-wallet-version` for a version this code
 * does not know, and `wrong-network` when the file belongs to another network (by name or by
 * genesis hash).
 */
export function parseWalletDocument(text: string, params: ChainParams): WalletDocument {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    // JSON.parse's message quotes the text around the error, which may be the seed.
    throw corrupt("not valid JSON");
  }
  if (!isRecord(json) || json.format !== WALLET_FORMAT) {
    throw corrupt(`not a ${WALLET_FORMAT} document`);
  }
  if (json.version !== WALLET_VERSION) {
    throw new WalletError("unsupported-wallet-version", `version ${String(json.version)}`);
  }
  const { network, genesisHash, seed, createdAt } = json;
  if (typeof network !== "string" || typeof genesisHash !== "string") {
    throw corrupt("network and genesisHash must be strings");
  }
  if (network !== params.name || genesisHash !== params.genesisHash) {
    throw new WalletError(
      "wrong-network",
      `the wallet file is for network "${network}" (genesis ${genesisHash}), this node runs ` +
        `"${params.name}" (genesis ${params.genesisHash})`,
    );
  }
  if (typeof seed !== "string" || !isHex(seed) || seed.length < 32 || seed.length > 128) {
    throw corrupt("seed must be 16 to 64 bytes of hex");
  }
  if (typeof createdAt !== "number" || !Number.isSafeInteger(createdAt) || createdAt < 0) {
    throw corrupt("createdAt must be a non-negative integer");
  }
  return {
    network,
    genesisHash,
    seed: fromHex(seed),
    createdAt,
    nextIndexes: readIndexes(json.nextIndexes),
    labels: readLabels(json.labels),
    chain: readChain(json),
  };
}

function blockRef(entry: LocatorEntry): { height: number; hash: string } {
  return { height: entry.height, hash: hashToHex(entry.hash) };
}

/**
 * Serializes a wallet document as the file's JSON text (pretty-printed, newline-terminated).
 * Hashes are display hex, as `genesisHash`; the transactions are base64 records (see
 * {@link readTransactions}).
 */
export function serializeWalletDocument(doc: WalletDocument): string {
  const [tip, ...ancestors] = doc.chain?.locator ?? [];
  const json = {
    format: WALLET_FORMAT,
    version: WALLET_VERSION,
    warning: WALLET_WARNING,
    network: doc.network,
    genesisHash: doc.genesisHash,
    seed: toHex(doc.seed),
    createdAt: doc.createdAt,
    nextIndexes: doc.nextIndexes,
    labels: doc.labels,
    lastBlock: tip === undefined ? null : blockRef(tip),
    locator: ancestors.map(blockRef),
    transactions: writeTransactions(doc.chain?.transactions ?? []),
  };
  return `${JSON.stringify(json, null, 2)}\n`;
}
