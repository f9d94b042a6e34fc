// Work from any bitcoind-compatible node over JSON-RPC: getblocktemplate with our own coinbase,
// BIP22 long polling, submitblock.

import { type Block, type ChainParams, encodeBlock, toHex } from "@hashforge/consensus";
import type { BlockTemplate } from "@hashforge/node";
import { type JsonRpcClient, RpcClientError } from "@hashforge/rpc-client";
import {
  checkGbtTemplateOptions,
  type GbtTemplateOptions,
  templateFromGbt,
} from "./gbt-template.js";
import type { SubmitOutcome, WorkSource } from "./work-source.js";

/** What {@link RpcWorkSource} needs. */
export interface RpcWorkSourceOptions extends GbtTemplateOptions {
  /** The node's JSON-RPC client (credentials, timeouts and size cap are its business). */
  readonly client: JsonRpcClient;
  /** The network the node runs; templates are checked against it (bits vs powLimit, subsidy). */
  readonly params: ChainParams;
}

/**
 * A {@link WorkSource} over a bitcoind-compatible node's JSON-RPC interface. Templates come
 * from `getblocktemplate {"rules":["segwit"]}` (plus `signet` on a signet network, which Core
 * requires) and carry our own coinbase (see {@link templateFromGbt}); their `templateId` is the
 * node's `longpollid`. Failures of the node or the connection are the client's
 * RpcClientErrors; a malformed template is a GbtTemplateError.
 */
export class RpcWorkSource implements WorkSource {
  readonly params: ChainParams;
  readonly #client: JsonRpcClient;
  readonly #coinbase: GbtTemplateOptions;
  readonly #rules: readonly string[];

  /** Throws GbtTemplateError `bad-options` when the coinbase options cannot fit. */
  constructor(options: RpcWorkSourceOptions) {
    const coinbase: GbtTemplateOptions = {
      ...(options.extranonceSize === undefined ? {} : { extranonceSize: options.extranonceSize }),
      ...(options.coinbaseExtraData === undefined
        ? {}
        : { coinbaseExtraData: options.coinbaseExtraData.slice() }),
    };
    checkGbtTemplateOptions(coinbase);
    this.params = options.params;
    this.#client = options.client;
    this.#coinbase = coinbase;
    this.#rules = options.params.signetChallenge === null ? ["segwit"] : ["segwit", "signet"];
  }

  /** Asks the node for a template and builds ours from it, paying `payoutScript`. */
  async template(payoutScript: Uint8Array): Promise<BlockTemplate> {
    const answer = await this.#client.call("getblocktemplate", [{ rules: this.#rules }]);
    return templateFromGbt(answer, payoutScript, this.params, this.#coinbase);
  }

  /**
   * BIP22 long poll: getblocktemplate with `longpollid` = `templateId` and no client timeout,
   * which the node answers once its template would differ (at once when `templateId` is stale).
   * Rejects with the signal's reason when `signal` aborts, with RpcClientError when the call fails.
   */
  async waitForChange(templateId: string, signal: AbortSignal): Promise<void> {
    await this.#client.call("getblocktemplate", [{ rules: this.#rules, longpollid: templateId }], {
      timeoutMs: 0,
      signal,
    });
  }

  /**
   * Submits a solved block (submitblock with its hex, witness included): null is accepted, a
   * string is Core's BIP22 reason ("duplicate", "inconclusive", "bad-txnmrklroot", ...).
   */
  async submitBlock(block: Block): Promise<SubmitOutcome> {
    const result = await this.#client.call("submitblock", [toHex(encodeBlock(block))]);
    if (result === null) return { accepted: true };
    if (typeof result === "string") return { accepted: false, reason: result };
    throw new RpcClientError(
      "bad-response",
      `submitblock: expected null or a reason string, got ${JSON.stringify(result).slice(0, 100)}`,
    );
  }
}
