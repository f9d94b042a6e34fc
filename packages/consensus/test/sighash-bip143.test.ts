// The worked examples of BIP143 ("Example" section of bip-0143.mediawiki), transcribed as data:
// each gives the unsigned transaction, the scriptCode, amount and hash type, and the published
// intermediate hashes and sigHash (internal byte order, as the BIP prints them).
import assert from "node:assert/strict";
import { test } from "node:test";
import { secp256k1 } from "@noble/curves/secp256k1.js";
import { fromHex, toHex } from "../src/bytes/hex.js";
import { sha256d } from "../src/hash.js";
import { legacySighash } from "../src/script/sighash/legacy.js";
import { precomputeTxData } from "../src/script/sighash/precomputed.js";
import { segwitV0Sighash } from "../src/script/sighash/segwit-v0.js";
import { decodeTx } from "../src/tx/codec.js";
import { reportCases } from "./support/vectors.js";

interface Bip143Case {
  readonly name: string;
  readonly tx: string;
  readonly inputIndex: number;
  readonly scriptCode: string;
  readonly amount: bigint;
  readonly hashType: number;
  readonly sigHash: string;
  /** The preimage the BIP prints, when it prints one. */
  readonly preimage?: string;
  /** Published intermediate hashes (only those the BIP lists for the case). */
  readonly hashPrevouts?: string;
  readonly hashSequence?: string;
  readonly hashOutputs?: string;
}

const P2WPKH_TX =
  "0100000002fff7f7881a8099afa6940d42d1e7f6362bec38171ea3edf433541db4e4ad969f0000000000eeffffffef51e1b804cc89d182d279655c3aa89e815b1b309fe287d9b2b55d57b90ec68a0100000000ffffffff02202cb206000000001976a9148280b37df378db99f66f85c95a783a76ac7a6d5988ac9093510d000000001976a9143bde42dbee7e4dbe6a21b2d50ce2f0167faa815988ac11000000";
const P2SH_P2WPKH_TX =
  "0100000001db6b1b20aa0fd7b23880be2ecbd4a98130974cf4748fb66092ac4d3ceb1a54770100000000feffffff02b8b4eb0b000000001976a914a457b684d7f0d539a46a45bbc043f35b59d0d96388ac0008af2f000000001976a914fd270b1ee6abcaea97fea7ad0402e8bd8ad6d77c88ac92040000";
const P2WSH_SEP_TX =
  "0100000002fe3dc9208094f3ffd12645477b3dc56f60ec4fa8e6f5d67c565d1c6b9216b36e0000000000ffffffff0815cf020f013ed6cf91d29f4202e8a58726b1ac6c79da47c23d1bee0a6925f80000000000ffffffff0100f2052a010000001976a914a30741f8145e5acadf23f751864167f32e0963f788ac00000000";
const P2WSH_ACP_TX =
  "0100000002e9b542c5176808107ff1df906f46bb1f2583b16112b95ee5380665ba7fcfc0010000000000ffffffff80e68831516392fcd100d186b3c2c7b95c80b53c77e77c35ba03a66b429a2a1b0000000000ffffffff0280969800000000001976a914de4b231626ef508c9a74a8517e6783c0546d6b2888ac80969800000000001976a9146648a8cd4531e1ec47f35916de8e259237294d1e88ac00000000";
const P2SH_P2WSH_TX =
  "010000000136641869ca081e70f394c6948e8af409e18b619df2ed74aa106c1ca29787b96e0100000000ffffffff0200e9a435000000001976a914389ffce9cd9ae88dcc0631e88a821ffdbe9bfe2688acc0832f05000000001976a9147480a33f950689af511e6e84c138dbbd3c3ee41588ac00000000";
const MULTISIG_6OF6 =
  "56210307b8ae49ac90a048e9b53357a2354b3334e9c8bee813ecb98e99a7e07e8c3ba32103b28f0c28bfab54554ae8c658ac5c3e0ce6e79ad336331f78c428dd43eea8449b21034b8113d703413d57761b8b9781957b8c0ac1dfe69f492580ca4195f50376ba4a21033400f6afecb833092a9a21cfdf1ed1376e58c5d1f47de74683123987e967a8f42103a6d48b1131e94ba04d9737d61acdaa1322008af9602b3b14862c07a1789aac162102d8b661b0b3302ee2f162b09e07a55ad5dfbe673a9f01d9f0c19617681024306b56ae";
const NO_FIND_AND_DELETE_TX =
  "010000000169c12106097dc2e0526493ef67f21269fe888ef05c7a3a5dacab38e1ac8387f14c1d000000ffffffff0101000000000000000000000000";
