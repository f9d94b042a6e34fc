/** How a machine is cooled; liquid covers hydro (water blocks) and immersion models. */
export type Cooling = "air" | "liquid";

/** One mining machine's nameplate specification and where it comes from. */
export interface HardwarePreset {
  /** Lookup key, lower-case with dashes (`s21-pro`). */
  readonly id: string;
  readonly name: string;
  readonly manufacturer: string;
  /** Nameplate hashrate, TH/s. */
  readonly hashrateThs: number;
  /** Nameplate power at the wall, W. */
  readonly powerWatts: number;
  /** powerWatts / hashrateThs, J/TH (computed, never typed in separately). */
  readonly efficiencyJPerTH: number;
  /** Year of release, or null where we could not confirm it. */
  readonly releaseYear: number | null;
  readonly cooling: Cooling;
  /** Page the figures were taken from. */
  readonly source: string;
  /** How the figures were read or derived, when that is not obvious. */
  readonly note?: string;
  /** `builtin` for this table, `user` for rows from a presets file. */
  readonly origin: "builtin" | "user";
}

type PresetRow = Omit<HardwarePreset, "efficiencyJPerTH" | "origin">;

function row(spec: PresetRow): HardwarePreset {
  return { ...spec, efficiencyJPerTH: spec.powerWatts / spec.hashrateThs, origin: "builtin" };
}

const MININGSTORE_S19_GUIDE =
  "https://miningstore.com/understanding-the-bitcoin-mining-rig-market/the-definitive-guide-to-antminer-s19-series-bitcoin-miners/";
const ESP_MINER_DEVICE_CONFIG =
  "https://github.com/bitaxeorg/ESP-Miner/blob/master/main/device_config.h";
const HASHRATEINDEX_A16 = "https://hashrateindex.com/blog/hardware-review-canaans-a16-series";

/**
 * Built-in machines with their manufacturers' nameplate figures (stock firmware, nominal
 * hashrate, power at the wall). Each row names the page its figures were confirmed from; models
 * whose figures we could not confirm are left out rather than guessed. Extend with a presets file
 * ({@link parseHardwarePresetFile}).
 */
