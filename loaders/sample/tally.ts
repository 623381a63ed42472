/**
 * Control totals of what should load, the project figures summed, the findings expected, and how much
 * each person received (seed 001's table counts people by the money credited to them).
 */
import type { TableName } from "../contract.ts";
import { AGEING_BUCKETS, type ProjectEvaluation } from "./evaluate.ts";
import { fenText } from "./decimal.ts";
import { bandOf, PERSON_BANDS } from "./credits.ts";
import type { Finding, ProjectBundle } from "./records.ts";

export const FINDING_CODES = [
  "F01",
  "F02",
  "F03",
  "F04",
  "F05",
  "F06",
  "F07",
  "F08",
  "F09",
  "F10",
  "F11",
  "F12",
] as const;

export class Tally {
  readonly rows: Record<TableName, number> = {
    projects: 0,
    villages: 0,
    project_villages: 0,
    fund_flows: 0,
    distributions: 0,
  };
  private money = {
    required: 0,
    deposits: 0,
    refunds: 0,
    transfers: 0,
    distributed: 0,
    received: 0,
    in_special: 0,
    unallocated: 0,
    over_allocated: 0,
    shortfall: 0,
    stock_baseline: 0,
    stock_remaining: 0,
    increment_open: 0,
  };
  private stockProjects = 0;
  private incrementProjects = 0;
  private readonly ageing = AGEING_BUCKETS.map(() => 0);
  readonly counts: Record<string, number> = Object.fromEntries(FINDING_CODES.map((c) => [c, 0]));
  /** Null when findings are only counted (national). */
  readonly findings: Finding[] | null;
  private persons = 0;
  private readonly bands = PERSON_BANDS.map(() => 0);

  constructor(keepFindings: boolean) {
    this.findings = keepFindings ? [] : null;
  }

  /** Adds a loaded project with its rows and its evaluation. */
  addProject(bundle: ProjectBundle, evaluation: ProjectEvaluation | null): void {
    this.rows.projects++;
    this.rows.project_villages += bundle.villages.length;
    this.rows.fund_flows += bundle.flows.length;
    this.rows.distributions += bundle.distributions.length;
    const m = this.money;
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
    if (fig.is_stock) this.stockProjects++;
    if (fig.is_increment) this.incrementProjects++;
    fig.ageing.forEach((fen, i) => (this.ageing[i] += fen));
    for (const f of evaluation.findings) {
      this.counts[f.code]++;
      this.findings?.push(f);
    }
  }

  /** Adds the money per person of one county (people are unique within a county). */
  addPeople(perPerson: Map<string, number>): void {
    for (const fen of perPerson.values()) {
      this.persons++;
      this.bands[bandOf(fen)]++;
    }
  }

  /** The totals block of the manifest: money as yuan text with 2 decimals. */
  totals(): Record<string, unknown> {
    const m = this.money;
    const yuan = Object.fromEntries(Object.entries(m).map(([k, v]) => [`${k}_yuan`, fenText(v)]));
    return {
      rows: { ...this.rows },
      ...yuan,
      stock_projects: this.stockProjects,
      stock_progress: m.stock_baseline > 0 ? (1 - m.stock_remaining / m.stock_baseline).toFixed(4) : null,
      increment_projects: this.incrementProjects,
      unallocated_by_age_yuan: Object.fromEntries(AGEING_BUCKETS.map((b, i) => [b, fenText(this.ageing[i])])),
    };
  }

  /** People and their shares in seed 001's bands. */
  people(): { persons: number; bands: Record<string, number>; shares: Record<string, string> } {
    return {
      persons: this.persons,
      bands: Object.fromEntries(PERSON_BANDS.map((b, i) => [b, this.bands[i]])),
      shares: Object.fromEntries(
        PERSON_BANDS.map((b, i) => [b, this.persons ? (this.bands[i] / this.persons).toFixed(4) : "0"]),
      ),
    };
  }
}
