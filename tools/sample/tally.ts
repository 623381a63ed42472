/**
 * Control totals of what should load, the project figures summed, the findings expected, the planted
 * projects, and how much each person received (seed 001's table counts people by the money credited to
 * them). Plain data, so that provinces generated in worker threads can be merged.
 */
import type { TableName } from "../../loaders/contract.ts";
import { bandOf, PERSON_BANDS } from "./credits.ts";
import { fenText } from "./decimal.ts";
import { AGEING_BUCKETS, type ProjectEvaluation } from "./evaluate.ts";
import type { Day } from "./dates.ts";
import type { Scenario } from "./plan.ts";
import type { Finding, ProjectBundle } from "./records.ts";
import { FINDING_CODES } from "@xianbao/common/rules.js";

const MONEY_KEYS = [
  "required",
  "deposits",
  "refunds",
  "transfers",
  "distributed",
  "received",
  "in_special",
  "unallocated",
  "over_allocated",
  "shortfall",
  "stock_baseline",
  "stock_remaining",
  "increment_open",
] as const;
type MoneyKey = (typeof MONEY_KEYS)[number];

export interface PlantedProject {
  project_id: string;
  scenario: Scenario;
  /** The codes the rules find on it (F06 and F12 included when they apply). */
  codes: string[];
}

/** Everything a run adds up, as plain data (fen for money). */
export interface TallyData {
  rows: Record<TableName, number>;
  money: Record<MoneyKey, number>;
  stockProjects: number;
  incrementProjects: number;
  ageing: number[];
  counts: Record<string, number>;
  /** Null when findings are only counted (national). */
  findings: Finding[] | null;
  persons: number;
  bands: number[];
  planted: PlantedProject[];
  shenmaoId: string | null;
  /** The period comparison (docs/review.md#comparison) between T0 and the sample's last day. */
  review: ReviewTally;
}

/** Counts of the comparison at the province level, worked out from the evaluations at T0 and T1. */
export interface ReviewTally {
  findingsOpenThen: number;
  findingsOpenNow: number;
  findingsNew: number;
  findingsResolved: number;
  /** Fen. */
  stockRemainingThen: number;
  newIncrementProjects: number;
}

export class Tally {
  readonly data: TallyData;

  constructor(keepFindings: boolean) {
    this.data = {
      rows: { projects: 0, villages: 0, project_villages: 0, fund_flows: 0, distributions: 0 },
      money: Object.fromEntries(MONEY_KEYS.map((k) => [k, 0])) as Record<MoneyKey, number>,
      stockProjects: 0,
      incrementProjects: 0,
      ageing: AGEING_BUCKETS.map(() => 0),
      counts: Object.fromEntries(FINDING_CODES.map((c) => [c, 0])),
      findings: keepFindings ? [] : null,
      persons: 0,
      bands: PERSON_BANDS.map(() => 0),
      planted: [],
      shenmaoId: null,
      review: {
        findingsOpenThen: 0,
        findingsOpenNow: 0,
        findingsNew: 0,
        findingsResolved: 0,
        stockRemainingThen: 0,
        newIncrementProjects: 0,
      },
    };
  }

  /**
   * Adds a project to the comparison: its findings at T0 (null: not approved yet) and at T1, compared by
   * key; new increment projects are those approved after T0.
   */
  addReview(then: ProjectEvaluation | null, now: ProjectEvaluation, compareTo: Day, approved: Day): void {
    const r = this.data.review;
    const before = new Map((then?.findings ?? []).map((f) => [f.finding_key, f]));
    const after = new Map(now.findings.map((f) => [f.finding_key, f]));
    for (const f of before.values()) {
      if (f.resolved) continue;
      r.findingsOpenThen++;
      const later = after.get(f.finding_key);
      if (!later || later.resolved) r.findingsResolved++;
    }
    for (const f of after.values()) {
      if (!f.resolved) r.findingsOpenNow++;
      if (!before.has(f.finding_key)) r.findingsNew++;
    }
    r.stockRemainingThen += then?.figures.stock_remaining ?? 0;
    if (now.figures.is_increment && approved > compareTo) r.newIncrementProjects++;
  }

