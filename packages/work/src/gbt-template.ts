// A bitcoind getblocktemplate answer (BIP22/BIP23) turned into our BlockTemplate, with our own
// coinbase: what RpcWorkSource mines on.

import {
  ByteWriter,
  blockSubsidy,
  blockWeight,
  bytesEqual,
  type ChainParams,
  checkBlock,
  compactSizeLength,
  txid as computeTxid,
  wtxid as computeWtxid,
  concatBytes,
  DecodeError,
  decodeTx,
  encodeTx,
  fromHex,
  hashToHex,
  hasWitness,
  hexToHash,
  isHex,
  MAX_BLOCK_SERIALIZED_SIZE,
  MAX_BLOCK_SIGOPS_COST,
  MAX_BLOCK_WEIGHT,
  MAX_MONEY,
  merkleRoot,
  type Transaction,
  targetFromBits,
  transactionLegacySigOpCount,
  txWeight,
  WITNESS_SCALE_FACTOR,
  witnessCommitmentScript,
  writePushData,
} from "@hashforge/consensus";
import {
  type BlockTemplate,
  buildCoinbaseTx,
  coinbaseMerkleBranch,
  coinbaseScriptSig,
  DEFAULT_EXTRANONCE_SIZE,
  MAX_COINBASE_SCRIPTSIG_SIZE,
  MAX_EXTRANONCE_SIZE,
  type TemplateTransaction,
  zeroWitnessNonce,
} from "@hashforge/node";
import { GbtTemplateError } from "./gbt-template-error.js";

/** How our coinbase is laid out. */
export interface GbtTemplateOptions {
  /** Bytes of extranonce room after the BIP34 height (0..32, default 8, as the node's own). */
  readonly extranonceSize?: number;
  /** Extra data (a pool tag) pushed after the extranonce, behind any `coinbaseaux` values. */
  readonly coinbaseExtraData?: Uint8Array;
}

/**
 * Checks coinbase options once, against the largest BIP34 height push, so no template can fail
 * on them later: the extranonce size must be an integer in 0..32 and the scriptSig with the
 * extra data must stay within Core's 100 bytes. Throws {@link GbtTemplateError} `bad-options`.
 */
export function checkGbtTemplateOptions(options: GbtTemplateOptions): void {
  const size = options.extranonceSize ?? DEFAULT_EXTRANONCE_SIZE;
  if (!Number.isInteger(size) || size < 0 || size > MAX_EXTRANONCE_SIZE) {
    throw new GbtTemplateError(
      "bad-options",
      "extranonceSize",
      `expected an integer in [0, ${MAX_EXTRANONCE_SIZE}], got ${size}`,
    );
  }
  const extra = options.coinbaseExtraData ?? new Uint8Array(0);
  const room = MAX_COINBASE_SCRIPTSIG_SIZE - scriptSigLength(0x7fffffff, size, new Uint8Array(0));
  if (pushLength(extra) > room) {
    throw new GbtTemplateError(
      "bad-options",
      "coinbaseExtraData",
      `${extra.length} bytes do not fit in the coinbase scriptSig beside a ${size}-byte extranonce`,
    );
  }
}

/** Bytes `data` takes as a script push (nothing when empty, as coinbaseScriptSig leaves it out). */
function pushLength(data: Uint8Array): number {
  if (data.length === 0) return 0;
  const w = new ByteWriter(data.length + 5);
  writePushData(w, data);
  return w.finish().length;
}

/** Length of the scriptSig coinbaseScriptSig builds (height push, extranonce push, extra push). */
function scriptSigLength(height: number, extranonceSize: number, extra: Uint8Array): number {
  return (
    coinbaseScriptSig(height, new Uint8Array(extranonceSize)).scriptSig.length + pushLength(extra)
  );
}

/** Longest `longpollid` accepted: Core's is a 64-hex tip hash plus a decimal counter. */
const MAX_LONGPOLL_ID_LENGTH = 1024;

/** Serialized size of a coinbase before its scriptSig length: version, input count, outpoint. */
const COINBASE_SCRIPTSIG_LENGTH_OFFSET = 4 + 1 + 36;

type Fields = Readonly<Record<string, unknown>>;

