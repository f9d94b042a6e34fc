// A person-readable summary of a network's parameters, as `hashforge network show` prints it.
import {
  type ChainParams,
  COIN,
  DEPLOYMENT_NAMES,
  encodeCompact,
  issuedSupply,
  parseScript,
  retargetInterval,
  toHex,
} from "@hashforge/consensus";
import { formatNumber } from "../text-table.js";
import { expectedGenesisHashes } from "./mine-genesis-header.js";
import { describeMultisigChallenge } from "./signer-keys.js";

/** `30 s`, `10 min`, `2 h`, `1 d`: the largest unit that divides the duration exactly. */
export function formatDuration(seconds: number): string {
  const units: [number, string][] = [
    [86_400, "d"],
    [3600, "h"],
    [60, "min"],
  ];
  const unit = units.find(([size]) => seconds >= size && seconds % size === 0);
  return unit ? `${seconds / unit[0]} ${unit[1]}` : `${seconds} s`;
}

function formatBtc(sats: bigint): string {
  const whole = sats / COIN;
  const frac = (sats % COIN).toString().padStart(8, "0").replace(/0+$/, "");
  return `${formatNumber(Number(whole), 0)}${frac ? `.${frac}` : ""} BTC`;
}

/**
 * The message of a genesis coinbase in Core's layout (`push(486604799) push(4) push(message)`)
 * when it is printable UTF-8 text; null for any other scriptSig.
 */
export function genesisMessage(scriptSig: Uint8Array): string | null {
  const { ops, ok } = parseScript(scriptSig);
  const data = ops[2]?.data;
  if (!ok || ops.length !== 3 || data === undefined) return null;
  try {
    const text = new TextDecoder("utf-8", { fatal: true }).decode(data);
    return /^[^\p{Cc}]*$/u.test(text) ? text : null;
  } catch {
    return null;
  }
}

/** Renders `params` as aligned `label  value` lines, `source` naming where they came from. */
export function renderNetworkSummary(params: ChainParams, source: string): string {
  const p = params;
  const interval = retargetInterval(p.pow);
  const limitBits = encodeCompact(p.pow.powLimit);
  const lastHeight = 64 * p.subsidyHalvingInterval - 1; // the subsidy is zero after 64 halvings
  const message = genesisMessage(p.genesisCoinbase.scriptSig);
  const yesNo = (b: boolean): string => (b ? "yes" : "no");
  const deployments = DEPLOYMENT_NAMES.map((name) => `${name} ${p.deployments[name] ?? "never"}`);
  const lines: [string, string][] = [
    ["network", `${p.name} (${source})`],
    ["magic", toHex(p.messageStart)],
    ["ports", `p2p ${p.defaultPort}, rpc ${p.rpcPort}`],
    [
      "addresses",
      `bech32 ${p.bech32Hrp}1..., base58 versions p2pkh ${p.base58.pubkeyAddress}, p2sh ${p.base58.scriptAddress}, wif ${p.base58.secretKey}`,
    ],
    ["genesis", p.genesisHash],
    [
      "",
      `time ${p.genesisHeader.time} (${new Date(p.genesisHeader.time * 1000).toISOString()}), bits ${p.genesisHeader.bits.toString(16).padStart(8, "0")}, nonce ${p.genesisHeader.nonce}`,
    ],
    [
      "",
      message === null
        ? `coinbase scriptSig ${toHex(p.genesisCoinbase.scriptSig)}`
        : `coinbase "${message}"`,
    ],
    [
      "pow limit",
      `${p.pow.powLimit.toString(16).padStart(64, "0")} (bits ${limitBits.toString(16).padStart(8, "0")}, ~${formatNumber(expectedGenesisHashes(limitBits), 0)} hashes a block)`,
    ],
    ["block time", formatDuration(p.pow.targetSpacing)],
    [
      "retarget",
      p.pow.noRetargeting
        ? "never (difficulty fixed)"
        : `every ${formatNumber(interval, 0)} blocks (${formatDuration(p.pow.targetTimespan)}), at most x4 per step`,
    ],
    [
      "",
      `min-difficulty blocks ${yesNo(p.pow.allowMinDifficultyBlocks)}, BIP94 ${yesNo(p.pow.enforceBip94)}`,
    ],
    [
      "subsidy",
      `${formatBtc(p.initialSubsidy)}, halving every ${formatNumber(p.subsidyHalvingInterval, 0)} blocks; at most ${formatBtc(issuedSupply(lastHeight, p))} ever`,
    ],
    ["deployments", deployments.join(", ")],
  ];
  if (p.signetChallenge !== null) {
    const multisig = describeMultisigChallenge(p.signetChallenge);
    lines.push([
      "block signing",
      multisig === null
        ? `BIP325 challenge ${toHex(p.signetChallenge)}`
        : `BIP325 ${multisig.k}-of-${multisig.n} multisig`,
    ]);
    for (const key of multisig?.publicKeys ?? []) lines.push(["", `signer ${toHex(key)}`]);
  } else {
    lines.push(["block signing", "none (open proof-of-work chain)"]);
  }
  return `${lines.map(([label, value]) => `${label.padEnd(14)}${value}`).join("\n")}\n`;
}
