// The consensus package's one door. Pure code only: no I/O, no clock, no globals.

export {
  type Block,
  blockBaseSize,
  blockTotalSize,
  blockWeight,
  decodeBlock,
  encodeBlock,
  readBlock,
} from "./block/block.js";
export {
  type BlockHeader,
  blockHash,
  decodeHeader,
  encodeHeader,
  HEADER_SIZE,
  readHeader,
  writeHeader,
} from "./block/header.js";
export { type MerkleResult, merkleRoot } from "./block/merkle.js";
export { bytesEqual, compareBytes, concatBytes } from "./bytes/equal.js";
export { fromHex, hashToHex, hexToHash, isHex, toHex } from "./bytes/hex.js";
export { ByteReader, MAX_SIZE } from "./bytes/reader.js";
export { ByteWriter, compactSizeLength } from "./bytes/writer.js";
export { DecodeError, RangeCheckError } from "./errors.js";
export { hash160, ripemd160, sha1, sha256, sha256d, taggedHash } from "./hash.js";
export { decodeSmallInt, encodeSmallInt, OP, opcodeByName, opcodeName } from "./script/opcodes.js";
export {
  buildScript,
  isPushOnly,
  parseScript,
  readScriptOp,
  type ScriptChunk,
  type ScriptOp,
  writePushData,
} from "./script/script.js";
export { decodeTx, encodeTx, readTx, writeTx } from "./tx/codec.js";
export { txid, wtxid } from "./tx/hash.js";
export { baseSize, totalSize, txVsize, txWeight, WITNESS_SCALE_FACTOR } from "./tx/size.js";
export {
  hasWitness,
  isCoinbase,
  isNullOutPoint,
  NULL_VOUT,
  type OutPoint,
  type Transaction,
  type TxIn,
  type TxOut,
} from "./tx/transaction.js";
