// The generated kernel must be exactly what its generator writes: the generator is the reviewed
// source. HASHFORGE_WRITE_KERNEL=1 rewrites the file instead of comparing.
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { test } from "node:test";
import { kernelSource } from "./support/kernel-source.js";

const file = new URL("../src/sha256d-kernel.generated.ts", import.meta.url);

test("src/sha256d-kernel.generated.ts matches its generator", () => {
  const expected = kernelSource();
  if (process.env.HASHFORGE_WRITE_KERNEL === "1") writeFileSync(file, expected);
  assert.equal(
    readFileSync(file, "utf8"),
    expected,
    "the generated kernel is stale: run with HASHFORGE_WRITE_KERNEL=1 (see the file's header)",
  );
});
