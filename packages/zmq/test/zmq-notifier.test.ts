import assert from "node:assert/strict";
import { after, test } from "node:test";
import {
  type Block,
  blockHash,
  decodeBlock,
  decodeTx,
  encodeBlock,
  encodeTx,
  hashToHex,
  type Transaction,
  txid,
  wtxid,
} from "@hashforge/consensus";
import type { BlockIndexEntry, MempoolRemovalReason, NodeEvent } from "@hashforge/node";
import { Subscriber } from "zeromq";
import { ZmqBindError } from "../src/zmq-bind-error.js";
import type { ZmqEndpointConfig } from "../src/zmq-notification-type.js";
import { ZmqNotifier } from "../src/zmq-notifier.js";
import { ZmqPublisher } from "../src/zmq-publisher.js";
import { CaptureLogger } from "./support/capture-logger.js";
import {
  coinbaseTx,
  indexEntry,
  legacySpend,
  makeBlock,
  mempoolEntry,
  segwitSpend,
} from "./support/chain-objects.js";
import { deliver, subscriberNames, testEventBus } from "./support/event-bus.js";
import { le32, subscriptionChange } from "./support/wait.js";

const cleanups: (() => unknown)[] = [];
after(async () => {
  for (const fn of cleanups.reverse()) await fn();
});

/** A display-order hash as the bytes ZMQ sends (hashToHex is already display order). */
const display = (hash: Uint8Array) => Buffer.from(hashToHex(hash), "hex");
const le64 = (n: bigint) => {
  const b = Buffer.alloc(8);
  b.writeBigUInt64LE(n);
  return b;
};
const seqBody = (hash: Uint8Array, label: string, mempool?: bigint) =>
  Buffer.concat([
    display(hash),
    Buffer.from(label),
    mempool === undefined ? Buffer.alloc(0) : le64(mempool),
  ]);

/** One expected message, as hex frames. */
type Wire = [string, string, string];
const wire = (topic: string, body: Uint8Array, n: number): Wire => [
  Buffer.from(topic).toString("hex"),
  Buffer.from(body).toString("hex"),
  le32(n).toString("hex"),
];

function connected(entry: BlockIndexEntry, block: Block): NodeEvent {
  const spent = block.txs.map(() => []);
  return { type: "block:connected", entry, block, height: entry.height, spent };
}
function disconnected(entry: BlockIndexEntry, block: Block): NodeEvent {
  const spent = block.txs.map(() => []);
  return { type: "block:disconnected", entry, block, height: entry.height, spent };
}
function tipChanged(
  tip: BlockIndexEntry,
  previous: BlockIndexEntry,
  fork: BlockIndexEntry,
  initialDownload = false,
): NodeEvent {
  return { type: "tip:changed", tip, previous, fork, initialDownload };
}
const accepted = (tx: Transaction, sequence: bigint): NodeEvent => ({
  type: "tx:accepted",
  entry: mempoolEntry(tx),
  sequence,
});
const removed = (tx: Transaction, reason: MempoolRemovalReason, sequence: bigint): NodeEvent => ({
  type: "tx:removed",
  entry: mempoolEntry(tx),
  reason,
  sequence,
});

async function startNotifier(endpoints: readonly ZmqEndpointConfig[], extra = {}) {
  const bus = testEventBus();
  const log = new CaptureLogger();
  const notifier = new ZmqNotifier({ endpoints, events: bus, logger: log, ...extra });
  await notifier.start();
  cleanups.push(() => notifier.stop());
  return { bus, log, notifier };
}

async function subscribe(notifier: ZmqNotifier, address: string, topics: readonly string[]) {
  const pub = notifier.publisherFor(address);
  assert.ok(pub?.boundAddress !== undefined);
  const sub = new Subscriber({ linger: 0 });
  cleanups.push(() => sub.close());
  sub.connect(pub.boundAddress);
  const ready = Promise.all(topics.map((t) => subscriptionChange(pub, t)));
  sub.subscribe(...topics);
  await ready;
  return sub;
}

async function receive(sub: Subscriber, count: number): Promise<Wire[]> {
  const out: Wire[] = [];
  for (let i = 0; i < count; i++) {
    const frames = await sub.receive();
    assert.equal(frames.length, 3, "every bitcoind ZMQ message has three frames");
    out.push(frames.map((f) => f.toString("hex")) as Wire);
  }
  return out;
}

