// The zmq package's one door: bitcoind-compatible ZMQ notifications over a TypeScript ZMTP PUB.

export { SubscriptionSet } from "./subscription-set.js";
export { ZmqBindError } from "./zmq-bind-error.js";
export { ZmqConfigError } from "./zmq-config-error.js";
export { formatTcpEndpoint, parseZmqEndpoint, type ZmqEndpoint } from "./zmq-endpoint.js";
export { zmqEndpointsFromArgs } from "./zmq-endpoints-from-args.js";
export { SILENT_ZMQ_LOGGER, type ZmqLogger } from "./zmq-logger.js";
export {
  displayOrder,
  encodeSequenceBody,
  encodeSequenceNumber,
  type ZmqSequenceLabel,
} from "./zmq-message.js";
export {
  ZMQ_NOTIFICATION_TYPES,
  type ZmqEndpointConfig,
  type ZmqNotificationType,
  zmqTopic,
} from "./zmq-notification-type.js";
export {
  ZMQ_SUBSCRIBER_NAME,
  type ZmqEventSource,
  type ZmqNotificationInfo,
  ZmqNotifier,
  type ZmqNotifierOptions,
} from "./zmq-notifier.js";
export {
  DEFAULT_ZMQ_MAX_PEERS,
  DEFAULT_ZMQ_PEER_LIMITS,
  DEFAULT_ZMQ_SNDHWM,
  ZmqPublisher,
  type ZmqPublisherOptions,
  type ZmqSubscriptionChange,
} from "./zmq-publisher.js";
export {
  encodeCommand,
  encodePong,
  encodeProperties,
  encodePubReady,
  parseCommand,
  parseProperties,
  type ZmtpCommand,
} from "./zmtp-command.js";
export {
  encodeCommandFrame,
  encodeMessage,
  ZMTP_FLAG_COMMAND,
  ZMTP_FLAG_LONG,
  ZMTP_FLAG_MORE,
  type ZmtpFrame,
  ZmtpFrameDecoder,
} from "./zmtp-frame.js";
export {
  checkGreetingPrefix,
  decodeGreeting,
  encodeGreeting,
  ZMTP_GREETING_SIZE,
  type ZmtpGreeting,
} from "./zmtp-greeting.js";
export { ZmtpProtocolError, type ZmtpProtocolErrorCode } from "./zmtp-protocol-error.js";
export type { ZmqPeerInfo, ZmqPeerLimits } from "./zmtp-pub-connection.js";
