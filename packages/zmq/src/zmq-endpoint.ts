// The `tcp://host:port` addresses ZMQ notifications bind to, as bitcoind's -zmqpub* options take them.
import { isIPv4, isIPv6 } from "node:net";
import { ZmqConfigError } from "./zmq-config-error.js";

/** A parsed bind address. */
export interface ZmqEndpoint {
  /** The address as configured, e.g. `tcp://127.0.0.1:28332` (Core reports this string). */
  readonly address: string;
  /** The IP literal to listen on: `*` becomes `0.0.0.0` and `localhost` `127.0.0.1`. */
  readonly host: string;
  /** TCP port; 0 lets the system choose one (tests read the bound port back). */
  readonly port: number;
  /** True for an IPv6 literal (Core sets ZMQ_IPV6 for those). */
  readonly ipv6: boolean;
}

const TCP_PREFIX = "tcp://";

/**
 * Parses a ZMQ bind address. Only the TCP transport is served: `tcp://` followed by an IPv4
 * literal, a bracketed IPv6 literal (`[::1]`), `localhost` (bound as 127.0.0.1) or `*` (every
 * IPv4 interface, as libzmq binds `*` without ZMQ_IPV6), then `:` and a port. Hostnames and
 * interface names are not resolved, so the node binds exactly what the user named. Throws
 * {@link ZmqConfigError}, naming `option` when given.
 */
export function parseZmqEndpoint(address: string, option?: string): ZmqEndpoint {
  const fail = (why: string): never => {
    const where = option === undefined ? "" : `${option}: `;
    throw new ZmqConfigError(`${where}invalid ZMQ address "${address}": ${why}`, option);
  };
  if (!address.startsWith(TCP_PREFIX)) {
    const scheme = /^([a-z0-9+.-]+):\/\//i.exec(address)?.[1];
    if (scheme !== undefined)
      fail(`the ${scheme}:// transport is not supported, use tcp://host:port`);
    fail("expected tcp://host:port");
  }
  const rest = address.slice(TCP_PREFIX.length);
  let hostPart: string;
  let portPart: string;
  if (rest.startsWith("[")) {
    const close = rest.indexOf("]");
    if (close < 0 || rest[close + 1] !== ":") fail("expected [ipv6]:port");
    hostPart = rest.slice(1, close);
    portPart = rest.slice(close + 2);
    if (!isIPv6(hostPart)) fail(`"${hostPart}" is not an IPv6 address`);
  } else {
    const colon = rest.lastIndexOf(":");
    if (colon < 0) fail("missing :port");
    hostPart = rest.slice(0, colon);
    portPart = rest.slice(colon + 1);
    if (hostPart.includes(":")) fail("write an IPv6 address in brackets, e.g. tcp://[::1]:28332");
  }
  if (!/^[0-9]{1,5}$/.test(portPart) || Number(portPart) > 65535) {
    fail(`port "${portPart}" is not a number from 0 to 65535`);
  }
  const port = Number(portPart);
  if (rest.startsWith("[")) return { address, host: hostPart, port, ipv6: true };
  if (hostPart === "*") return { address, host: "0.0.0.0", port, ipv6: false };
  if (hostPart === "localhost") return { address, host: "127.0.0.1", port, ipv6: false };
  if (!isIPv4(hostPart)) {
    fail(`"${hostPart}" is not an IP address; use an IPv4 or [IPv6] literal, localhost or *`);
  }
  return { address, host: hostPart, port, ipv6: false };
}

/** Formats a bound TCP address the way ZMQ writes endpoints (`tcp://[::1]:28332`). */
export function formatTcpEndpoint(host: string, port: number): string {
  return isIPv6(host) ? `tcp://[${host}]:${port}` : `tcp://${host}:${port}`;
}
