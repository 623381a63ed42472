/**
 * Writes the sample's tables into a data directory: CSV files stream to disk row by row, the XLSX
 * (small and demo only) is built at the end with the deterministic writer. Distributions go to one file
 * per city or province under `distributions/`.
 */
import { appendFileSync, existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import JSZip from "jszip";
import { writeXlsx } from "@xianbao/common/xlsx.js";
import type { TableName } from "../contract.ts";
import { columnName } from "@xianbao/common/xlsx.js";
import {
  layouts,
  type Cell,
  type Layouts,
  type SampleFormat,
  type SheetForm,
  type TableLayout,
} from "./formats.ts";
import type {
  DistributionRecord,
  FlowRecord,
  ProjectRecord,
  ProjectVillageRecord,
  VillageRecord,
} from "./records.ts";
import { CsvSink } from "./sink.ts";

/** Where a row landed: the file relative to the data directory and its spreadsheet row (header = 1). */
export interface RowPlace {
  file: string;
  row: number;
}

/** One table's output: a CSV sink or the rows of a workbook. */
class TableOut {
  private sink: CsvSink | null = null;
  private readonly sheet: Cell[][] = [];
  private readonly form: SheetForm | undefined;
  private readonly width: number;

  constructor(
    private readonly dir: string,
    readonly file: string,
    layout: TableLayout<unknown>,
    part: boolean,
  ) {
    this.form = layout.form;
    this.width = layout.header.length;
    if (layout.kind === "xlsx") {
      for (const line of this.form?.title ?? []) this.sheet.push([line]);
      this.sheet.push([...layout.header]);
    } else this.sink = new CsvSink(join(dir, file), part ? null : layout.header, layout.encoding);
  }

  write(cells: readonly Cell[]): RowPlace {
    if (this.sink) {
      this.sink.row(cells.map(String));
      return { file: this.file, row: this.sink.rows + 1 };
    }
    this.sheet.push([...cells]);
    return { file: this.file, row: this.sheet.length };
  }

  get rows(): number {
    return this.sink ? this.sink.rows : this.sheet.length - 1 - (this.form?.title.length ?? 0);
  }

  async close(): Promise<void> {
    if (this.sink) return this.sink.close();
    const { rows, merges } = this.form
      ? framed(this.sheet, this.form, this.width)
      : { rows: this.sheet, merges: [] };
    writeFileSync(join(this.dir, this.file), await writeXlsx(JSZip, rows, { sheetName: "Sheet1", merges }));
  }
}

/**
 * The rows of a sheet framed as `form` says, and its merged ranges: the title rows merged across, equal
 * runs of the merge-down columns merged, then the 合计 row (exact sums of the numeric cells of every data
 * row, planted rejects included, as the reader checks them) and the signature row.
 */
function framed(sheet: Cell[][], form: SheetForm, width: number): { rows: Cell[][]; merges: string[] } {
  const last = columnName(width - 1);
  const merges = form.title.map((_, i) => `A${i + 1}:${last}${i + 1}`);
  const first = form.title.length + 1; // 0-based index of the first data row
  for (const col of form.mergeDown) {
    let start = first;
    for (let r = first + 1; r <= sheet.length; r++) {
      if (r < sheet.length && sheet[r][col] === sheet[start][col] && sheet[r][col] !== "") continue;
      if (r - start > 1) merges.push(`${columnName(col)}${start + 1}:${columnName(col)}${r}`);
      start = r;
    }
  }
  const total: Cell[] = Array.from({ length: width }, () => "");
  total[0] = "合计";
  for (const col of form.totals) total[col] = exactSum(sheet.slice(first).map((row) => row[col]));
  return { rows: [...sheet, total, [form.footer]], merges };
}

/** The sum of the numeric cells, computed in integers of 10^-4 so that no float error enters the total. */
function exactSum(cells: Cell[]): number {
  let units = 0n;
  for (const cell of cells) {
    if (typeof cell !== "number") continue;
    const [whole, frac = ""] = String(cell).split(".");
    const sign = whole.startsWith("-") ? -1n : 1n;
    units += BigInt(whole) * 10_000n + sign * BigInt((frac + "0000").slice(0, 4));
  }
  const negative = units < 0n;
  const abs = negative ? -units : units;
  const text = `${abs / 10_000n}.${String(abs % 10_000n).padStart(4, "0")}`;
  return Number((negative ? "-" : "") + text);
}

/** The writers of one data directory. */
export class SampleWriter {
  readonly layouts: Layouts;
  private readonly tables = new Map<string, TableOut>();
  private readonly rowCounts: Record<TableName, number> = {
    projects: 0,
    villages: 0,
    project_villages: 0,
    fund_flows: 0,
    distributions: 0,
  };

  /**
   * Writers for a data directory. With `partOf` (a province code), the tables other than distributions
   * go to headerless part files under `.parts/`, joined later by `joinParts`.
   */
  constructor(
    private readonly dir: string,
    format: SampleFormat,
    clean: boolean,
    private readonly partOf?: string,
  ) {
    this.layouts = layouts(format, clean);
  }

  private out(table: TableName, group?: string): TableOut {
    const layout = this.layouts[table] as TableLayout<unknown>;
    const part = table !== "distributions" && this.partOf !== undefined;
    const file =
      table === "distributions"
        ? `distributions/${group}.csv`
        : part
          ? partFile(layout.file, this.partOf!)
          : layout.file;
    let out = this.tables.get(file);
    if (!out) this.tables.set(file, (out = new TableOut(this.dir, file, layout, part)));
    return out;
  }

  /** Writes formatted cells as a row of a table (a record or a planted reject). */
  cells(table: TableName, cells: readonly Cell[], group?: string): RowPlace {
    this.rowCounts[table]++;
    return this.out(table, group).write(cells);
  }

  project(p: ProjectRecord): RowPlace {
    return this.cells("projects", this.layouts.projects.cells(p));
  }

  village(v: VillageRecord): RowPlace {
    return this.cells("villages", this.layouts.villages.cells(v));
  }

  projectVillage(pv: ProjectVillageRecord): RowPlace {
    return this.cells("project_villages", this.layouts.project_villages.cells(pv));
  }

  flow(f: FlowRecord): RowPlace {
    return this.cells("fund_flows", this.layouts.fund_flows.cells(f));
  }

  /** A distribution into the file of its group (city or province code). */
  distribution(d: DistributionRecord, group: string): RowPlace {
    return this.cells("distributions", this.layouts.distributions.cells(d), group);
  }

  /** Makes sure a table's file exists even with no rows (a header-only file). */
  touch(table: TableName, group?: string): void {
    this.out(table, group);
  }

  /** Closes every file; returns the files written (sorted) and the data rows per table. */
  async finish(): Promise<{ files: string[]; rows: Record<TableName, number> }> {
    for (const out of this.tables.values()) await out.close();
    return { files: [...this.tables.keys()].sort(), rows: { ...this.rowCounts } };
  }
}

const PARTS = ".parts";

function partFile(file: string, part: string): string {
  return `${PARTS}/${file}.${part}`;
}

/**
 * Joins the part files of the tables other than distributions, in the order of `parts`, under one
 * header each, and removes the parts. Returns the files written.
 */
export function joinParts(
  dir: string,
  format: SampleFormat,
  clean: boolean,
  parts: readonly string[],
): string[] {
  const all = layouts(format, clean);
  const files: string[] = [];
  for (const table of ["projects", "villages", "project_villages", "fund_flows"] as const) {
    const layout = all[table] as TableLayout<unknown>;
    const sink = new CsvSink(join(dir, layout.file), layout.header, layout.encoding);
    sink.close();
    for (const part of parts) {
      const path = join(dir, partFile(layout.file, part));
      if (existsSync(path)) appendFileSync(join(dir, layout.file), readFileSync(path));
    }
    files.push(layout.file);
  }
  rmSync(join(dir, PARTS), { recursive: true, force: true });
  return files;
}