function isObject(value: unknown): value is Fields {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function present(obj: Fields, key: string, field: string): unknown {
  const value = obj[key];
  if (value === undefined || value === null) {
    throw new GbtTemplateError("missing-field", field, "missing");
  }
  return value;
}

function integer(value: unknown, field: string, min: number, max: number): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    throw new GbtTemplateError(
      "bad-field",
      field,
      `expected an integer in [${min}, ${max}], got ${JSON.stringify(value)}`,
    );
  }
  return value;
}

function hexString(value: unknown, field: string, length?: number): string {
  if (typeof value !== "string" || !isHex(value)) {
    throw new GbtTemplateError("bad-field", field, "expected a hex string");
  }
  if (length !== undefined && value.length !== length) {
    throw new GbtTemplateError(
      "bad-field",
      field,
      `expected ${length} hex characters, got ${value.length}`,
    );
  }
  return value;
}

function rulesOf(value: unknown): string[] {
  if (!Array.isArray(value) || !value.every((r) => typeof r === "string" && r.length <= 64)) {
    throw new GbtTemplateError("bad-field", "rules", "expected an array of rule names");
  }
  return value as string[];
}

/** `coinbaseaux`: values (hex) a miner must put in the coinbase scriptSig, keys ignored (BIP22). */
function coinbaseAux(value: unknown): Uint8Array {
  if (value === undefined || value === null) return new Uint8Array(0);
  if (!isObject(value))
    throw new GbtTemplateError("bad-field", "coinbaseaux", "expected an object");
  return concatBytes(
    ...Object.entries(value).map(([k, v]) => fromHex(hexString(v, `coinbaseaux.${k}`))),
  );
}

/** One `transactions[]` entry checked against its own data. */
function templateTransaction(
  entry: unknown,
  index: number,
  segwitActive: boolean,
): TemplateTransaction {
  const at = `transactions[${index}]`;
  if (!isObject(entry)) throw new GbtTemplateError("bad-field", at, "expected an object");
  const data = hexString(present(entry, "data", `${at}.data`), `${at}.data`);
  let tx: Transaction;
  try {
    tx = decodeTx(fromHex(data));
  } catch (err) {
    if (!(err instanceof DecodeError)) throw err;
    throw new GbtTemplateError("bad-field", `${at}.data`, `not a transaction: ${err.message}`);
  }
  if (!segwitActive && hasWitness(tx)) {
    throw new GbtTemplateError(
      "inconsistent",
      `${at}.data`,
      "witness data before segwit is active",
    );
  }
  const txid = computeTxid(tx);
  const wtxid = computeWtxid(tx);
  for (const [key, hash] of [
    ["txid", txid],
    ["hash", wtxid],
  ] as const) {
    if (entry[key] === undefined) continue;
    const given = hexString(entry[key], `${at}.${key}`, 64).toLowerCase();
    if (given !== hashToHex(hash)) {
      throw new GbtTemplateError(
        "inconsistent",
        `${at}.${key}`,
        `${given} is not the ${key} of the data (${hashToHex(hash)})`,
      );
    }
  }
  const weight = txWeight(tx);
  if (entry.weight !== undefined && entry.weight !== weight) {
    throw new GbtTemplateError(
      "inconsistent",
      `${at}.weight`,
      `${JSON.stringify(entry.weight)} is not the weight of the data (${weight})`,
    );
  }
  const fee = integer(present(entry, "fee", `${at}.fee`), `${at}.fee`, 0, Number(MAX_MONEY));
  // BIP22 `sigops` is the legacy count before segwit and the BIP141 cost after it.
  const sigops = integer(
    present(entry, "sigops", `${at}.sigops`),
    `${at}.sigops`,
    0,
    MAX_BLOCK_SIGOPS_COST,
  );
  const depends = entry.depends ?? [];
  if (!Array.isArray(depends)) {
    throw new GbtTemplateError("bad-field", `${at}.depends`, "expected an array");
  }
  // Positions are 1-based; a transaction can only spend ones before it.
  const positions = depends.map((d, i) => integer(d, `${at}.depends[${i}]`, 1, index));
  return {
    tx,
    txid,
    wtxid,
    fee: BigInt(fee),
    sigopCost: segwitActive ? sigops : sigops * WITNESS_SCALE_FACTOR,
    weight,
    depends: [...new Set(positions)].sort((a, b) => a - b),
  };
}

