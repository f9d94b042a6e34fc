// bitcoind's -zmqpub<type>=<address> and -zmqpub<type>hwm=<n> options (Core's
// CZMQNotificationInterface::Create).
import { ZmqConfigError } from "./zmq-config-error.js";
import { parseZmqEndpoint } from "./zmq-endpoint.js";
import { ZMQ_NOTIFICATION_TYPES, type ZmqEndpointConfig } from "./zmq-notification-type.js";
import { DEFAULT_ZMQ_SNDHWM } from "./zmq-publisher.js";

/** Largest accepted high-water mark (libzmq takes an int). */
const MAX_HWM = 2 ** 31 - 1;

/**
 * Reads the ZMQ options into the notifier's endpoint list. `get(name)` returns every value of
 * option `name` (given without its dash, e.g. `zmqpubrawtx`) in order, or undefined when unset.
 * Each `-zmqpub<type>` may repeat, one notifier per address, listed in Core's type order; the
 * type's `-zmqpub<type>hwm` (last value wins) applies to all of its addresses, default 1000.
 * Throws {@link ZmqConfigError} with a one-line message naming the option for an address that is
 * not `tcp://host:port` or a high-water mark that is not a positive integer.
 */
export function zmqEndpointsFromArgs(
  get: (name: string) => readonly string[] | undefined,
): ZmqEndpointConfig[] {
  const endpoints: ZmqEndpointConfig[] = [];
  for (const type of ZMQ_NOTIFICATION_TYPES) {
    const hwm = parseHwm(`zmq${type}hwm`, get(`zmq${type}hwm`));
    for (const address of get(`zmq${type}`) ?? []) {
      parseZmqEndpoint(address, `-zmq${type}`);
      endpoints.push({ type, address, hwm });
    }
  }
  return endpoints;
}

function parseHwm(name: string, values: readonly string[] | undefined): number {
  const value = values?.at(-1);
  if (value === undefined) return DEFAULT_ZMQ_SNDHWM;
  const n = /^[0-9]+$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < 1 || n > MAX_HWM) {
    throw new ZmqConfigError(
      `-${name}: high-water mark must be a whole number of messages from 1 to ${MAX_HWM} (got "${value}")`,
      `-${name}`,
    );
  }
  return n;
}
