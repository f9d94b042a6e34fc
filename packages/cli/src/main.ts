#!/usr/bin/env node
import type { Command } from "./command.js";
// The `hashforge` command: dispatches to one module per sub-command.
import { demoCommand } from "./commands/demo.js";
import { halvingCommand } from "./commands/halving.js";
import { networkCommand } from "./commands/network.js";
import { nodeCommand, upCommand } from "./commands/node.js";
import { profitCommand } from "./commands/profit.js";
import { rpcCommand } from "./commands/rpc.js";

const commands: readonly Command[] = [
  upCommand,
  nodeCommand,
  rpcCommand,
  profitCommand,
  halvingCommand,
  demoCommand,
  networkCommand,
];

function usage(): string {
  const lines = commands.map((c) => `  ${c.name.padEnd(10)} ${c.summary}`);
  return `usage: hashforge <command> [options]\n\ncommands:\n${lines.join("\n")}\n`;
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "help" || name === "--help" || name === "-h") {
    process.stdout.write(usage());
    return name ? 0 : 1;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    process.stderr.write(`hashforge: unknown command '${name}'\n\n${usage()}`);
    return 1;
  }
  return command.run(rest);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`hashforge: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
