// The method registry and dispatcher (Core's CRPCTable in rpc/server.cpp): registration, warm-up
// gate, named-argument conversion, checks, and the `help` listing.

import type { JsonValue, RpcResultValue } from "./json-value.js";
import {
  checkArgTypes,
  convertArgs,
  isValidArgCount,
  transformNamedArguments,
} from "./rpc-args.js";
import { RpcError, RpcErrorCode } from "./rpc-error.js";
import { methodHelp } from "./rpc-help.js";
import { isWalletScoped, type RpcCallContext, type RpcMethod } from "./rpc-method.js";

/** Status shown while warming up, until the node calls {@link RpcTable.setWarmupFinished}. */
export const DEFAULT_WARMUP_STATUS = "Loading block index...";

/** A registration mistake (duplicate name, bad declaration): a programming error, not a request error. */
export class RpcRegistrationError extends Error {
  override readonly name = "RpcRegistrationError";
}

/** One call to execute: the method name and its params as parsed (array or named object). */
export interface RpcCall {
  readonly method: string;
  readonly params: readonly JsonValue[] | { readonly [key: string]: JsonValue };
}

/** Call details other than the method and params; missing ones get in-process defaults. */
export interface RpcCallInfo extends Partial<Omit<RpcCallContext, "method" | "params">> {
  /**
   * Names of the loaded wallets; when given, a wallet-scoped method (see isWalletScoped) called
   * for a `wallet` not among them fails with RPC_WALLET_NOT_FOUND (-18).
   */
  readonly loadedWallets?: () => readonly string[];
}

/** Core's message for a `/wallet/<name>` that names no loaded wallet (wallet/rpc/util.cpp). */
export const WALLET_NOT_LOADED_MESSAGE = "Requested wallet does not exist or is not loaded";

/** Options of {@link RpcTable}. */
export interface RpcTableOptions {
  /**
   * Initial warm-up status; while set, every call fails with RPC_IN_WARMUP (-28) and this
   * message, as in Core. `false` starts ready (handy for tools and tests). Default
   * {@link DEFAULT_WARMUP_STATUS}.
   */
  readonly warmup?: string | false;
}

const NAME_PATTERN = /^[A-Za-z0-9_]+$/;

/**
 * The set of RPC methods and the rules for calling them. Method modules register into it; the
 * HTTP server (or an in-process caller) executes calls through {@link RpcTable.execute}.
 */
export class RpcTable {
  readonly #methods = new Map<string, RpcMethod>();
  #warmup: string | null;

  constructor(options: RpcTableOptions = {}) {
    const warmup = options.warmup ?? DEFAULT_WARMUP_STATUS;
    this.#warmup = warmup === false ? null : warmup;
  }

  /** Adds a method; throws {@link RpcRegistrationError} for a duplicate or malformed declaration. */
  register(method: RpcMethod): void {
    if (!NAME_PATTERN.test(method.name)) {
      throw new RpcRegistrationError(`invalid RPC method name '${method.name}'`);
    }
    if (this.#methods.has(method.name)) {
      throw new RpcRegistrationError(`RPC method '${method.name}' is already registered`);
    }
    const names = new Set<string>();
    for (const param of method.params) {
      for (const n of [param.name, ...(param.aliases ?? [])]) {
        if (names.has(n) || n === "args") {
          throw new RpcRegistrationError(`${method.name}: parameter name '${n}' is not unique`);
        }
        names.add(n);
      }
    }
    this.#methods.set(method.name, method);
  }

  /** Adds several methods. */
  registerAll(methods: readonly RpcMethod[]): void {
    for (const m of methods) this.register(m);
  }

  /** Removes a method; returns whether it was there. */
  unregister(name: string): boolean {
    return this.#methods.delete(name);
  }

  /** The method registered under `name`. */
  get(name: string): RpcMethod | undefined {
    return this.#methods.get(name);
  }