const P2SH_P2WSH_AMOUNT = 987654321n;

const CASES: readonly Bip143Case[] = [
  {
    name: "native P2WPKH, ALL",
    tx: P2WPKH_TX,
    inputIndex: 1,
    scriptCode: "76a9141d0f172a0ecb48aee1be1f2687d2963ae33f71a188ac",
    amount: 600000000n,
    hashType: 1,
    hashPrevouts: "96b827c8483d4e9b96712b6713a7b68d6e8003a781feba36c31143470b4efd37",
    hashSequence: "52b0a642eea2fb7ae638c36f6252b6750293dbe574a806984b8e4d8548339a3b",
    hashOutputs: "863ef3e1a92afbfdb97f31ad0fc7683ee943e9abcf2501590ff8f6551f47e5e5",
    preimage:
      "0100000096b827c8483d4e9b96712b6713a7b68d6e8003a781feba36c31143470b4efd3752b0a642eea2fb7ae638c36f6252b6750293dbe574a806984b8e4d8548339a3bef51e1b804cc89d182d279655c3aa89e815b1b309fe287d9b2b55d57b90ec68a010000001976a9141d0f172a0ecb48aee1be1f2687d2963ae33f71a188ac0046c32300000000ffffffff863ef3e1a92afbfdb97f31ad0fc7683ee943e9abcf2501590ff8f6551f47e5e51100000001000000",
    sigHash: "c37af31116d1b27caf68aae9e3ac82f1477929014d5b917657d0eb49478cb670",
  },
  {
    name: "P2SH-P2WPKH, ALL",
    tx: P2SH_P2WPKH_TX,
    inputIndex: 0,
    scriptCode: "76a91479091972186c449eb1ded22b78e40d009bdf008988ac",
    amount: 1000000000n,
    hashType: 1,
    hashPrevouts: "b0287b4a252ac05af83d2dcef00ba313af78a3e9c329afa216eb3aa2a7b4613a",
    hashSequence: "18606b350cd8bf565266bc352f0caddcf01e8fa789dd8a15386327cf8cabe198",
    hashOutputs: "de984f44532e2173ca0d64314fcefe6d30da6f8cf27bafa706da61df8a226c83",
    preimage:
      "01000000b0287b4a252ac05af83d2dcef00ba313af78a3e9c329afa216eb3aa2a7b4613a18606b350cd8bf565266bc352f0caddcf01e8fa789dd8a15386327cf8cabe198db6b1b20aa0fd7b23880be2ecbd4a98130974cf4748fb66092ac4d3ceb1a5477010000001976a91479091972186c449eb1ded22b78e40d009bdf008988ac00ca9a3b00000000feffffffde984f44532e2173ca0d64314fcefe6d30da6f8cf27bafa706da61df8a226c839204000001000000",
    sigHash: "64f3b0f4dd2bb3aa1ce8566d220cc74dda9df97d8490cc81d89d735c92e59fb6",
  },
  {
    name: "native P2WSH, SINGLE out of range, whole script (separator not yet executed)",
    tx: P2WSH_SEP_TX,
    inputIndex: 1,
    scriptCode:
      "21026dccc749adc2a9d0d89497ac511f760f45c47dc5ed9cf352a58ac706453880aeadab210255a9626aebf5e29c0e6538428ba0d1dcf6ca98ffdf086aa8ced5e0d0215ea465ac",
    amount: 4900000000n,
    hashType: 3,
    hashPrevouts: "ef546acf4a020de3898d1b8956176bb507e6211b5ed3619cd08b6ea7e2a09d41",
    preimage:
      "01000000ef546acf4a020de3898d1b8956176bb507e6211b5ed3619cd08b6ea7e2a09d4100000000000000000000000000000000000000000000000000000000000000000815cf020f013ed6cf91d29f4202e8a58726b1ac6c79da47c23d1bee0a6925f8000000004721026dccc749adc2a9d0d89497ac511f760f45c47dc5ed9cf352a58ac706453880aeadab210255a9626aebf5e29c0e6538428ba0d1dcf6ca98ffdf086aa8ced5e0d0215ea465ac0011102401000000ffffffff00000000000000000000000000000000000000000000000000000000000000000000000003000000",
    sigHash: "82dde6e4f1e94d02c2b7ad03d2115d691f48d064e9d52f58194a6637e4194391",
  },
  {
    name: "native P2WSH, SINGLE out of range, script after the executed separator",
    tx: P2WSH_SEP_TX,
    inputIndex: 1,
    scriptCode: "210255a9626aebf5e29c0e6538428ba0d1dcf6ca98ffdf086aa8ced5e0d0215ea465ac",
    amount: 4900000000n,
    hashType: 3,
    preimage:
      "01000000ef546acf4a020de3898d1b8956176bb507e6211b5ed3619cd08b6ea7e2a09d4100000000000000000000000000000000000000000000000000000000000000000815cf020f013ed6cf91d29f4202e8a58726b1ac6c79da47c23d1bee0a6925f80000000023210255a9626aebf5e29c0e6538428ba0d1dcf6ca98ffdf086aa8ced5e0d0215ea465ac0011102401000000ffffffff00000000000000000000000000000000000000000000000000000000000000000000000003000000",
    sigHash: "fef7bd749cce710c5c052bd796df1af0d935e59cea63736268bcbe2d2134fc47",
  },
  {
    name: "native P2WSH, SINGLE|ANYONECANPAY, unexecuted separator kept",
    tx: P2WSH_ACP_TX,
    inputIndex: 0,
    scriptCode: "0063ab68210392972e2eb617b2388771abe27235fd5ac44af8e61693261550447a4c3e39da98ac",
    amount: 16777215n,
    hashType: 0x83,
    hashOutputs: "b258eaf08c39fbe9fbac97c15c7e7adeb8df142b0df6f83e017f349c2b6fe3d2",
    preimage:
      "0100000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000e9b542c5176808107ff1df906f46bb1f2583b16112b95ee5380665ba7fcfc00100000000270063ab68210392972e2eb617b2388771abe27235fd5ac44af8e61693261550447a4c3e39da98acffffff0000000000ffffffffb258eaf08c39fbe9fbac97c15c7e7adeb8df142b0df6f83e017f349c2b6fe3d20000000083000000",
    sigHash: "e9071e75e25b8a1e298a72f0d2e9f4f95a0f5cdf86a533cda597eb402ed13b3a",
  },
  {
    name: "native P2WSH, SINGLE|ANYONECANPAY, script after the executed separator",
    tx: P2WSH_ACP_TX,
    inputIndex: 1,
    scriptCode: "68210392972e2eb617b2388771abe27235fd5ac44af8e61693261550447a4c3e39da98ac",
    amount: 16777215n,
    hashType: 0x83,
    hashOutputs: "91ea93dd77f702b738ebdbf3048940a98310e869a7bb8fa2c6cb3312916947ca",
    preimage:
      "010000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000080e68831516392fcd100d186b3c2c7b95c80b53c77e77c35ba03a66b429a2a1b000000002468210392972e2eb617b2388771abe27235fd5ac44af8e61693261550447a4c3e39da98acffffff0000000000ffffffff91ea93dd77f702b738ebdbf3048940a98310e869a7bb8fa2c6cb3312916947ca0000000083000000",
    sigHash: "cd72f1f1a433ee9df816857fad88d8ebd97e09a75cd481583eb841c330275e54",
  },
  ...(
    [
      [0x01, "185c0be5263dce5b4bb50a047973c1b6272bfbd0103a89444597dc40b248ee7c"],
      [0x02, "e9733bc60ea13c95c6527066bb975a2ff29a925e80aa14c213f686cbae5d2f36"],
      [0x03, "1e1f1c303dc025bd664acb72e583e933fae4cff9148bf78c157d1e8f78530aea"],
      [0x81, "2a67f03e63a6a422125878b40b82da593be8d4efaafe88ee528af6e5a9955c6e"],
      [0x82, "781ba15f3779d5542ce8ecb5c18716733a5ee42a6f51488ec96154934e2c890a"],
      [0x83, "511e8e52ed574121fc1b654970395502128263f62662e076dc6baf05c2e6a99b"],
    ] as const
  ).map(
    ([hashType, sigHash]): Bip143Case => ({
      name: `P2SH-P2WSH 6-of-6, hash type 0x${hashType.toString(16)}`,
      tx: P2SH_P2WSH_TX,
      inputIndex: 0,
      scriptCode: MULTISIG_6OF6,
      amount: P2SH_P2WSH_AMOUNT,
      hashType,
      hashPrevouts: "74afdc312af5183c4198a40ca3c1a275b485496dd3929bca388c4b5e31f7aaa0",
      hashSequence: "3bb13029ce7b1f559ef5e747fcac439f1455a2ec7c5f09b72290795e70665044",
      hashOutputs: "bc4d309071414bed932f98832b27b4d76dad7e6c1346f487a8fdbb8eb90307cc",
      sigHash,
    }),
  ),
  {
    name: "P2WSH, no FindAndDelete of the signature in scriptCode",
    tx: NO_FIND_AND_DELETE_TX,
    inputIndex: 0,
    scriptCode:
      "ad4830450220487fb382c4974de3f7d834c1b617fe15860828c7f96454490edd6d891556dcc9022100baf95feb48f845d5bfc9882eb6aeefa1bc3790e39f59eaa46ff7f15ae626c53e01",
    amount: 200000n,
    hashType: 1,
    hashPrevouts: "b67c76d200c6ce72962d919dc107884b9d5d0e26f2aea7474b46a1904c53359f",
    hashSequence: "3bb13029ce7b1f559ef5e747fcac439f1455a2ec7c5f09b72290795e70665044",
    hashOutputs: "e5d196bfb21caca9dbd654cafb3b4dc0c4882c8927d2eb300d9539dd0b934228",
    sigHash: "71c9cd9b2869b9c70b01b1f0360c148f42dee72297db312638df136f43311f23",
  },
];

