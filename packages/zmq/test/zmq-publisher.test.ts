import assert from "node:assert/strict";
import { after, test } from "node:test";
import { Subscriber, XSubscriber } from "zeromq";
import { ZmqBindError } from "../src/zmq-bind-error.js";
import { ZmqConfigError } from "../src/zmq-config-error.js";
import { ZmqPublisher, type ZmqPublisherOptions } from "../src/zmq-publisher.js";
import { encodeCommand } from "../src/zmtp-command.js";
import { encodeMessage } from "../src/zmtp-frame.js";
import { encodeGreeting } from "../src/zmtp-greeting.js";
import { CaptureLogger, protocolWarning } from "./support/capture-logger.js";
import { RawZmtpPeer } from "./support/raw-zmtp-peer.js";
import { le32, subscriptionChange } from "./support/wait.js";

const cleanups: (() => unknown)[] = [];
after(async () => {
  for (const fn of cleanups.reverse()) await fn();
});

async function publisher(
  options: Partial<ZmqPublisherOptions> = {},
): Promise<{ pub: ZmqPublisher; log: CaptureLogger; port: number }> {
  const log = new CaptureLogger();
  const pub = new ZmqPublisher({ address: "tcp://127.0.0.1:0", logger: log, ...options });
  await pub.start();
  cleanups.push(() => pub.stop());
  assert.ok(pub.port !== undefined && pub.port > 0);
  return { pub, log, port: pub.port };
}

function subscriber(port: number, options: ConstructorParameters<typeof Subscriber>[0] = {}) {
  const sub = new Subscriber({ linger: 0, ...options });
  sub.connect(`tcp://127.0.0.1:${port}`);
  cleanups.push(() => sub.close());
  return sub;
}

const msg = (...parts: (string | Uint8Array)[]) =>
  parts.map((p) => (typeof p === "string" ? Buffer.from(p) : p));
const text = (frames: Buffer[]) => frames.map((f) => f.toString());

test("a libzmq SUB gets only the messages its prefixes match; unsubscribe stops them", async () => {
  const { pub, port } = await publisher();
  const sub = subscriber(port);
  const subscribed = subscriptionChange(pub, "hash");
  sub.subscribe("hash");
  await subscribed;
  assert.equal(pub.hasSubscriberFor(Buffer.from("hashblock")), true);
  assert.equal(pub.hasSubscriberFor(Buffer.from("rawtx")), false);
  assert.equal(pub.publish(msg("rawtx", "a")), 0);
  assert.equal(pub.publish(msg("hashtx", "b")), 1);
  pub.publish(msg("hashblock", "c"));
  assert.deepEqual(text(await sub.receive()), ["hashtx", "b"]);
  assert.deepEqual(text(await sub.receive()), ["hashblock", "c"]);

  const switched = subscriptionChange(pub, "rawtx");
  const cancelled = subscriptionChange(pub, "hash", false);
  sub.unsubscribe("hash");
  sub.subscribe("rawtx");
  await Promise.all([cancelled, switched]);
  pub.publish(msg("hashtx", "d"));
  pub.publish(msg("rawtx", "e"));
  assert.deepEqual(text(await sub.receive()), ["rawtx", "e"]);
  const [peer] = pub.peers();
  assert.equal(peer?.ready, true);
  assert.equal(peer?.socketType, "SUB");
  assert.equal(peer?.version, "3.1");
  assert.equal(peer?.subscriptions, 1);
});

test("multi-part messages with short and long frames arrive byte for byte", async () => {
  const { pub, port } = await publisher();
  const sub = subscriber(port);
  const ready = subscriptionChange(pub, "");
  sub.subscribe();
  await ready;
  const big = Buffer.alloc(70_000);
  for (let i = 0; i < big.length; i++) big[i] = (i * 31) & 0xff;
  const exact = Buffer.alloc(255, 0xee);
  pub.publish([Buffer.from("rawblock"), big, le32(7)]);
  pub.publish([Buffer.from("x"), exact, Buffer.alloc(256, 1), Buffer.alloc(0)]);
  const [topic, body, seq] = await sub.receive();
  assert.equal(topic?.toString(), "rawblock");
  assert.ok(body?.equals(big));
  assert.ok(seq?.equals(le32(7)));
  const second = await sub.receive();
  assert.deepEqual(
    second.map((f) => f.length),
    [1, 255, 256, 0],
  );
  assert.ok(second[1]?.equals(exact));
});

test("an XSUB subscribes with 0x01/0x00 messages", async () => {
  const { pub, port } = await publisher();
  const xsub = new XSubscriber({ linger: 0 });
  xsub.connect(`tcp://127.0.0.1:${port}`);
  cleanups.push(() => xsub.close());
  const on = subscriptionChange(pub, "sequence");
  await xsub.send(Buffer.from("\x01sequence", "latin1"));
  await on;
  assert.equal(pub.peers()[0]?.socketType, "XSUB");
  pub.publish(msg("sequence", "s"));
  assert.deepEqual(text(await xsub.receive()), ["sequence", "s"]);
  const off = subscriptionChange(pub, "sequence", false);
  await xsub.send(Buffer.from("\x00sequence", "latin1"));
  await off;
  assert.equal(pub.hasSubscriberFor(Buffer.from("sequence")), false);
});

