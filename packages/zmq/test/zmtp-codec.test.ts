import assert from "node:assert/strict";
import { test } from "node:test";
import { SubscriptionSet } from "../src/subscription-set.js";
import {
  encodeCommand,
  encodePong,
  encodeProperties,
  encodePubReady,
  parseCommand,
  parseProperties,
} from "../src/zmtp-command.js";
import { encodeMessage, ZmtpFrameDecoder } from "../src/zmtp-frame.js";
import { checkGreetingPrefix, decodeGreeting, encodeGreeting } from "../src/zmtp-greeting.js";
import { ZmtpProtocolError } from "../src/zmtp-protocol-error.js";

const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");
const ascii = (s: string) => new TextEncoder().encode(s);

function protocolCode(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof ZmtpProtocolError, String(err));
    return err.code;
  }
  assert.fail("expected a ZmtpProtocolError");
}

test("the greeting is RFC 23's 64 bytes: signature, 3.1, NULL, as-server 0, zero filler", () => {
  const g = encodeGreeting();
  assert.equal(g.length, 64);
  assert.equal(hex(g.subarray(0, 12)), "ff00000000000000007f0301");
  assert.equal(hex(g.subarray(12, 32)), `${hex(ascii("NULL"))}${"00".repeat(16)}`);
  assert.equal(hex(g.subarray(32)), "00".repeat(32));
  assert.deepEqual(decodeGreeting(g), { major: 3, minor: 1, mechanism: "NULL", asServer: false });
});

test("a greeting is refused at the first byte that shows it is not ZMTP 3", () => {
  assert.equal(
    protocolCode(() => checkGreetingPrefix(ascii("G"))),
    "bad-signature",
  );
  const noBit = encodeGreeting();
  noBit[9] = 0x7e;
  assert.equal(
    protocolCode(() => checkGreetingPrefix(noBit.subarray(0, 10))),
    "bad-signature",
  );
  const v2 = encodeGreeting();
  v2[10] = 2;
  assert.equal(
    protocolCode(() => checkGreetingPrefix(v2.subarray(0, 11))),
    "unsupported-version",
  );
  // Partial but so far valid prefixes pass; padding bytes are not significant.
  const padded = encodeGreeting();
  padded.fill(0xaa, 1, 9);
  checkGreetingPrefix(padded.subarray(0, 5));
  assert.equal(decodeGreeting(padded).mechanism, "NULL");
  const plain = encodeGreeting();
  plain.set(ascii("PLAIN"), 12);
  assert.equal(decodeGreeting(plain).mechanism, "PLAIN");
});

test("messages use short frames up to 255 bytes, long frames above, MORE on all but the last", () => {
  const wire = encodeMessage([
    ascii("hashtx"),
    new Uint8Array(256).fill(7),
    Uint8Array.of(1, 0, 0, 0),
  ]);
  assert.equal(hex(wire.subarray(0, 8)), `0106${hex(ascii("hashtx"))}`);
  assert.equal(hex(wire.subarray(8, 17)), "030000000000000100");
  assert.equal(hex(wire.subarray(17 + 256)), "000401000000");
  assert.equal(wire.length, 8 + 9 + 256 + 6);
  assert.equal(hex(encodeMessage([new Uint8Array(255)]).subarray(0, 2)), "00ff");
});

test("the decoder reassembles frames cut at every byte boundary", () => {
  const wire = Buffer.concat([
    encodeMessage([ascii("a"), new Uint8Array(300).fill(9)]),
    encodeCommand("SUBSCRIBE", ascii("raw")),
  ]);
  for (let cut = 0; cut <= wire.length; cut++) {
    const d = new ZmtpFrameDecoder(1024);
    const frames = [...d.push(wire.subarray(0, cut)), ...d.push(wire.subarray(cut))];
    assert.equal(frames.length, 3, `cut at ${cut}`);
    assert.deepEqual(
      frames.map((f) => [f.more, f.command, f.body.length]),
      [
        [true, false, 1],
        [false, false, 300],
        [false, true, 13],
      ],
    );
    assert.equal(d.bufferedBytes, 0);
  }
});