/**
 * Builds a {@link BlockTemplate} from a getblocktemplate answer, with our own coinbase: BIP34
 * height, `extranonceSize` bytes of zeroed extranonce room, any `coinbaseaux` values and
 * `coinbaseExtraData`, one output paying `payoutScript` the answer's `coinbasevalue`, and when
 * segwit is active (`segwit` or `!segwit` in `rules`) the BIP141 witness commitment, computed
 * from the transactions and checked against `default_witness_commitment` when the node sent
 * one. The coinbase is the node's own builder (buildCoinbaseTx), so templates from either
 * source look alike. The header takes `version`, `previousblockhash`, `curtime` and `bits`.
 *
 * The answer is checked before it is trusted: hex and integer ranges, `target` against what
 * `bits` encodes on `params`' network, each transaction's txid, wtxid and weight against its
 * `data`, `depends` positions, `curtime >= mintime`, `coinbasevalue` within subsidy plus fees,
 * the limits, and consensus checkBlock on the assembled block. Throws {@link GbtTemplateError}
 * (`bad-options` for options out of range).
 */
export function templateFromGbt(
  answer: unknown,
  payoutScript: Uint8Array,
  params: ChainParams,
  options: GbtTemplateOptions = {},
): BlockTemplate {
  checkGbtTemplateOptions(options);
  if (!isObject(answer)) throw new GbtTemplateError("bad-field", "(answer)", "expected an object");
  const field = (key: string) => present(answer, key, key);
  const version = integer(field("version"), "version", -(2 ** 31), 2 ** 32 - 1) | 0; // nVersion is an int32
  const previousBlockHash = hexToHash(
    hexString(field("previousblockhash"), "previousblockhash", 64),
  );
  const height = integer(field("height"), "height", 1, 0x7fffffff);
  const bits = Number.parseInt(hexString(field("bits"), "bits", 8), 16);
  const target = BigInt(`0x${hexString(field("target"), "target", 64)}`);
  const expectedTarget = targetFromBits(bits, params.pow.powLimit);
  if (expectedTarget === null) {
    throw new GbtTemplateError(
      "inconsistent",
      "bits",
      `${bits.toString(16).padStart(8, "0")} is not a valid target on ${params.name}`,
    );
  }
  if (target !== expectedTarget) {
    throw new GbtTemplateError("inconsistent", "target", "is not the target bits encodes");
  }
  const curTime = integer(field("curtime"), "curtime", 0, 0xffffffff);
  const minTime = integer(field("mintime"), "mintime", 0, 0xffffffff);
  if (curTime < minTime) {
    throw new GbtTemplateError(
      "inconsistent",
      "curtime",
      `${curTime} is before mintime ${minTime}`,
    );
  }
  const coinbaseValue = BigInt(
    integer(field("coinbasevalue"), "coinbasevalue", 0, Number(MAX_MONEY)),
  );
  const rules = rulesOf(field("rules"));
  const segwitActive = rules.includes("segwit") || rules.includes("!segwit");
  const templateId = field("longpollid");
  if (
    typeof templateId !== "string" ||
    templateId === "" ||
    templateId.length > MAX_LONGPOLL_ID_LENGTH
  ) {
    throw new GbtTemplateError("bad-field", "longpollid", "expected a non-empty string");
  }
  const entries = field("transactions");
  if (!Array.isArray(entries)) {
    throw new GbtTemplateError("bad-field", "transactions", "expected an array");
  }
  const transactions = entries.map((e, i) => templateTransaction(e, i, segwitActive));
  const fees = transactions.reduce((sum, t) => sum + t.fee, 0n);
  const maxValue = blockSubsidy(height, params) + fees;
  if (coinbaseValue > maxValue) {
    throw new GbtTemplateError(
      "inconsistent",
      "coinbasevalue",
      `${coinbaseValue} exceeds the subsidy plus fees at height ${height} (${maxValue})`,
    );
  }

  const scale = segwitActive ? 1 : WITNESS_SCALE_FACTOR;
  const limit = (key: string, fallback: number) =>
    answer[key] === undefined ? fallback : integer(answer[key], key, 0, fallback);
  const sigopLimit = limit("sigoplimit", MAX_BLOCK_SIGOPS_COST / scale);
  const sizeLimit = limit("sizelimit", MAX_BLOCK_SERIALIZED_SIZE / scale);
  const weightLimit = limit("weightlimit", MAX_BLOCK_WEIGHT);

  // The witness root treats the coinbase as zeros, so it is known before the coinbase is.
  let commitment: Uint8Array | null = null;
  if (segwitActive) {
    commitment = witnessCommitmentScript(
      merkleRoot([new Uint8Array(32), ...transactions.map((t) => t.wtxid)]).root,
      zeroWitnessNonce(),
    );
    const given = answer.default_witness_commitment;
    if (
      given !== undefined &&
      !bytesEqual(fromHex(hexString(given, "default_witness_commitment")), commitment)
    ) {
      throw new GbtTemplateError(
        "inconsistent",
        "default_witness_commitment",
        "does not commit to the template's transactions",
      );
    }
  } else if (answer.default_witness_commitment !== undefined) {
    throw new GbtTemplateError(
      "inconsistent",
      "default_witness_commitment",
      "sent without the segwit rule",
    );
  }

  const extranonceSize = options.extranonceSize ?? DEFAULT_EXTRANONCE_SIZE;
  const aux = coinbaseAux(answer.coinbaseaux);
  const extraData = concatBytes(aux, options.coinbaseExtraData ?? new Uint8Array(0));
  // The options alone fit at any height (checked above): only coinbaseaux can overflow.
  if (scriptSigLength(height, extranonceSize, extraData) > MAX_COINBASE_SCRIPTSIG_SIZE) {
    throw new GbtTemplateError(
      "bad-field",
      "coinbaseaux",
      `${aux.length} bytes do not fit in the coinbase scriptSig (${MAX_COINBASE_SCRIPTSIG_SIZE} bytes at most)`,
    );
  }
  const sig = coinbaseScriptSig(height, new Uint8Array(extranonceSize), extraData);
  const coinbase = buildCoinbaseTx({
    height,
    scriptSig: sig.scriptSig,
    payoutScript,
    value: coinbaseValue,
    witnessCommitmentScript: commitment,
  });
  const txids = [computeTxid(coinbase), ...transactions.map((t) => t.txid)];
  const block = {
    header: {
      version,
      prevBlock: previousBlockHash,
      merkleRoot: merkleRoot(txids).root,
      time: curTime,
      bits,
      nonce: 0,
    },
    txs: [coinbase, ...transactions.map((t) => t.tx)],
  };

  const checked = checkBlock(block, params.pow.powLimit, { checkPow: false });
  if (!checked.ok) {
    throw new GbtTemplateError(
      "inconsistent",
      "transactions",
      `the assembled block fails consensus checks: ${checked.debug ?? checked.reason}`,
      checked.reason,
    );
  }
  const weight = blockWeight(block);
  const coinbaseSigopCost = transactionLegacySigOpCount(coinbase) * WITNESS_SCALE_FACTOR;
  const sigopCost = transactions.reduce((sum, t) => sum + t.sigopCost, coinbaseSigopCost);
  if (weight > weightLimit) {
    throw new GbtTemplateError("inconsistent", "weightlimit", `block weight ${weight} exceeds it`);
  }
  if (sigopCost > sigopLimit * scale) {
    throw new GbtTemplateError("inconsistent", "sigoplimit", `sigop cost ${sigopCost} exceeds it`);
  }

  // Stratum's coinb1/coinb2: the coinbase without witness split around the extranonce.
  const serialized = encodeTx(coinbase, false);
  const extranonceStart =
    COINBASE_SCRIPTSIG_LENGTH_OFFSET +
    compactSizeLength(sig.scriptSig.length) +
    sig.extranonceOffset;
  return {
    block,
    height,
    previousBlockHash,
    version,
    bits,
    target,
    curTime,
    minTime,
    coinbaseValue,
    fees,
    transactions,
    coinbaseSigopCost,
    sigopCost,
    weight,
    segwitActive,
    defaultWitnessCommitment: commitment,
    sigopLimit,
    sizeLimit,
    weightLimit,
    rules,
    templateId,
    extranonce: { offset: sig.extranonceOffset, size: extranonceSize },
    coinbaseParts: {
      prefix: serialized.slice(0, extranonceStart),
      suffix: serialized.slice(extranonceStart + extranonceSize),
    },
    coinbaseMerkleBranch: coinbaseMerkleBranch(txids),
  };
}