const A = "tcp://127.0.0.1:0";
const B = "tcp://localhost:0";
const TOPICS = ["hashblock", "hashtx", "rawblock", "rawtx", "sequence"];

test("all five topics carry Core's bytes and per-notifier sequence numbers through a reorg", async () => {
  const endpoints: ZmqEndpointConfig[] = [
    // Listed out of order on purpose: the notifier keeps Core's type order.
    { type: "pubsequence", address: A, hwm: 1000 },
    { type: "pubrawtx", address: A, hwm: 1000 },
    { type: "pubrawblock", address: A, hwm: 1000 },
    { type: "pubhashtx", address: A, hwm: 1000 },
    { type: "pubhashblock", address: A, hwm: 1000 },
    { type: "pubhashblock", address: B, hwm: 5 },
  ];
  const { bus, notifier } = await startNotifier(endpoints);
  const sub = await subscribe(notifier, A, TOPICS);
  const subB = await subscribe(notifier, B, ["hashblock"]);

  const g = makeBlock(new Uint8Array(32), [coinbaseTx(0)], 1_600_000_000);
  const e0 = indexEntry(g, null);
  const cb1 = coinbaseTx(1);
  const t1 = segwitSpend(txid(g.txs[0]!), 1);
  const t2 = legacySpend(txid(g.txs[0]!), 2);
  const b1 = makeBlock(e0.hash, [cb1, t1, t2], 1_600_000_600);
  const e1 = indexEntry(b1, e0);
  const t3 = segwitSpend(txid(cb1), 3);
  const cb1b = coinbaseTx(0x81);
  const b1b = makeBlock(e0.hash, [cb1b], 1_600_000_601);
  const e1b = indexEntry(b1b, e0);
  const cb2 = coinbaseTx(2);
  const b2 = makeBlock(e0.hash, [cb2], 1_600_000_602);
  const e2 = indexEntry(b2, e0);
  const sentinel = segwitSpend(txid(cb2), 9);

  const events: NodeEvent[] = [
    accepted(t1, 1n),
    accepted(t2, 2n),
    connected(e1, b1),
    removed(t1, "block", 3n), // inclusion in a block: no R
    removed(t2, "block", 4n),
    tipChanged(e1, e0, e0),
    accepted(t3, 5n),
    removed(t3, "replaced", 6n),
    // Reorg to b1b: b1 leaves, b1b joins, then one tip change.
    disconnected(e1, b1),
    connected(e1b, b1b),
    tipChanged(e1b, e1, e0),
    // The tip only moves back: no hashblock.
    disconnected(e1b, b1b),
    tipChanged(e0, e1b, e0),
    // During initial block download: transactions and sequence, no hashblock.
    connected(e2, b2),
    tipChanged(e2, e0, e0, true),
    accepted(sentinel, 7n),
  ];
  for (const event of events) await deliver(bus, event);

  const h = (tx: Transaction) => display(txid(tx));
  const raw = (tx: Transaction) => encodeTx(tx, true);
  const expected: Wire[] = [
    wire("hashtx", h(t1), 0),
    wire("rawtx", raw(t1), 0),
    wire("sequence", seqBody(txid(t1), "A", 1n), 0),
    wire("hashtx", h(t2), 1),
    wire("rawtx", raw(t2), 1),
    wire("sequence", seqBody(txid(t2), "A", 2n), 1),
    // block b1 connected: every transaction, then C
    wire("hashtx", h(cb1), 2),
    wire("rawtx", raw(cb1), 2),
    wire("hashtx", h(t1), 3),
    wire("rawtx", raw(t1), 3),
    wire("hashtx", h(t2), 4),
    wire("rawtx", raw(t2), 4),
    wire("sequence", seqBody(e1.hash, "C"), 2),
    wire("hashblock", display(e1.hash), 0),
    wire("rawblock", encodeBlock(b1, true), 0),
    wire("hashtx", h(t3), 5),
    wire("rawtx", raw(t3), 5),
    wire("sequence", seqBody(txid(t3), "A", 5n), 3),
    wire("sequence", seqBody(txid(t3), "R", 6n), 4),
    // reorg
    wire("hashtx", h(cb1), 6),
    wire("rawtx", raw(cb1), 6),
    wire("hashtx", h(t1), 7),
    wire("rawtx", raw(t1), 7),
    wire("hashtx", h(t2), 8),
    wire("rawtx", raw(t2), 8),
    wire("sequence", seqBody(e1.hash, "D"), 5),
    wire("hashtx", h(cb1b), 9),
    wire("rawtx", raw(cb1b), 9),
    wire("sequence", seqBody(e1b.hash, "C"), 6),
    wire("hashblock", display(e1b.hash), 1),
    wire("rawblock", encodeBlock(b1b, true), 1),
    // tip moved back
    wire("hashtx", h(cb1b), 10),
    wire("rawtx", raw(cb1b), 10),
    wire("sequence", seqBody(e1b.hash, "D"), 7),
    // initial download
    wire("hashtx", h(cb2), 11),
    wire("rawtx", raw(cb2), 11),
    wire("sequence", seqBody(e2.hash, "C"), 8),
    // sentinel: nothing unexpected came before it
    wire("hashtx", h(sentinel), 12),
    wire("rawtx", raw(sentinel), 12),
    wire("sequence", seqBody(txid(sentinel), "A", 7n), 9),
  ];
  const got = await receive(sub, expected.length);
  assert.deepEqual(got, expected);

  // The second hashblock notifier, on its own socket, counts its own messages from 0.
  assert.deepEqual(await receive(subB, 2), [
    wire("hashblock", display(e1.hash), 0),
    wire("hashblock", display(e1b.hash), 1),
  ]);

  // Spot-check the bytes against the wire formats, not just against the encoders.
  const [, seqHex] = got[2]!;
  const seq = Buffer.from(seqHex, "hex");
  assert.equal(seq.length, 41);
  assert.equal(seq.subarray(0, 32).toString("hex"), hashToHex(txid(t1)));
  assert.equal(seq[32], "A".charCodeAt(0));
  assert.equal(seq.readBigUInt64LE(33), 1n);
  const rawT1 = Buffer.from(got[1]![1], "hex");
  assert.equal(rawT1.subarray(4, 6).toString("hex"), "0001", "rawtx carries the segwit marker");
  assert.equal(hashToHex(wtxid(decodeTx(rawT1))), hashToHex(wtxid(t1)));
  const rawB1 = decodeBlock(Buffer.from(got[14]![1], "hex"));
  assert.equal(hashToHex(blockHash(rawB1.header)), e1.hashHex);
  assert.equal(rawB1.txs[1]!.inputs[0]!.witness.length, 2, "rawblock carries witness data");
  assert.equal(got[13]![1], e1.hashHex, "hashblock is the display-order hash");

  assert.deepEqual(
    notifier.notifications().map((n) => [n.type, n.hwm]),
    [
      ["pubhashblock", 1000],
      ["pubhashblock", 5],
      ["pubhashtx", 1000],
      ["pubrawblock", 1000],
      ["pubrawtx", 1000],
      ["pubsequence", 1000],
    ],
  );
  const addresses = notifier.notifications().map((n) => n.address);
  assert.match(addresses[0]!, /^tcp:\/\/127\.0\.0\.1:[1-9][0-9]*$/);
  assert.match(addresses[1]!, /^tcp:\/\/127\.0\.0\.1:[1-9][0-9]*$/);
  assert.notEqual(addresses[0], addresses[1]);
  assert.equal(new Set(addresses.filter((_, i) => i !== 1)).size, 1, "one socket for address A");
});