export const HARDWARE_PRESETS: readonly HardwarePreset[] = [
  row({
    id: "s19",
    name: "Antminer S19",
    manufacturer: "Bitmain",
    hashrateThs: 95,
    powerWatts: 3250,
    releaseYear: 2020,
    cooling: "air",
    source: MININGSTORE_S19_GUIDE,
  }),
  row({
    id: "s19-pro",
    name: "Antminer S19 Pro",
    manufacturer: "Bitmain",
    hashrateThs: 110,
    powerWatts: 3250,
    releaseYear: 2020,
    cooling: "air",
    source: MININGSTORE_S19_GUIDE,
  }),
  row({
    id: "s19j-pro",
    name: "Antminer S19j Pro (100 TH)",
    manufacturer: "Bitmain",
    hashrateThs: 100,
    powerWatts: 3050,
    releaseYear: 2021,
    cooling: "air",
    source: MININGSTORE_S19_GUIDE,
    note: "also sold as 96 TH/2832 W and 104 TH/3082 W bins",
  }),
  row({
    id: "s19-xp",
    name: "Antminer S19 XP",
    manufacturer: "Bitmain",
    hashrateThs: 140,
    powerWatts: 3010,
    releaseYear: 2022,
    cooling: "air",
    source:
      "https://miningstore.com/understanding-the-bitcoin-mining-rig-market/is-the-antminer-s19-xp-worth-it-part-1/",
    note: "announced November 2021, first shipments Q3 2022",
  }),
  row({
    id: "s21",
    name: "Antminer S21",
    manufacturer: "Bitmain",
    hashrateThs: 200,
    powerWatts: 3500,
    releaseYear: 2023,
    cooling: "air",
    source:
      "https://hackernoon.com/lang/ja/%E3%81%95%E3%81%BE%E3%81%96%E3%81%BE%E3%81%AA%E5%91%A8%E5%9B%B2%E6%B8%A9%E5%BA%A6%E3%81%A7%E3%81%AE-s21-%E3%81%AE%E3%83%91%E3%83%95%E3%82%A9%E3%83%BC%E3%83%9E%E3%83%B3%E3%82%B9%E3%82%92%E6%A4%9C%E8%A8%BC%E3%81%99%E3%82%8B-Antminer-s21-%E3%83%AC%E3%83%93%E3%83%A5%E3%83%BC",
    note: "Bitmain specification 200 TH/s at 17.5 J/TH; power = 200 x 17.5",
  }),
  row({
    id: "s21-pro",
    name: "Antminer S21 Pro",
    manufacturer: "Bitmain",
    hashrateThs: 234,
    powerWatts: 3531,
    releaseYear: 2024,
    cooling: "air",
    source: "https://antminer-s21-pro-profitability.pages.dev",
    note: "15 J/TH class (BM1370 chip, per https://github.com/bitaxeorg/bitaxeGamma)",
  }),
  row({
    id: "s21-xp",
    name: "Antminer S21 XP",
    manufacturer: "Bitmain",
    hashrateThs: 270,
    powerWatts: 3645,
    releaseYear: 2024,
    cooling: "air",
    source: "https://btcminermarketplace.com/how-to-calculate-roi-for-bitcoin-miner-s21-xp",
    note: "specification 270 TH/s at 13.5 J/TH on the wall; power = 270 x 13.5",
  }),
  row({
    id: "s21-plus-hydro",
    name: "Antminer S21+ Hydro",
    manufacturer: "Bitmain",
    hashrateThs: 319,
    powerWatts: 4785,
    releaseYear: null,
    cooling: "liquid",
    source:
      "https://top-crypto-mining-asics.com/how-to-calculate-the-roi-for-antminer-s21-hydro-in-2024",
  }),
  row({
    id: "m66s-plus",
    name: "Whatsminer M66S+",
    manufacturer: "MicroBT",
    hashrateThs: 314,
    powerWatts: 5338,
    releaseYear: null,
    cooling: "liquid",
    source: "https://top-crypto-mining-asics.com/how-to-calculate-the-roi-of-whatsminer-m66s",
    note: "specification 314 TH/s at 17 J/TH, 5338 W",
  }),
  row({
    id: "avalon-a1466",
    name: "Avalon A1466",
    manufacturer: "Canaan",
    hashrateThs: 150,
    powerWatts: 3230,
    releaseYear: null,
    cooling: "air",
    source: "https://d-central.tech/fr/asic-troubleshooting/avalon-1466-low-hashrate/",
    note: "nameplate 150 TH/s at 3230 W (+-10 %)",
  }),
  row({
    id: "avalon-a16",
    name: "Avalon A16",
    manufacturer: "Canaan",
    hashrateThs: 282,
    powerWatts: 3900,
    releaseYear: 2025,
    cooling: "air",
    source: HASHRATEINDEX_A16,
  }),
  row({
    id: "avalon-a16xp",
    name: "Avalon A16 XP",
    manufacturer: "Canaan",
    hashrateThs: 300,
    powerWatts: 3850,
    releaseYear: 2025,
    cooling: "air",
    source: HASHRATEINDEX_A16,
  }),
  row({
    id: "bitaxe-gamma",
    name: "Bitaxe Gamma 601",
    manufacturer: "Bitaxe (open hardware)",
    hashrateThs: 1.071,
    powerWatts: 19,
    releaseYear: null,
    cooling: "air",
    source: ESP_MINER_DEVICE_CONFIG,
    note: "firmware defaults: 1 x BM1370 at 525 MHz x 2040 cores = 1071 GH/s; power = the firmware's 19 W self-test target",
  }),
  row({
    id: "bitaxe-gamma-turbo",
    name: "Bitaxe Gamma Turbo 801",
    manufacturer: "Bitaxe (open hardware)",
    hashrateThs: 2.142,
    powerWatts: 36,
    releaseYear: null,
    cooling: "air",
    source: ESP_MINER_DEVICE_CONFIG,
    note: "firmware defaults: 2 x BM1370 at 525 MHz x 2040 cores; power = the 36 W self-test target",
  }),
  row({
    id: "bitaxe-supra",
    name: "Bitaxe Supra 401",
    manufacturer: "Bitaxe (open hardware)",
    hashrateThs: 0.62524,
    powerWatts: 12,
    releaseYear: null,
    cooling: "air",
    source: ESP_MINER_DEVICE_CONFIG,
    note: "firmware defaults: 1 x BM1368 at 490 MHz x 1276 cores; power = the 12 W self-test target",
  }),
  row({
    id: "bitaxe-hex",
    name: "Bitaxe Hex 302",
    manufacturer: "Bitaxe (open hardware)",
    hashrateThs: 2.60154,
    powerWatts: 40,
    releaseYear: null,
    cooling: "air",
    source: ESP_MINER_DEVICE_CONFIG,
    note: "firmware defaults: 6 x BM1366 at 485 MHz x 894 cores; power = the 40 W self-test target",
  }),
];
