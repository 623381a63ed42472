/**
 * What generating a project needs from its county and from the run, and the numbering of its flows.
 */
import type { Policy } from "../../loaders/policy.ts";
import type { BandSteer } from "./credits.ts";
import type { Day } from "./dates.ts";
import type { DraftFlow, StockController } from "./funding.ts";
import type { CountyPeople } from "./people.ts";
import type { CountyPlan } from "./plan.ts";
import type { Random } from "./random.ts";
import type { FlowRecord, VillageRecord } from "./records.ts";
import type { ScaleSpec } from "./scales.ts";

/** The state of the county being generated. */
export interface CountyState {
  plan: CountyPlan;
  rng: Random;
  pool: VillageRecord[];
  people: CountyPeople;
  priceLevel: number;
  policy: Policy;
  /** The village of the Shenmao example (阳西县 only). */
  shenmaoVillage: VillageRecord | null;
}

/** What the projects of a province share. */
export interface RunContext {
  spec: ScaleSpec;
  clean: boolean;
  asOf: Day;
  stockBaseline: Day;
  stock: StockController;
  bands: BandSteer;
  nextFlowId: () => string;
  nextRecordId: () => string;
}

const FLOW_ORDER = { deposit: 0, transfer: 1, refund: 2 } as const;

/** Sorts a project's flows by day (deposits before transfers before refunds) and gives them voucher numbers. */
export function numberFlows(drafts: DraftFlow[], run: RunContext): FlowRecord[] {
  return drafts
    .sort((a, b) => a.flow_on - b.flow_on || FLOW_ORDER[a.flow] - FLOW_ORDER[b.flow])
    .map((f) => ({ flow_id: run.nextFlowId(), ...f }));
}