test("rawblock reads a tip it did not see connect through getBlock", async () => {
  const g = makeBlock(new Uint8Array(32), [coinbaseTx(0)], 1_600_000_000);
  const e0 = indexEntry(g, null);
  const b1 = makeBlock(e0.hash, [coinbaseTx(1), segwitSpend(txid(g.txs[0]!), 4)], 1_600_000_100);
  const e1 = indexEntry(b1, e0);
  const reads: string[] = [];
  const endpoints: ZmqEndpointConfig[] = [
    { type: "pubhashblock", address: A, hwm: 10 },
    { type: "pubrawblock", address: A, hwm: 10 },
  ];
  const { bus, notifier } = await startNotifier(endpoints, {
    getBlock: async (hash: Uint8Array) => {
      reads.push(hashToHex(hash));
      return hashToHex(hash) === e1.hashHex ? b1 : undefined;
    },
  });
  const sub = await subscribe(notifier, A, ["hashblock", "rawblock"]);
  await deliver(bus, tipChanged(e1, e0, e0));
  assert.deepEqual(await receive(sub, 2), [
    wire("hashblock", display(e1.hash), 0),
    wire("rawblock", encodeBlock(b1, true), 0),
  ]);
  assert.deepEqual(reads, [e1.hashHex]);
});