test("the decoder refuses reserved flags, MORE on commands and frames over its limit", () => {
  assert.equal(
    protocolCode(() => new ZmtpFrameDecoder(64).push(Uint8Array.of(0x08, 0))),
    "bad-flags",
  );
  assert.equal(
    protocolCode(() => new ZmtpFrameDecoder(64).push(Uint8Array.of(0x05, 0))),
    "bad-flags",
  );
  // A long frame claiming 2^40 bytes is refused from its header alone.
  const huge = Uint8Array.of(0x02, 0, 0, 1, 0, 0, 0, 0, 0);
  assert.equal(
    protocolCode(() => new ZmtpFrameDecoder(64).push(huge)),
    "frame-too-large",
  );
  assert.equal(
    protocolCode(() => new ZmtpFrameDecoder(64).push(Uint8Array.of(0, 65))),
    "frame-too-large",
  );
  // At the limit is fine.
  assert.equal(new ZmtpFrameDecoder(64).push(encodeMessage([new Uint8Array(64)])).length, 1);
});

test("READY carries Socket-Type=PUB; properties parse case-insensitively and strictly", () => {
  const ready = encodePubReady();
  assert.equal(ready[0], 0x04);
  const cmd = parseCommand(ready.subarray(2));
  assert.equal(cmd.name, "READY");
  assert.equal(hex(cmd.data), `0b${hex(ascii("Socket-Type"))}00000003${hex(ascii("PUB"))}`);
  const props = parseProperties(
    encodeProperties(
      new Map([
        ["SOCKET-TYPE", ascii("SUB")],
        ["Identity", new Uint8Array(0)],
      ]),
    ),
  );
  assert.deepEqual([...props.keys()], ["socket-type", "identity"]);
  assert.equal(Buffer.from(props.get("socket-type")!).toString(), "SUB");
  const truncated = encodeProperties(new Map([["Socket-Type", ascii("SUB")]])).subarray(0, 15);
  assert.equal(
    protocolCode(() => parseProperties(truncated)),
    "malformed-command",
  );
  assert.equal(
    protocolCode(() => parseCommand(Uint8Array.of(9, 65))),
    "malformed-command",
  );
  assert.equal(
    protocolCode(() => parseCommand(new Uint8Array(0))),
    "malformed-command",
  );
});

test("PONG echoes the PING context; a context over 16 bytes is malformed", () => {
  const ping = Uint8Array.of(0, 100, 0xca, 0xfe);
  assert.equal(hex(encodePong(ping)), `040704${hex(ascii("PONG"))}cafe`);
  assert.equal(
    protocolCode(() => encodePong(new Uint8Array(19))),
    "malformed-command",
  );
  assert.equal(
    protocolCode(() => encodePong(Uint8Array.of(1))),
    "malformed-command",
  );
});

test("subscriptions are reference-counted prefixes; the empty prefix matches everything", () => {
  const s = new SubscriptionSet();
  assert.equal(s.matches(ascii("hashtx")), false);
  assert.equal(s.add(ascii("hash")), true);
  assert.equal(s.add(ascii("hash")), false);
  assert.equal(s.matches(ascii("hashblock")), true);
  assert.equal(s.matches(ascii("has")), false);
  assert.equal(s.matches(ascii("rawtx")), false);
  assert.equal(s.remove(ascii("hash")), false);
  assert.equal(s.matches(ascii("hashtx")), true);
  assert.equal(s.remove(ascii("hash")), true);
  assert.equal(s.matches(ascii("hashtx")), false);
  assert.equal(s.remove(ascii("never")), false);
  s.add(new Uint8Array(0));
  assert.equal(s.matches(new Uint8Array(0)), true);
  assert.equal(s.matches(ascii("sequence")), true);
  assert.equal(s.size, 1);
});
