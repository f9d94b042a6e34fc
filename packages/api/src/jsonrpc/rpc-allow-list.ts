// Which client addresses may use the RPC server (Core's -rpcallowip and ClientAllowed).

import { BlockList, isIP } from "node:net";

/** An `rpcallowip` value that is not an address, address/prefix or address/netmask. */
export class RpcAllowListError extends Error {
  override readonly name = "RpcAllowListError";
}

function netmaskPrefix(mask: string): number | null {
  const parts = mask.split(".").map((p) => Number(p));
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) {
    return null;
  }
  const bits = parts.map((p) => p.toString(2).padStart(8, "0")).join("");
  // Only contiguous masks describe a subnet.
  return /^1*0*$/.test(bits) ? (bits.indexOf("0") === -1 ? 32 : bits.indexOf("0")) : null;
}

/** Strips an IPv4-mapped IPv6 prefix so `::ffff:10.0.0.1` matches IPv4 rules. */
export function normalizePeerAddress(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return mapped ? mapped[1]! : address;
}

/**
 * The set of client networks allowed to connect. Loopback (127.0.0.0/8 and ::1) is always
 * allowed, as in Core, unless `includeLoopback` is false (tests use that to see a 403).
 */
export class RpcAllowList {
  readonly #list = new BlockList();

  constructor(entries: readonly string[] = [], includeLoopback = true) {
    if (includeLoopback) {
      this.#list.addSubnet("127.0.0.0", 8, "ipv4");
      this.#list.addAddress("::1", "ipv6");
    }
    for (const entry of entries) this.add(entry);
  }

  /** Adds `1.2.3.4`, `1.2.3.0/24`, `1.2.3.0/255.255.255.0`, `::1` or `fe80::/10`. */
  add(entry: string): void {
    const error = () =>
      new RpcAllowListError(
        `Invalid -rpcallowip subnet specification: ${entry}. Valid values are a single IP (e.g. 1.2.3.4), a network/netmask (e.g. 1.2.3.4/255.255.255.0) or a network/CIDR (e.g. 1.2.3.4/24).`,
      );
    const [address = "", mask, ...rest] = entry.split("/");
    const family = isIP(address);
    if (family === 0 || rest.length > 0) throw error();
    const type = family === 4 ? "ipv4" : "ipv6";
    if (mask === undefined) {
      this.#list.addAddress(address, type);
      return;
    }
    let prefix: number | null = /^\d+$/.test(mask) ? Number(mask) : null;
    if (prefix === null && family === 4) prefix = netmaskPrefix(mask);
    if (prefix === null || prefix > (family === 4 ? 32 : 128)) throw error();
    this.#list.addSubnet(address, prefix, type);
  }

  /** True when a peer at `address` may use the server. */
  allows(address: string | undefined): boolean {
    if (!address) return false;
    const peer = normalizePeerAddress(address);
    const family = isIP(peer);
    if (family === 0) return false;
    return this.#list.check(peer, family === 4 ? "ipv4" : "ipv6");
  }
}
