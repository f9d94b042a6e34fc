// Opening the append point of one kind of record file: where to resume, and dropping whatever
// lies past it (a torn tail, or records the block index never committed).

import { type FileHandle, open, readdir } from "node:fs/promises";
import { join } from "node:path";
import type { FileEnd } from "./block-pos.js";
import { BlockStoreError, toBlockStoreError } from "./block-store-error.js";
import { type RecordKind, recordFileName, trailerBytes } from "./record-frame.js";
import { scanRecordFile } from "./scan-record-file.js";

/** Largest file offset a position may use: Core stores nPos as a 32-bit unsigned integer. */
export const MAX_OFFSET = 0xffff_ffff;

/** The logger calls the block store makes (a pino logger fits). */
export interface BlockStoreLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

/** Where appending resumes: a committed cursor's entry, or "scan" for the files' own end. */
export type ResumeAt = FileEnd | "scan";

/** The file currently appended to for one kind of record. */
export interface Appender {
  readonly kind: RecordKind;
  file: number;
  end: number;
  handle: FileHandle;
  /** Written since the last fsync. */
  dirty: boolean;
}

/** Throws `BlockStoreError("invalid")` unless `value` is an integer in `min..max`. */
export function checkSize(name: string, value: number, min: number, max: number): number {
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new BlockStoreError("invalid", `${name} ${value} outside ${min}..${max}`);
  }
  return value;
}

/** Finds where appending resumes for `kind` when the caller asked for a scan. */
async function scanResume(
  dir: string,
  messageStart: Uint8Array,
  kind: RecordKind,
  maxRecordBytes: number,
): Promise<FileEnd> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (err) {
    throw toBlockStoreError(err, `list ${dir}`);
  }
  const pattern = new RegExp(`^${kind}(\\d{5,})\\.dat$`);
  let last = -1;
  for (const name of names) {
    const match = pattern.exec(name);
    if (match !== null) last = Math.max(last, Number(match[1]));
  }
  if (last < 0) return { file: 0, end: 0 };
  let end = 0;
  for await (const pos of scanRecordFile({
    path: join(dir, recordFileName(kind, last)),
    file: last,
    kind,
    messageStart: messageStart,
    maxRecordBytes,
  })) {
    end = pos.offset + pos.length + trailerBytes(kind);
  }
  return { file: last, end };
}

/**
 * Opens the append file of `kind` at `resume`, truncating bytes past it. Fails with `not-found` or
 * `truncated` when the file holds less than the resume point says.
 */
export async function openAppender(
  dir: string,
  messageStart: Uint8Array,
  kind: RecordKind,
  resume: ResumeAt,
  maxRecordBytes: number,
  logger: BlockStoreLogger,
): Promise<Appender> {
  const at = resume === "scan" ? await scanResume(dir, messageStart, kind, maxRecordBytes) : resume;
  checkSize(`${kind} resume file`, at.file, 0, Number.MAX_SAFE_INTEGER);
  checkSize(`${kind} resume end`, at.end, 0, MAX_OFFSET);
  const name = recordFileName(kind, at.file);
  const path = join(dir, name);
  let handle: FileHandle;
  try {
    handle = await open(path, "r+");
  } catch (err) {
    if ((err as { code?: unknown }).code !== "ENOENT") throw toBlockStoreError(err, `open ${name}`);
    if (at.end > 0) {
      throw new BlockStoreError(
        "not-found",
        `${name} is missing; the index expects ${at.end} bytes`,
      );
    }
    try {
      handle = await open(path, "w+");
    } catch (createErr) {
      throw toBlockStoreError(createErr, `create ${name}`);
    }
  }
  try {
    const size = (await handle.stat()).size;
    if (size < at.end) {
      throw new BlockStoreError(
        "truncated",
        `${name} holds ${size} bytes; the index expects ${at.end}`,
      );
    }
    if (size > at.end) {
      // Records written after the last committed index batch, or a torn tail: never indexed, so
      // dropped here and overwritten by the next append.
      logger.warn({ file: name, size, end: at.end }, "Discarding unindexed bytes past the end");
      await handle.truncate(at.end);
    }
  } catch (err) {
    await handle.close().catch(() => undefined);
    throw toBlockStoreError(err, `prepare ${name}`);
  }
  return { kind, file: at.file, end: at.end, handle, dirty: false };
}
