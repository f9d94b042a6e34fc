import {
  type BlockHeader,
  blockHash,
  type ChainParams,
  checkBlockHeader,
  contextualCheckBlockHeader,
  hashToHex,
  type Reject,
  reject,
} from "@hashforge/consensus";
import { BlockIndexEntry } from "./block-index-entry.js";
import { BlockStatus, FAILED_MASK } from "./block-status.js";

/** The outcome of adding a header: its entry (new or already known) or why it was refused. */
export type AddHeaderResult =
  | { readonly ok: true; readonly entry: BlockIndexEntry; readonly isNew: boolean }
  | Reject;

/**
 * Every block header the node knows, as a tree rooted at genesis (Core's block index): header
 * checks on arrival (proof of work, retarget bits, timestamps, versions), most-work selection
 * among valid tips, and invalidity that spreads to descendants.
 */
export class HeaderTree {
  private readonly entries = new Map<string, BlockIndexEntry>();
  private readonly children = new Map<BlockIndexEntry, BlockIndexEntry[]>();
  private nextSequenceId = 0;
  readonly genesis: BlockIndexEntry;
  private best: BlockIndexEntry;

  constructor(readonly params: ChainParams) {
    const header = params.genesisHeader;
    const hash = blockHash(header);
    this.genesis = new BlockIndexEntry({
      hash,
      hashHex: hashToHex(hash),
      header,
      prev: null,
      status: BlockStatus.VALID_HEADER,
      sequenceId: this.nextSequenceId++,
    });
    this.entries.set(this.genesis.hashHex, this.genesis);
    this.best = this.genesis;
  }

  /** Number of known headers. */
  get size(): number {
    return this.entries.size;
  }

  /** The entry for a display-hex hash. */
  get(hashHex: string): BlockIndexEntry | undefined {
    return this.entries.get(hashHex);
  }

  /** The valid header with the most cumulative work (first seen wins ties). */
  get bestHeader(): BlockIndexEntry {
    return this.best;
  }

  /** Every known entry (any order). */
  all(): IterableIterator<BlockIndexEntry> {
    return this.entries.values();
  }

  /** Entries with no known children: the tips of every branch (for getchaintips). */
  tips(): BlockIndexEntry[] {
    return [...this.entries.values()].filter((e) => (this.children.get(e)?.length ?? 0) === 0);
  }

  /**
   * Adds a header after Core's AcceptBlockHeader checks: known headers are returned as they are
   * (`duplicate` when known invalid), the parent must be known (`prev-blk-not-found`) and valid
   * (`bad-prevblk`), then proof of work and the contextual header rules. `adjustedTime` is the
   * node's clock for the two-hour future limit.
   */
  addHeader(header: BlockHeader, adjustedTime: number): AddHeaderResult {
    const hash = blockHash(header);
    const hashHex = hashToHex(hash);
    const known = this.entries.get(hashHex);
    if (known) {
      if (known.failed) return reject("invalid-header", "duplicate", "block is marked invalid");
      return { ok: true, entry: known, isNew: false };
    }
    const pow = checkBlockHeader(header, this.params.pow.powLimit);
    if (!pow.ok) return pow;
    const prev = this.entries.get(hashToHex(header.prevBlock));
    if (!prev) return reject("missing-prev", "prev-blk-not-found", "previous block not found");
    if (prev.failed) return reject("invalid-prev", "bad-prevblk", "previous block invalid");
    const contextual = contextualCheckBlockHeader(
      header,
      {
        prev: { height: prev.height, bits: prev.header.bits, time: prev.header.time },
        ancestor: (height) => {
          const a = prev.ancestor(height)!;
          return { height: a.height, bits: a.header.bits, time: a.header.time };
        },
        prevMedianTimePast: prev.medianTimePast(),
        adjustedTime,
      },
      this.params,
    );
    if (!contextual.ok) return contextual;
    const entry = new BlockIndexEntry({
      hash,
      hashHex,
      header,
      prev,
      status: BlockStatus.VALID_HEADER,
      sequenceId: this.nextSequenceId++,
    });
    this.insert(entry);
    return { ok: true, entry, isNew: true };
  }

  /**
   * Re-creates an entry read from storage, trusting the checks it passed when first added.
   * Entries must be restored parents first (e.g. in height order).
   */
  restore(header: BlockHeader, status: number): BlockIndexEntry {
    const hash = blockHash(header);
    const hashHex = hashToHex(hash);
    const known = this.entries.get(hashHex);
    if (known) {
      known.status = status;
      return known;
    }
    const prev = this.entries.get(hashToHex(header.prevBlock));
    if (!prev) throw new RangeError(`block index entry ${hashHex} restored before its parent`);
    const entry = new BlockIndexEntry({
      hash,
      hashHex,
      header,
      prev,
      status,
      sequenceId: this.nextSequenceId++,
    });
    this.insert(entry);
    return entry;
  }

  private insert(entry: BlockIndexEntry): void {
    this.entries.set(entry.hashHex, entry);
    const siblings = this.children.get(entry.prev!);
    if (siblings) siblings.push(entry);
    else this.children.set(entry.prev!, [entry]);
    if (!entry.failed && isBetter(entry, this.best)) this.best = entry;
  }

  /** Direct children of an entry. */
  childrenOf(entry: BlockIndexEntry): readonly BlockIndexEntry[] {
    return this.children.get(entry) ?? [];
  }

  /**
   * Marks `entry` invalid and every descendant as having an invalid ancestor (Core's
   * InvalidateBlock / InvalidBlockFound), then re-selects the best header. Returns the entries
   * whose status changed.
   */
  markInvalid(entry: BlockIndexEntry): BlockIndexEntry[] {
    const changed: BlockIndexEntry[] = [];
    entry.status |= BlockStatus.FAILED;
    changed.push(entry);
    this.forEachDescendant(entry, (d) => {
      d.status |= BlockStatus.FAILED_CHILD;
      changed.push(d);
    });
    this.reselectBest();
    return changed;
  }

  /**
   * Clears the failure marks of `entry`, its ancestors and its descendants (Core's
   * ReconsiderBlock / ResetBlockFailureFlags). Returns the entries whose status changed.
   */
  clearInvalid(entry: BlockIndexEntry): BlockIndexEntry[] {
    const changed: BlockIndexEntry[] = [];
    const clear = (e: BlockIndexEntry) => {
      if (e.status & FAILED_MASK) {
        e.status &= ~FAILED_MASK;
        changed.push(e);
      }
    };
    for (let e: BlockIndexEntry | null = entry; e !== null; e = e.prev) clear(e);
    this.forEachDescendant(entry, clear);
    this.reselectBest();
    return changed;
  }

  private forEachDescendant(entry: BlockIndexEntry, visit: (e: BlockIndexEntry) => void): void {
    const stack = [...this.childrenOf(entry)];
    while (stack.length > 0) {
      const e = stack.pop()!;
      visit(e);
      stack.push(...this.childrenOf(e));
    }
  }

  private reselectBest(): void {
    let best = this.genesis;
    for (const e of this.entries.values()) if (!e.failed && isBetter(e, best)) best = e;
    this.best = best;
  }
}

/** More work wins; on equal work the entry seen first (lower sequence id) stays. */
export function isBetter(a: BlockIndexEntry, b: BlockIndexEntry): boolean {
  if (a.chainWork !== b.chainWork) return a.chainWork > b.chainWork;
  return a.sequenceId < b.sequenceId;
}
