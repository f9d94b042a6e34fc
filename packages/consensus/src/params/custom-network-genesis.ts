// The genesis section of a custom network definition: reading, rebuilding and verifying it.
import { blockHash } from "../block/header.js";
import { fromHex, hashToHex, hexToHash } from "../bytes/hex.js";
import { MAX_MONEY } from "../constants.js";
import { secPubkeyLength } from "../crypto/pubkey.js";
import { checkProofOfWork } from "../pow/check-pow.js";
import { decodeCompact } from "../pow/compact.js";
import { OP } from "../script/opcodes.js";
import { buildScript } from "../script/script.js";
import { MAX_SCRIPT_SIZE } from "../script/script-limits.js";
import type { ChainParams, PowParams } from "./chain-params.js";
import { type ConfigReader, INT32_MAX, type JsonObject, UINT32_MAX } from "./config-reader.js";
import { createGenesisBlock, genesisCoinbaseScriptSig } from "./genesis.js";

const GENESIS_KEYS = [
  "version",
  "time",
  "bits",
  "nonce",
  "coinbaseMessage",
  "coinbaseScriptSig",
  "outputScript",
  "outputPubkey",
  "reward",
  "hash",
];
/** A coinbase scriptSig must be 2..100 bytes (Core's CheckTransaction, `bad-cb-length`). */
const MAX_COINBASE_SCRIPTSIG = 100;
/** Bytes of the coinbase scriptSig around the message: push(486604799) push(4) and its push. */
const MAX_COINBASE_MESSAGE = MAX_COINBASE_SCRIPTSIG - 5 - 2 - 2;

function readBits(r: ConfigReader, value: unknown): number | undefined {
  if (typeof value === "string") {
    const hex = r.string(
      "network.genesis.bits",
      value,
      /^(0x)?[0-9a-fA-F]{8}$/,
      "a compact target: 8 hex digits (optionally 0x-prefixed) or an unsigned 32-bit integer",
    );
    return hex === undefined ? undefined : Number.parseInt(hex.replace(/^0x/, ""), 16);
  }
  return r.integer(
    "network.genesis.bits",
    value,
    0,
    UINT32_MAX,
    "a compact target: 8 hex digits (optionally 0x-prefixed) or an unsigned 32-bit integer",
  );
}

function readScriptSig(r: ConfigReader, obj: JsonObject): Uint8Array | undefined {
  const path = "network.genesis";
  if (obj.coinbaseMessage !== undefined && obj.coinbaseScriptSig !== undefined) {
    return r.fail(
      `${path}.coinbaseScriptSig`,
      `${path}.coinbaseScriptSig must not be given together with ${path}.coinbaseMessage (they are alternatives)`,
    );
  }
  if (obj.coinbaseMessage !== undefined) {
    const msg = obj.coinbaseMessage;
    const bytes = typeof msg === "string" ? new TextEncoder().encode(msg) : undefined;
    if (bytes === undefined || bytes.length === 0 || bytes.length > MAX_COINBASE_MESSAGE) {
      return r.fail(
        `${path}.coinbaseMessage`,
        `${path}.coinbaseMessage must be text of 1 to ${MAX_COINBASE_MESSAGE} UTF-8 bytes (the coinbase scriptSig is limited to ${MAX_COINBASE_SCRIPTSIG} bytes)`,
      );
    }
    return genesisCoinbaseScriptSig(bytes);
  }
  if (obj.coinbaseScriptSig === undefined) {
    return r.fail(
      `${path}.coinbaseMessage`,
      `${path}.coinbaseMessage (text) or ${path}.coinbaseScriptSig (hex) is required`,
    );
  }
  const hex = r.hex(
    `${path}.coinbaseScriptSig`,
    obj.coinbaseScriptSig,
    2,
    MAX_COINBASE_SCRIPTSIG,
    `hex of 2 to ${MAX_COINBASE_SCRIPTSIG} bytes (Core's coinbase scriptSig limits)`,
  );
  return hex === undefined ? undefined : fromHex(hex);
}

