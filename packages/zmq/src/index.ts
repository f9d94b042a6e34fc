// The zmq package's one door: bitcoind-compatible ZMQ notifications over our own ZMTP PUB socket.

export { ZmqBindError } from "./zmq-bind-error.js";
export { ZmqConfigError } from "./zmq-config-error.js";
export { zmqEndpointsFromArgs } from "./zmq-endpoints-from-args.js";
export type { ZmqLogger } from "./zmq-logger.js";
export type { ZmqEndpointConfig, ZmqNotificationType } from "./zmq-notification-type.js";
export {
  type ZmqEventSource,
  type ZmqNotificationInfo,
  ZmqNotifier,
  type ZmqNotifierOptions,
} from "./zmq-notifier.js";
export { DEFAULT_ZMQ_SNDHWM } from "./zmq-publisher.js";