test("BIP143 examples: segwit v0 signature hashes and intermediate hashes", (t) => {
  const failures: string[] = [];
  for (const c of CASES) {
    const tx = decodeTx(fromHex(c.tx));
    const data = precomputeTxData(tx, null);
    const got = segwitV0Sighash(
      tx,
      c.inputIndex,
      fromHex(c.scriptCode),
      c.amount,
      c.hashType,
      data,
    );
    const problems: string[] = [];
    if (toHex(got) !== c.sigHash) problems.push(`sigHash ${toHex(got)}`);
    if (c.hashPrevouts !== undefined && toHex(data.hashPrevouts) !== c.hashPrevouts) {
      problems.push("hashPrevouts");
    }
    if (c.hashSequence !== undefined && toHex(data.hashSequence) !== c.hashSequence) {
      problems.push("hashSequence");
    }
    // For SINGLE the BIP prints the one-output hash, which is not a per-transaction value.
    if (
      c.hashOutputs !== undefined &&
      (c.hashType & 0x1f) === 1 &&
      toHex(data.hashOutputs) !== c.hashOutputs
    ) {
      problems.push("hashOutputs");
    }
    // The printed preimage must be what the printed sigHash hashes (guards the transcription).
    if (c.preimage !== undefined && toHex(sha256d(fromHex(c.preimage))) !== c.sigHash) {
      problems.push("transcribed preimage does not hash to sigHash");
    }
    if (problems.length > 0) failures.push(`${c.name}: ${problems.join(", ")}`);
  }
  reportCases(t, "BIP143 examples", CASES.length, failures);
  assert.equal(CASES.length, 13);
});

