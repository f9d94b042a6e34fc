// Child process of store-crash.test.ts: writes numbered batches to a LevelStore until killed.
// Batch n sets every key K<i> to a value derived from n, sets the marker M to n, and puts P when n
// is even or deletes it when n is odd, so a partly applied batch would be visible as a mix.
// Usage: node --conditions=source --import tsx store-crash-writer.ts <dir> <keysPerBatch>
import { LevelStore } from "../../src/store/level-store.js";
import {
  CRASH_MARKER,
  CRASH_PARITY,
  crashKey,
  crashValue,
  readMarker,
} from "./store-crash-layout.js";

async function main(dir: string, keys: number): Promise<void> {
  const store = await LevelStore.open({ path: dir });
  const marker = store.get(CRASH_MARKER);
  let n = marker === undefined ? 1 : readMarker(marker) + 1;
  process.stdout.write(`ready ${n}\n`);
  for (;;) {
    const value = crashValue(n);
    const put: [Uint8Array, Uint8Array][] = [];
    for (let i = 0; i < keys; i++) put.push([crashKey(i), value]);
    put.push([CRASH_MARKER, value.subarray(0, 4)]);
    if (n % 2 === 0) put.push([CRASH_PARITY, Uint8Array.of(1)]);
    await store.write({ put, del: n % 2 === 0 ? [] : [CRASH_PARITY] });
    process.stdout.write(`committed ${n}\n`);
    n++;
  }
}

const dir = process.argv[2];
if (dir === undefined) {
  process.stderr.write("usage: store-crash-writer.ts <dir> <keysPerBatch>\n");
  process.exit(2);
}
await main(dir, Number(process.argv[3] ?? "100"));
