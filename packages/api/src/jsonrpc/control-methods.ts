// Framework-level RPC methods that need no node: help, uptime, stop, echo and echojson (Core's
// rpc/server.cpp and rpc/misc.cpp versions).

import { RpcError, RpcErrorCode } from "./rpc-error.js";
import {
  defineRpcMethod,
  helpExampleCli,
  helpExampleRpc,
  type RpcMethod,
  type RpcParam,
} from "./rpc-method.js";
import type { RpcTable } from "./rpc-table.js";

/** What the control methods need from their host. */
export interface ControlMethodsOptions {
  /** The table `help` describes. */
  readonly table: RpcTable;
  /** Unix milliseconds; `uptime` counts from the value at creation. */
  readonly now: () => number;
  /** Starts a graceful shutdown; called after the `stop` reply has been sent. */
  readonly onStop: () => void;
  /** Name in the `stop` reply (default "hashforge"), as in "Bitcoin Core stopping". */
  readonly productName?: string;
}

const ECHO_PARAMS: readonly RpcParam[] = Array.from({ length: 10 }, (_, i) => ({
  name: `arg${i}`,
  type: "str" as const,
  optional: true,
  skipTypeCheck: true,
  description: "",
}));

function echoMethod(name: "echo" | "echojson"): RpcMethod {
  return defineRpcMethod({
    name,
    category: "hidden",
    description:
      "Simply echo back the input arguments. This command is for testing.\n\n" +
      "It will return an internal bug report when arg9='trigger_internal_bug' is passed.\n\n" +
      'The difference between echo and echojson is that echojson has argument conversion enabled in the client-side table in "hashforge rpc". There is no server-side difference.',
    params: ECHO_PARAMS,
    result: { type: "any", description: "Returns whatever was passed in" },
    handler: (_args, ctx) => {
      if (ctx.params[9] === "trigger_internal_bug") {
        throw new RpcError(
          RpcErrorCode.RPC_MISC_ERROR,
          'Internal bug detected: request.params[9] != "trigger_internal_bug"\nPlease report this issue to the hashforge developers.',
        );
      }
      return ctx.params;
    },
  });
}

/**
 * Creates `help`, `uptime`, `stop`, `echo` and `echojson`. Register them with
 * `table.registerAll(createControlMethods({ table, now, onStop }))`.
 */
export function createControlMethods(options: ControlMethodsOptions): RpcMethod[] {
  const startedAt = options.now();
  const product = options.productName ?? "hashforge";
  const help = defineRpcMethod({
    name: "help",
    category: "control",
    description: "List all commands, or get help for a specified command.",
    params: [
      {
        name: "command",
        type: "str",
        defaultHint: "all commands",
        description: "The command to get help on",
      },
    ],
    result: { type: "str", description: "The help text" },
    handler: ({ command }) => options.table.help(command ?? ""),
  });
  const uptime = defineRpcMethod({
    name: "uptime",
    category: "control",
    description: "Returns the total uptime of the server.",
    params: [],
    result: {
      type: "num",
      key: "",
      description: "The number of seconds that the server has been running",
    },
    examples: helpExampleCli("uptime", "") + helpExampleRpc("uptime", ""),
    handler: () => Math.max(0, Math.floor((options.now() - startedAt) / 1000)),
  });
  const stop = defineRpcMethod({
    name: "stop",
    category: "control",
    description: `Request a graceful shutdown of ${product}.`,
    params: [
      {
        name: "wait",
        type: "int",
        optional: true,
        hidden: true,
        description: "how long to wait in ms",
      },
    ],
    result: { type: "str", description: `A string with the content '${product} stopping'` },
    handler: (_args, ctx) => {
      // The reply goes out first; only then does the host start shutting down.
      ctx.afterResponse(options.onStop);
      return `${product} stopping`;
    },
  });
  return [help, uptime, stop, echoMethod("echo"), echoMethod("echojson")];
}