  /** All registered methods, sorted by category then name. */
  list(): RpcMethod[] {
    return [...this.#methods.values()].sort((a, b) =>
      a.category === b.category
        ? a.name < b.name
          ? -1
          : a.name > b.name
            ? 1
            : 0
        : a.category < b.category
          ? -1
          : 1,
    );
  }

  /** Sets the warm-up status message; calls fail with RPC_IN_WARMUP until it is finished. */
  setWarmupStatus(status: string): void {
    this.#warmup = status;
  }

  /** Ends warm-up: calls are executed from now on (Core's `SetRPCWarmupFinished`). */
  setWarmupFinished(): void {
    this.#warmup = null;
  }

  /** The warm-up status, or null once ready. */
  warmupStatus(): string | null {
    return this.#warmup;
  }

  /**
   * Executes one call (Core's `CRPCTable::execute` + `RPCHelpMan::HandleRequest`): warm-up gate,
   * lookup (-32601 "Method not found"), named-argument conversion, argument count (-1 with the
   * method's help text, as Core does), JSON types (-3), conversion, the requested wallet (-18
   * for a wallet-scoped method and a name not in `info.loadedWallets`, where Core's handlers
   * look it up first), then the handler. Errors that are not {@link RpcError}s become
   * RPC_MISC_ERROR with their message.
   */
  async execute(call: RpcCall, info: RpcCallInfo = {}): Promise<RpcResultValue> {
    if (this.#warmup !== null) throw new RpcError(RpcErrorCode.RPC_IN_WARMUP, this.#warmup);
    const method = this.#methods.get(call.method);
    if (!method) throw new RpcError(RpcErrorCode.RPC_METHOD_NOT_FOUND, "Method not found");
    try {
      const params: readonly JsonValue[] = Array.isArray(call.params)
        ? (call.params as readonly JsonValue[])
        : transformNamedArguments(
            call.params as { readonly [key: string]: JsonValue },
            method.params,
          );
      if (!isValidArgCount(method.params, params.length)) {
        throw new RpcError(RpcErrorCode.RPC_MISC_ERROR, methodHelp(method));
      }
      checkArgTypes(method.params, params);
      const args = convertArgs(method.params, params);
      if (
        info.wallet !== undefined &&
        info.loadedWallets !== undefined &&
        isWalletScoped(method) &&
        !info.loadedWallets().includes(info.wallet)
      ) {
        throw new RpcError(RpcErrorCode.RPC_WALLET_NOT_FOUND, WALLET_NOT_LOADED_MESSAGE);
      }
      const ctx: RpcCallContext = {
        method: method.name,
        wallet: info.wallet,
        user: info.user ?? "",
        peer: info.peer ?? "local",
        params,
        signal: info.signal ?? new AbortController().signal,
        afterResponse: info.afterResponse ?? ((fn) => queueMicrotask(fn)),
      };
      return await method.handler(args, ctx);
    } catch (err) {
      if (err instanceof RpcError) throw err;
      throw new RpcError(
        RpcErrorCode.RPC_MISC_ERROR,
        err instanceof Error ? err.message : String(err),
        { cause: err },
      );
    }
  }

  /**
   * Help text: for one command, its full help (or "help: unknown command: X"); for "", the
   * synopsis of every non-hidden method grouped under `== Category ==` headings (Core's
   * `CRPCTable::help`).
   */
  help(command = ""): string {
    let out = "";
    let category = "";
    for (const method of this.list()) {
      if ((command !== "" || method.category === "hidden") && method.name !== command) continue;
      let text = methodHelp(method);
      if (command === "") {
        text = text.slice(0, text.indexOf("\n"));
        if (category !== method.category) {
          if (category !== "") out += "\n";
          category = method.category;
          out += `== ${category.charAt(0).toUpperCase()}${category.slice(1)} ==\n`;
        }
      }
      out += `${text}\n`;
    }
    if (out === "") out = `help: unknown command: ${command}\n`;
    return out.slice(0, -1);
  }
}