function readOutputScript(r: ConfigReader, obj: JsonObject): Uint8Array | undefined {
  const path = "network.genesis";
  if (obj.outputScript !== undefined && obj.outputPubkey !== undefined) {
    return r.fail(
      `${path}.outputPubkey`,
      `${path}.outputPubkey must not be given together with ${path}.outputScript (they are alternatives)`,
    );
  }
  if (obj.outputPubkey !== undefined) {
    const hex = r.hex(
      `${path}.outputPubkey`,
      obj.outputPubkey,
      33,
      65,
      "a SEC public key as hex (33 bytes 02/03..., or 65 bytes 04...)",
    );
    if (hex === undefined) return undefined;
    const key = fromHex(hex);
    if (secPubkeyLength(key[0]!) !== key.length) {
      return r.fail(
        `${path}.outputPubkey`,
        `${path}.outputPubkey must be a SEC public key as hex (33 bytes 02/03..., or 65 bytes 04...)`,
      );
    }
    return buildScript([key, OP.OP_CHECKSIG]);
  }
  if (obj.outputScript === undefined) {
    return r.fail(
      `${path}.outputScript`,
      `${path}.outputScript (hex) or ${path}.outputPubkey (hex, paid as <pubkey> OP_CHECKSIG) is required`,
    );
  }
  const hex = r.hex(
    `${path}.outputScript`,
    obj.outputScript,
    0,
    MAX_SCRIPT_SIZE,
    `a script as hex (at most ${MAX_SCRIPT_SIZE} bytes)`,
  );
  return hex === undefined ? undefined : fromHex(hex);
}

/** The genesis part of {@link ChainParams} read from a definition. */
export interface GenesisConfig {
  readonly header: ChainParams["genesisHeader"];
  readonly hash: string;
  readonly coinbase: ChainParams["genesisCoinbase"];
}

/**
 * Reads `network.genesis`, rebuilds the block it describes (Core's CreateGenesisBlock layout)
 * and checks the declared hash against it and against the target of `bits` (Core's
 * CheckProofOfWork), recording every problem on `r`. With `allowUnmined` a missing hash is
 * accepted and the computed one returned.
 */
export function readGenesisConfig(
  r: ConfigReader,
  value: unknown,
  pow: PowParams | undefined,
  defaultReward: bigint | undefined,
  allowUnmined: boolean,
): GenesisConfig | undefined {
  const path = "network.genesis";
  const obj = r.object(path, value);
  if (!obj) return undefined;
  r.knownKeys(path, obj, GENESIS_KEYS);
  const version =
    obj.version === undefined
      ? 1
      : r.integer(
          `${path}.version`,
          obj.version,
          -0x80000000,
          INT32_MAX,
          "a signed 32-bit integer",
        );
  const time = r.integer(
    `${path}.time`,
    obj.time,
    0,
    UINT32_MAX,
    "a UNIX time in seconds (unsigned 32-bit)",
  );
  const bits = readBits(r, obj.bits);
  const nonce = r.integer(`${path}.nonce`, obj.nonce, 0, UINT32_MAX, "an unsigned 32-bit integer");
  const scriptSig = readScriptSig(r, obj);
  const scriptPubKey = readOutputScript(r, obj);
  const reward =
    obj.reward === undefined
      ? defaultReward
      : r.satoshis(
          `${path}.reward`,
          obj.reward,
          0n,
          MAX_MONEY,
          `an amount of satoshis from 0 to MAX_MONEY (${MAX_MONEY})`,
        );
  const hashRequired = obj.hash !== undefined || !allowUnmined;
  const declared = hashRequired
    ? r.hex(`${path}.hash`, obj.hash, 32, 32, "the genesis block hash as 64 hex digits")
    : undefined;
  if (bits !== undefined && pow !== undefined) {
    const { target, negative, overflow } = decodeCompact(bits);
    const shown = `0x${bits.toString(16).padStart(8, "0")}`;
    if (negative || overflow || target === 0n) {
      return r.fail(
        `${path}.bits`,
        `${path}.bits ${shown} is not a valid compact target (negative, zero or overflowing)`,
      );
    }
    if (target > pow.powLimit) {
      return r.fail(
        `${path}.bits`,
        `${path}.bits ${shown} encodes a target above network.pow.powLimit`,
      );
    }
  }
  if (
    version === undefined ||
    time === undefined ||
    bits === undefined ||
    nonce === undefined ||
    scriptSig === undefined ||
    scriptPubKey === undefined ||
    reward === undefined ||
    pow === undefined ||
    (hashRequired && declared === undefined)
  ) {
    return undefined;
  }
  const block = createGenesisBlock({ version, time, bits, nonce, scriptSig, scriptPubKey, reward });
  const hash = blockHash(block.header);
  const computed = hashToHex(hash);
  if (declared !== undefined) {
    if (declared !== computed) {
      return r.fail(
        `${path}.hash`,
        `${path}.hash does not match the genesis block ${path} describes (computed ${computed})`,
      );
    }
    if (!checkProofOfWork(hexToHash(declared), bits, pow.powLimit)) {
      return r.fail(
        `${path}.hash`,
        `${path}.hash ${declared} does not meet the proof-of-work target of ${path}.bits; mine the genesis block first (vary ${path}.nonce)`,
      );
    }
  }
  return {
    header: block.header,
    hash: computed,
    coinbase: { scriptSig, scriptPubKey, reward },
  };
}