test("ZMTP 3.1 SUBSCRIBE and CANCEL commands work; PING is answered with PONG", async () => {
  const { pub, port } = await publisher();
  const peer = await RawZmtpPeer.connect(port);
  cleanups.push(() => peer.destroy());
  const { greeting, ready } = await peer.handshake();
  assert.ok(greeting.equals(Buffer.from(encodeGreeting())));
  assert.equal(
    Buffer.from(ready).toString("latin1"),
    "\x05READY\x0bSocket-Type\x00\x00\x00\x03PUB",
  );
  const on = subscriptionChange(pub, "hashblock");
  peer.write(encodeCommand("SUBSCRIBE", Buffer.from("hashblock")));
  await on;
  pub.publish(msg("hashtx", "no"));
  pub.publish(msg("hashblock", "yes", le32(0)));
  assert.deepEqual(text(await peer.readMessage()), ["hashblock", "yes", "\x00\x00\x00\x00"]);

  peer.write(encodeCommand("PING", Uint8Array.of(0, 10, 0xab, 0xcd)));
  const pong = await peer.readFrame();
  assert.equal(pong.command, true);
  assert.equal(
    Buffer.from(pong.body).toString("hex"),
    `04${Buffer.from("PONG").toString("hex")}abcd`,
  );

  const off = subscriptionChange(pub, "hashblock", false);
  peer.write(encodeCommand("CANCEL", Buffer.from("hashblock")));
  await off;
  assert.equal(pub.publish(msg("hashblock", "gone")), 0);
  // A 0x01 message inside a multi-part message is not a subscription (only first frames are).
  peer.write(encodeMessage([Buffer.from("junk"), Buffer.from("\x01late")]));
  peer.subscribeMessage("sync");
  await subscriptionChange(pub, "sync");
  assert.equal(pub.hasSubscriberFor(Buffer.from("late")), false);
});

test("a subscriber that stops reading is held to the high-water mark; others get everything", async () => {
  const hwm = 4;
  const { pub, port } = await publisher({ hwm });
  // The slow one reads nothing and keeps tiny libzmq and kernel receive buffers.
  const slow = subscriber(port, { receiveHighWaterMark: 1, receiveBufferSize: 4096 });
  const fast = subscriber(port);
  const both = new Promise<void>((resolve) => {
    let n = 0;
    const off = pub.onSubscription(() => {
      if (++n === 2) {
        off();
        resolve();
      }
    });
  });
  slow.subscribe("rawblock");
  fast.subscribe("rawblock");
  await both;
  const body = Buffer.alloc(128 * 1024, 0x5a);
  const wireSize = 9 + 9 + body.length + 2 + 4;
  const slowPeer = () => pub.peers().find((p) => p.dropped > 0 || p.queued > 0);
  let drops = 0;
  // Send until the slow subscriber's queue overflows (bounded: at most 2,000 messages, 256 MiB).
  for (let sent = 0; sent < 2000; sent++) {
    const delivered = pub.publish([Buffer.from("rawblock"), body, le32(sent)]);
    assert.ok(delivered === 1 || delivered === 2);
    drops += 2 - delivered;
    const [, , seq] = await fast.receive();
    assert.equal(seq?.readUInt32LE(), sent, "the fast subscriber misses nothing");
    for (const p of pub.peers()) {
      assert.ok(p.queued <= hwm, `queue ${p.queued} over hwm`);
      assert.ok(p.bufferedBytes <= 2 * wireSize, `socket buffer ${p.bufferedBytes} unbounded`);
    }
    if ((slowPeer()?.dropped ?? 0) >= 10) break;
  }
  const slowInfo = slowPeer();
  assert.ok(slowInfo !== undefined, "the slow subscriber never backed up");
  assert.equal(slowInfo.queued, hwm);
  assert.ok(slowInfo.dropped >= 10);
  assert.equal(slowInfo.dropped, drops, "publish() counts exactly the messages it dropped");
  const fastInfo = pub.peers().find((p) => p.peer !== slowInfo.peer);
  assert.equal(fastInfo?.dropped, 0);
  // The slow subscriber, once it reads again, gets whole messages in order: the ones that fit.
  const first = await slow.receive();
  assert.equal(first[0]?.toString(), "rawblock");
  assert.equal(first[2]?.readUInt32LE(), 0);
});

