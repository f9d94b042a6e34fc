#!/usr/bin/env node
// The `hashforge` command as npm links it. npm links a package's bin when it installs, before
// `npm run build` has compiled anything, so the linked file is this checked-in script: it runs
// the compiled entry point, or says in one line how to build it.
import { existsSync } from "node:fs";

const BUILD_HINT = "run `npm run build` in the hashforge repository first";
const main = new URL("../dist/src/main.js", import.meta.url);

if (!existsSync(main)) {
  process.stderr.write(`hashforge: not built yet; ${BUILD_HINT}\n`);
  process.exit(1);
}
try {
  await import(main.href);
} catch (err) {
  // A half-finished build: the CLI is compiled but a package it loads is not.
  if (err?.code === "ERR_MODULE_NOT_FOUND" && /[\\/]dist[\\/]/.test(String(err.message))) {
    process.stderr.write(`hashforge: the build is incomplete (${err.message}); ${BUILD_HINT}\n`);
    process.exit(1);
  }
  throw err;
}