test("BIP143 examples: the published signatures verify over the computed hashes", () => {
  // Signatures (DER + hash type byte) and keys printed in the BIP; legacy inputs included.
  const checks: { name: string; hash: Uint8Array; sig: string; pubkey: string }[] = [];
  const p2wpkh = decodeTx(fromHex(P2WPKH_TX));
  checks.push({
    name: "native P2WPKH input 1",
    hash: segwitV0Sighash(
      p2wpkh,
      1,
      fromHex("76a9141d0f172a0ecb48aee1be1f2687d2963ae33f71a188ac"),
      600000000n,
      1,
      precomputeTxData(p2wpkh, null),
    ),
    sig: "304402203609e17b84f6a7d30c80bfa610b5b4542f32a8a0d5447a12fb1366d7f01cc44a0220573a954c4518331561406f90300e8f3358f51928d43c212a8caed02de67eebee",
    pubkey: "025476c2e83188368da1ff3e292e7acafcdb3566bb0ad253f62fc70f07aeee6357",
  });
  // The legacy P2PK input 0 of the same transaction, signed with the pre-segwit algorithm.
  checks.push({
    name: "native P2WPKH example, legacy P2PK input 0",
    hash: legacySighash(
      p2wpkh,
      0,
      fromHex("2103c9f4836b9a4f77fc0d81f7bcb01b7f1b35916864b9476c241ce9fc198bd25432ac"),
      1,
    ),
    sig: "30450221008b9d1dc26ba6a9cb62127b02742fa9d754cd3bebf337f7a55d114c8e5cdd30be022040529b194ba3f9281a99f2b1c0a19c0489bc22ede944ccf4ecbab4cc618ef3ed",
    pubkey: "03c9f4836b9a4f77fc0d81f7bcb01b7f1b35916864b9476c241ce9fc198bd25432",
  });
  const sep = decodeTx(fromHex(P2WSH_SEP_TX));
  checks.push({
    name: "native P2WSH example, legacy P2PK input 0",
    hash: legacySighash(
      sep,
      0,
      fromHex("21036d5c20fa14fb2f635474c1dc4ef5909d4568e5569b79fc94d3448486e14685f8ac"),
      1,
    ),
    sig: "304402200af4e47c9b9629dbecc21f73af989bdaa911f7e6f6c2e9394588a3aa68f81e9902204f3fcf6ade7e5abb1295b6774c8e0abd94ae62217367096bc02ee5e435b67da2",
    pubkey: "036d5c20fa14fb2f635474c1dc4ef5909d4568e5569b79fc94d3448486e14685f8",
  });
  const acp = decodeTx(fromHex(P2WSH_ACP_TX));
  checks.push({
    name: "SINGLE|ANYONECANPAY input 0",
    hash: segwitV0Sighash(
      acp,
      0,
      fromHex("0063ab68210392972e2eb617b2388771abe27235fd5ac44af8e61693261550447a4c3e39da98ac"),
      16777215n,
      0x83,
      precomputeTxData(acp, null),
    ),
    sig: "3045022100f6a10b8604e6dc910194b79ccfc93e1bc0ec7c03453caaa8987f7d6c3413566002206216229ede9b4d6ec2d325be245c5b508ff0339bf1794078e20bfe0babc7ffe6",
    pubkey: "0392972e2eb617b2388771abe27235fd5ac44af8e61693261550447a4c3e39da98",
  });
  for (const c of checks) {
    const ok = secp256k1.verify(fromHex(c.sig), c.hash, fromHex(c.pubkey), {
      prehash: false,
      lowS: false,
      format: "der",
    });
    assert.ok(ok, c.name);
  }
});