test("hostile peers are logged and disconnected; a good subscriber keeps receiving", async () => {
  const { pub, port, log } = await publisher({ limits: { maxSubscriptions: 2 } });
  const good = subscriber(port);
  const ready = subscriptionChange(pub, "hashtx");
  good.subscribe("hashtx");
  await ready;
  let seq = 0;
  const stillReceiving = async () => {
    pub.publish([Buffer.from("hashtx"), Buffer.alloc(32, seq), le32(seq)]);
    const [, , n] = await good.receive();
    assert.equal(n?.readUInt32LE(), seq++);
  };

  const hostile = async (code: string, act: (p: RawZmtpPeer) => Promise<void> | void) => {
    const peer = await RawZmtpPeer.connect(port);
    cleanups.push(() => peer.destroy());
    await act(peer);
    await peer.closed;
    const line = await log.waitFor(protocolWarning(code));
    assert.equal(line.msg, "ZMQ subscriber disconnected: protocol error");
    await stillReceiving();
  };

  await hostile("bad-signature", (p) => p.write(Buffer.from("GET / HTTP/1.1\r\n\r\n")));
  await hostile("unsupported-version", (p) => {
    const g = encodeGreeting();
    g[10] = 2;
    p.write(g);
  });
  await hostile("unsupported-mechanism", (p) => {
    const g = encodeGreeting();
    g.set(Buffer.from("CURVE"), 12);
    p.write(g);
  });
  await hostile("incompatible-socket-type", async (p) => {
    await p.handshake("REQ");
  });
  await hostile("unexpected-command", (p) => {
    p.write(encodeGreeting());
    p.write(encodeMessage([Buffer.from("\x01hashtx")])); // data before READY
  });
  await hostile("frame-too-large", async (p) => {
    await p.handshake();
    p.write(Uint8Array.of(0x02, 0, 0, 1, 0, 0, 0, 0, 0)); // a long frame claiming 1 TiB
  });
  await hostile("bad-flags", async (p) => {
    await p.handshake();
    p.write(Uint8Array.of(0x80, 1, 0));
  });
  await hostile("too-many-subscriptions", async (p) => {
    await p.handshake();
    for (const t of ["a", "b", "c"]) p.subscribeMessage(t);
  });
  await hostile("peer-error", async (p) => {
    await p.handshake();
    p.write(encodeCommand("ERROR", Buffer.from("\x04nope")));
  });
  assert.equal(pub.peers().length, 1, "only the good subscriber is left");
});

test("a peer that never finishes the handshake is dropped after handshakeTimeoutMs", async () => {
  const { port, log } = await publisher({ limits: { handshakeTimeoutMs: 50 } });
  const peer = await RawZmtpPeer.connect(port);
  cleanups.push(() => peer.destroy());
  // It gets the publisher's greeting, then silence from its side ends the connection.
  assert.equal((await peer.read(64))[0], 0xff);
  await peer.closed;
  await log.waitFor(protocolWarning("handshake-timeout"));
});

test("connections past maxPeers are closed at once", async () => {
  const { pub, port, log } = await publisher({ maxPeers: 1 });
  const first = await RawZmtpPeer.connect(port);
  cleanups.push(() => first.destroy());
  await first.handshake();
  const second = await RawZmtpPeer.connect(port);
  await second.closed;
  const line = await log.waitFor((l) => l.msg === "ZMQ connection refused: too many subscribers");
  assert.equal(line.level, "warn");
  assert.equal(pub.peers().length, 1);
});

test("bind failures reject start() with a ZmqBindError naming the endpoint", async () => {
  const { port } = await publisher();
  const address = `tcp://127.0.0.1:${port}`;
  const clash = new ZmqPublisher({ address });
  await assert.rejects(clash.start(), (err: unknown) => {
    assert.ok(err instanceof ZmqBindError);
    assert.equal(err.code, "EADDRINUSE");
    assert.equal(err.endpoint, address);
    assert.ok(err.message.startsWith(`Unable to bind ZMQ endpoint ${address}: `), err.message);
    return true;
  });
  assert.equal(clash.port, undefined);
  await clash.stop(); // stopping a publisher that never bound is fine
  assert.throws(() => new ZmqPublisher({ address: "ipc:///tmp/x" }), ZmqConfigError);
  assert.throws(() => new ZmqPublisher({ address: "tcp://127.0.0.1:0", hwm: 0 }), ZmqConfigError);
});

test("stop() closes every subscriber and the listener", async () => {
  const log = new CaptureLogger();
  const pub = new ZmqPublisher({ address: "tcp://127.0.0.1:0", logger: log });
  await pub.start();
  await pub.start(); // a second start while bound does nothing
  const port = pub.port!;
  const peer = await RawZmtpPeer.connect(port);
  await peer.handshake();
  peer.subscribeMessage("");
  await subscriptionChange(pub, "");
  await pub.stop();
  await peer.closed;
  assert.equal(pub.peers().length, 0);
  assert.equal(pub.port, undefined);
  await assert.rejects(RawZmtpPeer.connect(port), /ECONNREFUSED/);
  await pub.stop();
  // It can bind again afterwards.
  await pub.start();
  cleanups.push(() => pub.stop());
  assert.ok(pub.port !== undefined);
});
