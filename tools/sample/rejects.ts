/**
 * Deliberately bad input rows (mixed format only): one of each kind of mistake real exports carry, spread
 * over the tables and files. They are extra rows, so the valid data (and the expected findings) do not
 * depend on them; the manifest lists where each one is and which rule it breaks (the reason codes of
 * loaders/sql/reasons.sql).
 */
import type { SourceTable, TableName } from "../../loaders/contract.ts";
import { checkCharacter } from "../../loaders/personId.ts";
import { scaledText } from "./decimal.ts";
import { columnOf, type Cell, type SampleFormat, type TableLayout } from "./formats.ts";
import type { DistributionRecord, FlowRecord, ProjectBundle, VillageRecord } from "./records.ts";
import type { RowPlace, SampleWriter } from "./write.ts";

export interface PlantedReject {
  table: SourceTable;
  /** Relative to the data directory. */
  file: string;
  /** Spreadsheet row: header = 1, first data row = 2. */
  row: number;
  field: string;
  /** The reason code the loader should give (loaders/sql/reasons.sql). */
  problem: string;
}

export interface RejectContext {
  bundle: ProjectBundle;
  writer: SampleWriter;
  format: SampleFormat;
  /** The distributions file group of the project (city or province code). */
  group: string;
  /** The county's villages: those in its pool and the rest. */
  pool: readonly VillageRecord[];
  outsidePool: readonly { code: string; name: string }[];
  /** A village of an earlier county (already written). */
  otherCountyVillage: VillageRecord | null;
  nextFlowId: () => string;
  nextRecordId: () => string;
}

interface RejectKind {
  table: TableName;
  field: string;
  problem: string;
  /** Writes the row and returns where, or null when this project lacks what the mistake needs. */
  plant(c: RejectContext): RowPlace | null;
}

/** Replaces a field's cell, keeping numbers as numbers where the layout writes numbers. */
function withField<T>(layout: TableLayout<T>, record: T, field: string, value: string): Cell[] {
  const cells = layout.cells(record);
  const i = columnOf(layout as TableLayout<unknown>, field);
  cells[i] = typeof cells[i] === "number" && /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : value;
  return cells;
}

const badDate = (c: RejectContext, iso: string) => (c.format === "mixed" ? iso.replace(/-0?/g, "/") : iso);
const firstDeposit = (c: RejectContext) => c.bundle.flows.find((f) => f.flow === "deposit") ?? null;
const firstCredit = (c: RejectContext) => c.bundle.distributions[0] ?? null;

function flowRow(
  c: RejectContext,
  field: string,
  value: string,
  change?: Partial<FlowRecord>,
): RowPlace | null {
  const base = firstDeposit(c);
  if (!base) return null;
  const flow = { ...base, flow_id: c.nextFlowId(), ...change };
  return c.writer.cells("fund_flows", withField(c.writer.layouts.fund_flows, flow, field, value));
}

function creditRow(
  c: RejectContext,
  field: string,
  value: string,
  change?: Partial<DistributionRecord>,
): RowPlace | null {
  const base = firstCredit(c);
  if (!base) return null;
  const record = { ...base, record_id: c.nextRecordId(), ...change };
  return c.writer.cells(
    "distributions",
    withField(c.writer.layouts.distributions, record, field, value),
    c.group,
  );
}

const unknownProject = (id: string) => id.slice(0, 6) + "1999" + id.slice(10);

