/**
 * The sample's records as a loader would hold them after validation: money in fen, areas and shares in
 * 1/10000, dates as days. The writers format them; the evaluator reads them.
 */
import type { Day } from "./dates.ts";

export type Method = "per_person" | "per_land";
export type FlowKind = "deposit" | "transfer" | "refund";
export type FundAccount = "pre_deposit" | "special";
export type PersonAccount = "individual" | "pre_deposit";

export interface ProjectRecord {
  project_id: string;
  project_name: string;
  county_code: string;
  applied_on: Day | null;
  approved_on: Day;
  supplied_on: Day | null;
  /** 1/10000 mu. */
  area: number;
  /** 1/10000 mu. */
  farmland: number;
  /** Fen per mu. */
  zone_price: number;
  method: Method;
  /** Fen. */
  required: number;
}

export interface VillageRecord {
  village_code: string;
  village_name: string;
  /** 1/10000 mu. */
  per_capita: number;
  /** 1/10000. */
  adult_share: number;
}

export interface ProjectVillageRecord {
  project_id: string;
  village_code: string;
  /** 1/10000 mu. */
  farmland: number;
  compensation_paid_on: Day | null;
  quota: number | null;
}

export interface FlowRecord {
  flow_id: string;
  project_id: string;
  flow: FlowKind;
  account: FundAccount;
  flow_on: Day;
  /** Fen. */
  amount: number;
}

export interface DistributionRecord {
  record_id: string;
  project_id: string;
  village_code: string;
  person_id: string;
  /** Fen. */
  amount: number;
  credited_on: Day;
  account: PersonAccount;
  /** 姓名: an extra column of realistic exports, not part of the contract. */
  name: string;
}

/** One project with every row that refers to it. */
export interface ProjectBundle {
  project: ProjectRecord;
  villages: ProjectVillageRecord[];
  flows: FlowRecord[];
  distributions: DistributionRecord[];
}

/** One row of expected findings, as findings.csv has it (without detail and the ledger's columns). */
export interface Finding {
  code: string;
  project_id: string;
  village_code: string | null;
  /** Masked ID (maskPersonId) or null. */
  person: string | null;
  /** Yuan with 2 decimals, or null. */
  amount_yuan: string | null;
  /** code:project_id, code:project_id:village_code (F11) or code:project_id:record_id (F08-F10). */
  finding_key: string;
  /** Settled at the as-of date while still on record (docs/findings.md#resolved). */
  resolved: boolean;
}
