// Small awaitable helpers for publisher tests (events, never sleeps).
import type { ZmqPublisher } from "../../src/zmq-publisher.js";

/** Resolves when some peer of `pub` subscribes to (or cancels) exactly `prefix`. */
export function subscriptionChange(
  pub: ZmqPublisher,
  prefix: string,
  subscribed = true,
): Promise<void> {
  const want = Buffer.from(prefix);
  return new Promise((resolve) => {
    const off = pub.onSubscription((change) => {
      if (change.subscribed === subscribed && want.equals(change.prefix)) {
        off();
        resolve();
      }
    });
  });
}

/** Little-endian uint32 as the third frame of bitcoind's messages. */
export function le32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n);
  return b;
}
