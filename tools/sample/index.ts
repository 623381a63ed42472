/**
 * The deterministic sample-data generator: `writeSample` writes a data directory (docs/data.md) with
 * planted anomalies and a manifest of what the rules must find.
 */
export {
  writeSample,
  isSampleEntry,
  SAMPLE_AS_OF,
  SAMPLE_COMPARE_TO,
  DEFAULT_SEED,
  SAMPLE_POLICY,
} from "./generate.ts";
export type { SampleOptions, SampleSummary } from "./generate.ts";
export type { PlantedProject } from "./tally.ts";
export type { SampleScale } from "./scales.ts";
export type { SampleFormat } from "./formats.ts";
export type { PlantedReject } from "./rejects.ts";
export type { Finding } from "./records.ts";
export { evaluateProject, virtualPeople, oldMethodYuan, newMethodYuan } from "./evaluate.ts";
