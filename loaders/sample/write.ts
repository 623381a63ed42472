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
import { layouts, type Cell, type Layouts, type SampleFormat, type TableLayout } from "./formats.ts";
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

  constructor(
    private readonly dir: string,
    readonly file: string,
    layout: TableLayout<unknown>,
    part: boolean,
  ) {
    if (layout.kind === "xlsx") this.sheet.push([...layout.header]);
    else this.sink = new CsvSink(join(dir, file), part ? null : layout.header, layout.encoding);
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
    return this.sink ? this.sink.rows : this.sheet.length - 1;
  }

  async close(): Promise<void> {
    if (this.sink) this.sink.close();
    else
      writeFileSync(join(this.dir, this.file), await writeXlsx(JSZip, this.sheet, { sheetName: "Sheet1" }));
  }
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
