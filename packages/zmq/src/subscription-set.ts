// The topic prefixes one subscriber asked for, as libzmq's PUB keeps them.

/**
 * A subscriber's subscriptions: byte prefixes with reference counts, like libzmq's trie, so
 * subscribing twice and cancelling once leaves the prefix subscribed. A message matches when
 * its first frame starts with any subscribed prefix; the empty prefix matches everything.
 */
export class SubscriptionSet {
  readonly #entries = new Map<string, { readonly prefix: Uint8Array; count: number }>();

  /** Number of distinct prefixes held. */
  get size(): number {
    return this.#entries.size;
  }

  /** True when `prefix` is already held (adding it again grows no memory). */
  has(prefix: Uint8Array): boolean {
    return this.#entries.has(key(prefix));
  }

  /** Adds one reference to `prefix`; returns true when it was not subscribed before. */
  add(prefix: Uint8Array): boolean {
    const k = key(prefix);
    const entry = this.#entries.get(k);
    if (entry !== undefined) {
      entry.count++;
      return false;
    }
    this.#entries.set(k, { prefix: prefix.slice(), count: 1 });
    return true;
  }

  /** Drops one reference; returns true when the prefix is no longer subscribed. */
  remove(prefix: Uint8Array): boolean {
    const k = key(prefix);
    const entry = this.#entries.get(k);
    if (entry === undefined) return false;
    if (--entry.count > 0) return false;
    this.#entries.delete(k);
    return true;
  }

  /** True when some subscribed prefix starts `topic`. */
  matches(topic: Uint8Array): boolean {
    for (const { prefix } of this.#entries.values()) {
      if (prefix.length > topic.length) continue;
      let i = 0;
      while (i < prefix.length && prefix[i] === topic[i]) i++;
      if (i === prefix.length) return true;
    }
    return false;
  }
}

function key(prefix: Uint8Array): string {
  return Buffer.from(prefix.buffer, prefix.byteOffset, prefix.length).toString("latin1");
}
