// The ZMQ RPC (Core's zmq/zmqrpc.cpp): getzmqnotifications.

import {
  defineRpcMethod,
  helpExampleCli,
  helpExampleRpc,
  type RpcMethod,
} from "../jsonrpc/rpc-method.js";

/** One active notifier as `getzmqnotifications` reports it. */
export interface ZmqNotificationRow {
  /** Notification type, e.g. `pubhashblock`. */
  readonly type: string;
  /** Address of the publisher, e.g. `tcp://127.0.0.1:28332`. */
  readonly address: string;
  /** Outbound message high-water mark. */
  readonly hwm: number;
}

/** What getzmqnotifications reads: the node's ZMQ notifier (or nothing when ZMQ is off). */
export interface ZmqNotificationSource {
  notifications(): readonly ZmqNotificationRow[];
}

/**
 * Creates `getzmqnotifications`, which lists the active ZeroMQ notifiers as Core does: an array
 * of `{type, address, hwm}`, empty when no `-zmqpub*` option is set.
 */
export function createZmqRpcMethods(source: ZmqNotificationSource): RpcMethod[] {
  return [
    defineRpcMethod({
      name: "getzmqnotifications",
      category: "zmq",
      description: "Returns information about the active ZeroMQ notifications.",
      params: [],
      result: {
        type: "arr",
        inner: [
          {
            type: "obj",
            inner: [
              { type: "str", key: "type", description: "Type of notification" },
              { type: "str", key: "address", description: "Address of the publisher" },
              { type: "num", key: "hwm", description: "Outbound message high water mark" },
            ],
          },
        ],
      },
      examples:
        helpExampleCli("getzmqnotifications", "") + helpExampleRpc("getzmqnotifications", ""),
      handler: () =>
        source.notifications().map((n) => ({ type: n.type, address: n.address, hwm: n.hwm })),
    }),
  ];
}
