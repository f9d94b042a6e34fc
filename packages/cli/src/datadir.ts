/** Data-directory sub-folder of each chain (Core's layout: mainnet at the top, testnet3 for test). */
export function networkSubdir(chain: string): string {
  if (chain === "main") return "";
  if (chain === "test") return "testnet3";
  return chain;
}