test("a rawblock whose block cannot be read is skipped and logged; its counter does not move", async () => {
  const g = makeBlock(new Uint8Array(32), [coinbaseTx(0)], 1_600_000_000);
  const e0 = indexEntry(g, null);
  const b1 = makeBlock(e0.hash, [coinbaseTx(1)], 1_600_000_100);
  const e1 = indexEntry(b1, e0);
  const b2 = makeBlock(e1.hash, [coinbaseTx(2)], 1_600_000_200);
  const e2 = indexEntry(b2, e1);
  const { bus, notifier, log } = await startNotifier([
    { type: "pubrawblock", address: A, hwm: 10 },
  ]);
  const sub = await subscribe(notifier, A, ["rawblock"]);
  await deliver(bus, tipChanged(e1, e0, e0)); // no getBlock, block never seen
  const line = await log.waitFor((l) => l.level === "error");
  assert.equal(line.msg, "ZMQ rawblock skipped: block data not available");
  assert.equal(line.obj.hash, e1.hashHex);
  await deliver(bus, connected(e2, b2));
  await deliver(bus, tipChanged(e2, e1, e1));
  assert.deepEqual(await receive(sub, 1), [wire("rawblock", encodeBlock(b2, true), 0)]);
});

test("a notifier counts messages nobody was subscribed to, as Core's counter does", async () => {
  const { bus, notifier } = await startNotifier([{ type: "pubhashtx", address: A, hwm: 10 }]);
  const t = coinbaseTx(5);
  await deliver(bus, accepted(t, 1n)); // no subscriber yet: not sent, still counted
  const sub = await subscribe(notifier, A, ["hashtx"]);
  await deliver(bus, accepted(t, 2n));
  assert.deepEqual(await receive(sub, 1), [wire("hashtx", display(txid(t)), 1)]);
});

test("start() closes what it bound when a later endpoint fails; stop() unsubscribes", async () => {
  const taken = new ZmqPublisher({ address: "tcp://127.0.0.1:0" });
  await taken.start();
  cleanups.push(() => taken.stop());
  const clash = `tcp://127.0.0.1:${taken.port}`;
  const bus = testEventBus();
  const notifier = new ZmqNotifier({
    endpoints: [
      { type: "pubhashblock", address: A, hwm: 10 },
      { type: "pubrawtx", address: clash, hwm: 10 },
    ],
    events: bus,
  });
  await assert.rejects(notifier.start(), (err: unknown) => {
    assert.ok(err instanceof ZmqBindError);
    assert.equal(err.endpoint, clash);
    assert.match(err.message, new RegExp(`^Unable to bind ZMQ endpoint ${clash}: `));
    return true;
  });
  assert.equal(notifier.publisherFor(A)?.port, undefined, "the first endpoint was closed again");
  assert.deepEqual(subscriberNames(bus), []);

  const ok = await startNotifier([{ type: "pubsequence", address: A, hwm: 10 }]);
  assert.deepEqual(subscriberNames(ok.bus), ["zmq"]);
  await ok.notifier.start(); // already started: no second subscription
  assert.deepEqual(subscriberNames(ok.bus), ["zmq"]);
  await ok.notifier.stop();
  assert.deepEqual(subscriberNames(ok.bus), []);
  assert.equal(ok.notifier.publisherFor(A)?.port, undefined);
  // Events after stop() reach nobody and throw nothing.
  await deliver(ok.bus, accepted(coinbaseTx(1), 1n));
});
