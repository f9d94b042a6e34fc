import { type ChainParams, isDeploymentActive } from "../params/chain-params.js";
import { type VerifyFlagName, VerifyFlags } from "../script/flags.js";

/**
 * The script verification flags a block at `height` is validated with, as Core's
 * GetBlockScriptFlags: P2SH, WITNESS and TAPROOT for every block (they were never violated
 * before activation, except in the blocks listed in `scriptFlagExceptions`), plus DERSIG,
 * CHECKLOCKTIMEVERIFY, CHECKSEQUENCEVERIFY and NULLDUMMY from their deployments' heights.
 */
export function blockScriptFlags(
  params: ChainParams,
  height: number,
  blockHashHex: string,
): number {
  let flags = VerifyFlags.P2SH | VerifyFlags.WITNESS | VerifyFlags.TAPROOT;
  const exception = params.scriptFlagExceptions[blockHashHex];
  if (exception) {
    flags = 0;
    for (const name of exception) flags |= VerifyFlags[name as VerifyFlagName];
  }
  if (isDeploymentActive(params, "bip66", height)) flags |= VerifyFlags.DERSIG;
  if (isDeploymentActive(params, "bip65", height)) flags |= VerifyFlags.CHECKLOCKTIMEVERIFY;
  if (isDeploymentActive(params, "csv", height)) flags |= VerifyFlags.CHECKSEQUENCEVERIFY;
  if (isDeploymentActive(params, "segwit", height)) flags |= VerifyFlags.NULLDUMMY;
  return flags;
}