  /** Adds a loaded project with its rows and its evaluation. */
  addProject(bundle: ProjectBundle, evaluation: ProjectEvaluation | null): void {
    const { rows, money: m } = this.data;
    rows.projects++;
    rows.project_villages += bundle.villages.length;
    rows.fund_flows += bundle.flows.length;
    rows.distributions += bundle.distributions.length;
    m.required += bundle.project.required;
    for (const f of bundle.flows) {
      if (f.flow === "deposit") m.deposits += f.amount;
      else if (f.flow === "refund") m.refunds += f.amount;
      else m.transfers += f.amount;
    }
    for (const d of bundle.distributions) m.distributed += d.amount;
    if (!evaluation) return;
    const fig = evaluation.figures;
    m.received += fig.received;
    m.in_special += fig.in_special;
    m.unallocated += fig.unallocated;
    m.over_allocated += fig.over_allocated;
    m.shortfall += fig.shortfall;
    m.stock_baseline += fig.stock_baseline;
    m.stock_remaining += fig.stock_remaining;
    m.increment_open += fig.increment_open;
    if (fig.is_stock) this.data.stockProjects++;
    if (fig.is_increment) this.data.incrementProjects++;
    fig.ageing.forEach((fen, i) => (this.data.ageing[i] += fen));
    for (const f of evaluation.findings) {
      this.data.counts[f.code]++;
      this.data.findings?.push(f);
    }
  }

  /** Adds the money per person of one county (people are unique within a county). */
  addPeople(perPerson: Map<string, number>): void {
    for (const fen of perPerson.values()) {
      this.data.persons++;
      this.data.bands[bandOf(fen)]++;
    }
  }

  /** Adds another tally (a province generated elsewhere). */
  merge(other: TallyData): void {
    const d = this.data;
    for (const k of Object.keys(d.rows) as TableName[]) d.rows[k] += other.rows[k];
    for (const k of MONEY_KEYS) d.money[k] += other.money[k];
    d.stockProjects += other.stockProjects;
    d.incrementProjects += other.incrementProjects;
    other.ageing.forEach((v, i) => (d.ageing[i] += v));
    for (const code of FINDING_CODES) d.counts[code] += other.counts[code];
    if (d.findings && other.findings) d.findings.push(...other.findings);
    d.persons += other.persons;
    other.bands.forEach((v, i) => (d.bands[i] += v));
    d.planted.push(...other.planted);
    d.shenmaoId ??= other.shenmaoId;
    for (const k of Object.keys(d.review) as (keyof ReviewTally)[]) d.review[k] += other.review[k];
  }

  /** The totals block of the manifest: money as yuan text with 2 decimals. */
  totals(): Record<string, unknown> {
    const { money: m, ageing } = this.data;
    const yuan = Object.fromEntries(MONEY_KEYS.map((k) => [`${k}_yuan`, fenText(m[k])]));
    return {
      rows: { ...this.data.rows },
      ...yuan,
      stock_projects: this.data.stockProjects,
      stock_progress: m.stock_baseline > 0 ? (1 - m.stock_remaining / m.stock_baseline).toFixed(4) : null,
      increment_projects: this.data.incrementProjects,
      unallocated_by_age_yuan: Object.fromEntries(AGEING_BUCKETS.map((b, i) => [b, fenText(ageing[i])])),
    };
  }

  /** People and their shares in seed 001's bands. */
  people(): { persons: number; bands: Record<string, number>; shares: Record<string, string> } {
    const { persons, bands } = this.data;
    return {
      persons,
      bands: Object.fromEntries(PERSON_BANDS.map((b, i) => [b, bands[i]])),
      shares: Object.fromEntries(
        PERSON_BANDS.map((b, i) => [b, persons ? (bands[i] / persons).toFixed(4) : "0"]),
      ),
    };
  }
}

/** The comparison block of the manifest: money as yuan text. */
export function reviewTotals(data: TallyData): Record<string, unknown> {
  const r = data.review;
  return {
    findings_open_then: r.findingsOpenThen,
    findings_open_now: r.findingsOpenNow,
    findings_new: r.findingsNew,
    findings_resolved: r.findingsResolved,
    stock_remaining_then_yuan: fenText(r.stockRemainingThen),
    stock_remaining_now_yuan: fenText(data.money.stock_remaining),
    stock_cleared_yuan: fenText(r.stockRemainingThen - data.money.stock_remaining),
    new_increment_projects: r.newIncrementProjects,
  };
}