test("BIP143: SINGLE|ANYONECANPAY does not commit to the input index", () => {
  // The BIP's swapped transaction: inputs and outputs exchanged, signatures still valid.
  const swapped = decodeTx(
    fromHex(
      "0100000000010280e68831516392fcd100d186b3c2c7b95c80b53c77e77c35ba03a66b429a2a1b0000000000ffffffffe9b542c5176808107ff1df906f46bb1f2583b16112b95ee5380665ba7fcfc0010000000000ffffffff0280969800000000001976a9146648a8cd4531e1ec47f35916de8e259237294d1e88ac80969800000000001976a914de4b231626ef508c9a74a8517e6783c0546d6b2888ac024730440220032521802a76ad7bf74d0e2c218b72cf0cbc867066e2e53db905ba37f130397e02207709e2188ed7f08f4c952d9d13986da504502b8c3be59617e043552f506c46ff83275163ab68210392972e2eb617b2388771abe27235fd5ac44af8e61693261550447a4c3e39da98ac02483045022100f6a10b8604e6dc910194b79ccfc93e1bc0ec7c03453caaa8987f7d6c3413566002206216229ede9b4d6ec2d325be245c5b508ff0339bf1794078e20bfe0babc7ffe683270063ab68210392972e2eb617b2388771abe27235fd5ac44af8e61693261550447a4c3e39da98ac00000000",
    ),
  );
  const data = precomputeTxData(swapped, null);
  const code0 = "68210392972e2eb617b2388771abe27235fd5ac44af8e61693261550447a4c3e39da98ac";
  const code1 = "0063ab68210392972e2eb617b2388771abe27235fd5ac44af8e61693261550447a4c3e39da98ac";
  assert.equal(
    toHex(segwitV0Sighash(swapped, 0, fromHex(code0), 16777215n, 0x83, data)),
    "cd72f1f1a433ee9df816857fad88d8ebd97e09a75cd481583eb841c330275e54",
  );
  assert.equal(
    toHex(segwitV0Sighash(swapped, 1, fromHex(code1), 16777215n, 0x83, data)),
    "e9071e75e25b8a1e298a72f0d2e9f4f95a0f5cdf86a533cda597eb402ed13b3a",
  );
  // Without ANYONECANPAY the hash commits to all prevouts and sequences, so it changes.
  assert.notEqual(
    toHex(segwitV0Sighash(swapped, 0, fromHex(code0), 16777215n, 0x03, data)),
    "cd72f1f1a433ee9df816857fad88d8ebd97e09a75cd481583eb841c330275e54",
  );
});

test("BIP143: an input index past the inputs is a caller error", () => {
  const tx = decodeTx(fromHex(P2WPKH_TX));
  assert.throws(
    () => segwitV0Sighash(tx, 2, new Uint8Array(0), 0n, 1, precomputeTxData(tx, null)),
    { name: "RangeCheckError" },
  );
});
