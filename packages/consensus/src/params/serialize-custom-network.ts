// ChainParams back to the custom network JSON format (docs/networks.md).
import { toHex } from "../bytes/hex.js";
import { RangeCheckError } from "../errors.js";
import { retargetInterval } from "../pow/retarget.js";
import type { ChainParams } from "./chain-params.js";
import { type CustomNetworkJson, DEPLOYMENT_NAMES } from "./custom-network-json.js";

function hex32(n: number): string {
  return n.toString(16).padStart(8, "0");
}

/**
 * Writes parameters as a custom network definition that `parseCustomNetwork` accepts and turns
 * back into equal parameters (format version 1; every field explicit, no defaults relied on).
 * The coinbase is written as hex (`coinbaseScriptSig`, `outputScript`), amounts as JSON
 * integers (all at most MAX_MONEY, below 2^53), and a deployment that never activates as null.
 * `scriptFlagExceptions` and `bip34Hash` are not part of the format and are dropped (custom
 * networks have none). Throws RangeCheckError when the target timespan is not a whole number
 * of target spacings, which the format cannot express.
 */
export function serializeCustomNetwork(params: ChainParams): CustomNetworkJson {
  const interval = retargetInterval(params.pow);
  if (interval * params.pow.targetSpacing !== params.pow.targetTimespan) {
    throw new RangeCheckError(
      `targetTimespan ${params.pow.targetTimespan} is not a multiple of targetSpacing ${params.pow.targetSpacing}`,
    );
  }
  const deployments: Record<string, number | null> = {};
  for (const name of DEPLOYMENT_NAMES) deployments[name] = params.deployments[name] ?? null;
  const h = params.genesisHeader;
  return {
    formatVersion: 1,
    name: params.name,
    magic: toHex(params.messageStart),
    ports: { p2p: params.defaultPort, rpc: params.rpcPort },
    bech32Hrp: params.bech32Hrp,
    base58: {
      pubkeyAddress: params.base58.pubkeyAddress,
      scriptAddress: params.base58.scriptAddress,
      secretKey: params.base58.secretKey,
      extPublicKey: hex32(params.base58.extPublicKey),
      extSecretKey: hex32(params.base58.extSecretKey),
    },
    genesis: {
      version: h.version,
      time: h.time,
      bits: hex32(h.bits),
      nonce: h.nonce,
      coinbaseScriptSig: toHex(params.genesisCoinbase.scriptSig),
      outputScript: toHex(params.genesisCoinbase.scriptPubKey),
      reward: Number(params.genesisCoinbase.reward),
      hash: params.genesisHash,
    },
    pow: {
      powLimit: params.pow.powLimit.toString(16).padStart(64, "0"),
      targetSpacing: params.pow.targetSpacing,
      retargetInterval: interval,
      allowMinDifficultyBlocks: params.pow.allowMinDifficultyBlocks,
      noRetargeting: params.pow.noRetargeting,
      enforceBip94: params.pow.enforceBip94,
    },
    subsidy: {
      halvingInterval: params.subsidyHalvingInterval,
      initial: Number(params.initialSubsidy),
    },
    deployments,
    signetChallenge: params.signetChallenge === null ? null : toHex(params.signetChallenge),
    minimumChainWork: params.minimumChainWork.toString(16).padStart(64, "0"),
    ...(params.isTestChain ? {} : { testChain: false }),
  };
}