const KINDS: readonly RejectKind[] = [
  {
    table: "projects",
    field: "farmland_mu",
    problem: "farmland_over_area",
    plant: (c) => {
      const p = { ...c.bundle.project, project_id: c.bundle.project.project_id + "B" };
      return c.writer.cells(
        "projects",
        withField(c.writer.layouts.projects, p, "farmland_mu", scaledText(p.area + 12_5000, 4)),
      );
    },
  },
  {
    table: "fund_flows",
    field: "amount_yuan",
    problem: "money_decimals",
    plant: (c) => {
      const base = firstDeposit(c);
      return base && flowRow(c, "amount_yuan", c.writer.layouts.fund_flows.cells(base)[5] + "5");
    },
  },
  {
    table: "distributions",
    field: "person_id",
    problem: "person_id_check",
    plant: (c) => {
      const base = firstCredit(c);
      if (!base) return null;
      const right = checkCharacter(base.person_id.slice(0, 17));
      const wrong = "10X98765432"[("10X98765432".indexOf(right) + 3) % 11];
      return creditRow(c, "person_id", base.person_id.slice(0, 17) + wrong);
    },
  },
  {
    table: "villages",
    field: "adult_share",
    problem: "share_range",
    plant: (c) => {
      const source = c.outsidePool[0];
      const village = source
        ? { village_code: source.code, village_name: source.name, per_capita: 1_2000, adult_share: 8000 }
        : c.pool[0];
      return c.writer.cells("villages", withField(c.writer.layouts.villages, village, "adult_share", "1.2"));
    },
  },
  {
    table: "project_villages",
    field: "village_code",
    problem: "village_outside_county",
    plant: (c) => {
      if (!c.otherCountyVillage) return null;
      const pv = { ...c.bundle.villages[0], village_code: c.otherCountyVillage.village_code, quota: null };
      return c.writer.cells("project_villages", c.writer.layouts.project_villages.cells(pv));
    },
  },
  {
    table: "fund_flows",
    field: "amount_yuan",
    problem: "money_zero",
    plant: (c) => flowRow(c, "amount_yuan", "0.00"),
  },
  {
    table: "distributions",
    field: "person_id",
    problem: "person_id_legacy15",
    plant: (c) => {
      const base = firstCredit(c);
      if (!base) return null;
      const id = base.person_id;
      return creditRow(c, "person_id", id.slice(0, 6) + id.slice(8, 14) + id.slice(14, 17));
    },
  },
  {
    table: "projects",
    field: "approved_on",
    problem: "date_invalid",
    plant: (c) => {
      const p = { ...c.bundle.project, project_id: c.bundle.project.project_id + "C", supplied_on: null };
      return c.writer.cells("projects", withField(c.writer.layouts.projects, p, "approved_on", "2023-02-30"));
    },
  },
  {
    table: "fund_flows",
    field: "project_id",
    problem: "project_unknown",
    plant: (c) => flowRow(c, "project_id", unknownProject(c.bundle.project.project_id)),
  },
  {
    table: "distributions",
    field: "credited_on",
    problem: "date_invalid",
    plant: (c) => creditRow(c, "credited_on", badDate(c, "2022-02-29")),
  },
  {
    table: "villages",
    field: "village_code",
    problem: "village_code_format",
    plant: (c) => {
      const v = c.pool[c.pool.length - 1];
      return c.writer.cells(
        "villages",
        withField(c.writer.layouts.villages, v, "village_code", v.village_code.slice(0, 11)),
      );
    },
  },
  {
    table: "fund_flows",
    field: "flow_id",
    problem: "duplicate_key",
    plant: (c) => {
      const last = c.bundle.flows[c.bundle.flows.length - 1];
      return last ? c.writer.cells("fund_flows", c.writer.layouts.fund_flows.cells(last)) : null;
    },
  },
  {
    table: "distributions",
    field: "amount_yuan",
    problem: "money_decimals",
    plant: (c) => {
      const base = firstCredit(c);
      return base && creditRow(c, "amount_yuan", c.writer.layouts.distributions.cells(base)[4] + "5");
    },
  },
  {
    table: "projects",
    field: "county_code",
    problem: "county_unknown",
    plant: (c) => {
      const p = { ...c.bundle.project, project_id: c.bundle.project.project_id + "D" };
      return c.writer.cells("projects", withField(c.writer.layouts.projects, p, "county_code", "449999"));
    },
  },
  {
    table: "project_villages",
    field: "project_id",
    problem: "project_unknown",
    plant: (c) => {
      const pv = { ...c.bundle.villages[0], project_id: unknownProject(c.bundle.project.project_id) };
      return c.writer.cells("project_villages", c.writer.layouts.project_villages.cells(pv));
    },
  },
  {
    table: "fund_flows",
    field: "account",
    problem: "transfer_account",
    plant: (c) => {
      const value = c.format === "mixed" ? "征地费用预存账户" : "pre_deposit";
      return flowRow(c, "account", value, { flow: "transfer", account: "pre_deposit" });
    },
  },
  {
    table: "distributions",
    field: "amount_yuan",
    problem: "money_negative",
    plant: (c) => creditRow(c, "amount_yuan", "-500.00"),
  },
  {
    table: "distributions",
    field: "record_id",
    problem: "duplicate_key",
    plant: (c) => {
      const last = c.bundle.distributions[c.bundle.distributions.length - 1];
      return last
        ? c.writer.cells("distributions", c.writer.layouts.distributions.cells(last), c.group)
        : null;
    },
  },
  {
    table: "projects",
    field: "project_id",
    problem: "duplicate_key",
    plant: (c) => {
      const p = { ...c.bundle.project, project_name: c.bundle.project.project_name + "（重复导出）" };
      return c.writer.cells("projects", c.writer.layouts.projects.cells(p));
    },
  },
  {
    table: "fund_flows",
    field: "flow_on",
    problem: "date_invalid",
    plant: (c) => flowRow(c, "flow_on", badDate(c, "2021-02-30")),
  },
  {
    table: "distributions",
    field: "village_code",
    problem: "project_village_unknown",
    plant: (c) => {
      const inProject = new Set(c.bundle.villages.map((v) => v.village_code));
      const other = c.pool.find((v) => !inProject.has(v.village_code));
      return other ? creditRow(c, "village_code", other.village_code) : null;
    },
  },
];

/** Plants the rejects one by one at evenly spaced projects (skipping projects that lack what a mistake needs). */
export class RejectPlanter {
  private next = 0;
  private readonly slots: number[];
  readonly planted: PlantedReject[] = [];

  /** Spreads the mistakes over the projects with index in [first, total). */
  constructor(first: number, total: number) {
    const span = Math.max(1, total - first);
    this.slots = KINDS.map((_, j) => first + Math.floor(((j + 0.5) * span) / KINDS.length));
  }

  /** Called after each ordinary project is written. */
  afterProject(index: number, c: RejectContext): void {
    while (this.next < KINDS.length && index >= this.slots[this.next]) {
      const kind = KINDS[this.next];
      const place = kind.plant(c);
      if (!place) return;
      this.planted.push({
        table: kind.table,
        file: place.file,
        row: place.row,
        field: kind.field,
        problem: kind.problem,
      });
      this.next++;
    }
  }
}
