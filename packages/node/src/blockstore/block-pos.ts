// Positions in the block and undo files, as the block index stores them.

/**
 * Where one record's data lives: file number, byte offset of the data (just past the 8-byte
 * record header, like Core's FlatFilePos::nPos) and data length in bytes.
 */
export interface BlockPos {
  readonly file: number;
  readonly offset: number;
  readonly length: number;
}

/** The append point of one kind of file: the file being written and its used length in bytes. */
export interface FileEnd {
  readonly file: number;
  readonly end: number;
}

/**
 * The append points of both kinds of file. The chainstate stores this in the same atomic store
 * batch as the positions it just indexed; on open, the block store discards anything beyond it.
 */
export interface BlockFileCursor {
  readonly blk: FileEnd;
  readonly rev: FileEnd;
}

/** The cursor of an empty block store: both kinds at file 0, offset 0. */
export const EMPTY_BLOCK_FILE_CURSOR: BlockFileCursor = Object.freeze({
  blk: Object.freeze({ file: 0, end: 0 }),
  rev: Object.freeze({ file: 0, end: 0 }),
});
