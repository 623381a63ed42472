/**
 * What `xianbao check` writes for a clerk (docs/decisions.md I24): a workbook of the load report (per file
 * the rows read, loaded and rejected, how it was read, every reject with file, sheet, row, field, masked
 * value and reason in Chinese and English), and with --fix-sheet a copy of each file that has rejects,
 * its bad cells marked with the reason in a comment and a problems column, that loads back as it is.
 * Written with exceljs (its writer; its streaming reader corrupts Chinese, so files are read with ours).
 */
import { mkdir } from "node:fs/promises";
import { readFile } from "node:fs/promises";
import { dirname, extname, join, relative, resolve, sep } from "node:path";
import ExcelJS from "exceljs";
import { tableSpec } from "./contract.ts";
import { BilingualError } from "./errors.ts";
import type { FileReport, LoadReport } from "./report.ts";
import { parseRecords, sepLine } from "./sources/delimited.ts";
import { readHtmlTables } from "./sources/html.ts";
import { skippedReason } from "./sources/workbook.ts";
import { cellDisplay } from "./sources/sheet.ts";
import { serialToIso, Workbook, type MergedRange, type SheetRow } from "./sources/xlsxReader.ts";
import type { Warehouse } from "./warehouse.ts";

interface Reject {
  file_id: number;
  file: string;
  row: number;
  field: string | null;
  value: string | null;
  reason_code: string;
  reason_zh: string;
  reason_en: string;
}

const RED = { type: "pattern", pattern: "solid", fgColor: { argb: "FFFFC7CE" } } as const;
const PINK = { type: "pattern", pattern: "solid", fgColor: { argb: "FFFDE9EC" } } as const;
const HEAD = { type: "pattern", pattern: "solid", fgColor: { argb: "FFDDEBF7" } } as const;

async function rejectsOf(db: Warehouse): Promise<Reject[]> {
  return db.rows<Reject>(
    `SELECT r.file_id::INTEGER AS file_id, s.file, r.row::DOUBLE AS row, r.field, r.value, r.reason_code, r.reason_zh, r.reason_en
     FROM rejects r JOIN sources s USING (file_id) ORDER BY r.file_id, r.row, r.field NULLS FIRST`,
  );
}

function sheetOf(wb: ExcelJS.Workbook, name: string, headers: [string, number][]): ExcelJS.Worksheet {
  const ws = wb.addWorksheet(name, { views: [{ state: "frozen", ySplit: 1 }] });
  ws.columns = headers.map(([header, width]) => ({ header, width }));
  ws.getRow(1).font = { bold: true };
  ws.getRow(1).eachCell((c) => (c.fill = HEAD));
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: headers.length } };
  return ws;
}

/** Writes the check workbook (.xlsx) of a load: summary, files, columns, rejects. */
export async function writeCheckWorkbook(db: Warehouse, report: LoadReport, path: string): Promise<void> {
  const wb = new ExcelJS.Workbook();
  wb.creator = "xianbao check";
  const summary = sheetOf(wb, "概况 summary", [
    ["项目 item", 28],
    ["值 value", 60],
  ]);
  summary.addRow(["数据目录 data directory", report.data_dir]);
  summary.addRow(["导入日 load day", new Date(`${report.today}T00:00:00Z`)]).getCell(2).numFmt = "yyyy-mm-dd";
  summary.addRow(["检查时间 checked at", new Date(report.loaded_at)]).getCell(2).numFmt = "yyyy-mm-dd hh:mm";
  summary.addRow(["拒绝的问题 problems", report.reject_problems]);
  if (report.ignored_files.length) summary.addRow(["未读取 not read", report.ignored_files.join(", ")]);

  const files = sheetOf(wb, "文件 files", [
    ["表 table", 16],
    ["文件 file", 30],
    ["格式 format", 10],
    ["工作表 sheet", 16],
    ["表头行 header row", 10],
    ["读入 read", 10],
    ["导入 loaded", 10],
    ["拒绝 rejected", 10],
    ["空行 blank", 8],
    ["非数据行 not data", 22],
    ["合计核对 control total", 34],
    ["读取时转换 read from another form", 44],
    ["未读的列 columns not read", 24],
    ["未读的工作表 sheets not read", 28],
    ["注意 warnings", 80],
  ]);
  for (const f of report.files) {
    const row = files.addRow([
      f.table,
      f.file,
      f.format + (f.encoding ? ` ${f.encoding}` : ""),
      f.sheet ?? "",
      f.header_rows
        ? f.header_rows[0] === f.header_rows[1]
          ? f.header_rows[0]
          : f.header_rows.join("-")
        : "",
      f.rows_read,
      f.rows_loaded,
      f.rows_rejected,
      f.blank_rows,
      f.rows_not_data.map((r) => `${r.row} ${r.word}`).join(", "),
      f.control_totals
        .map((c) =>
          c.agrees
            ? `${c.field}: ${c.stated} ✓`
            : `${c.field}: ${c.stated ?? "?"} ≠ ${c.sum} (${c.difference ?? "?"})`,
        )
        .join("; "),
      f.normalised.map((n) => `${n.field ? `${n.field} ` : ""}${n.kind} ×${n.count}`).join(", "),
      f.extra_columns.join(", "),
      f.sheets_skipped.map((s) => `${s.sheet}: ${skippedReason(s.reason).join(" / ")}`).join("; "),
      f.warnings.join("\n"),
    ]);
    if (f.rows_rejected) row.getCell(8).fill = RED;
    row.alignment = { vertical: "top", wrapText: true };
  }

  const columns = sheetOf(wb, "列 columns", [
    ["文件 file", 30],
    ["列 column", 8],
    ["表头 header", 30],
    ["字段 field", 22],
    ["依据 via", 14],
  ]);
  for (const f of report.files)
    for (const c of f.columns)
      columns.addRow([f.file, c.column, c.header, c.field ?? "(不读取 not read)", c.via ?? ""]);

  const rejects = sheetOf(wb, "拒绝 rejects", [
    ["文件 file", 30],
    ["工作表 sheet", 14],
    ["行 row", 8],
    ["字段 field", 18],
    ["列名 column", 20],
    ["值 value (已脱敏 masked)", 26],
    ["原因 reason", 60],
    ["reason (English)", 60],
  ]);
  const headerOf = (f: FileReport | undefined, field: string | null) =>
    field ? (f?.columns.find((c) => c.field === field)?.header ?? "") : "";
  for (const r of await rejectsOf(db)) {
    const f = report.files.find((x) => x.file === r.file);
    rejects.addRow([
      r.file,
      f?.sheet ?? "",
      Number(r.row),
      r.field ?? "(整行 whole row)",
      headerOf(f, r.field),
      r.value ?? "",
      r.reason_zh,
      r.reason_en,
    ]);
  }
  await mkdir(dirname(resolve(path)), { recursive: true });
  await wb.xlsx.writeFile(path);
}

/**
 * Writes, under `outDir`, a copy of each file with rejects as an .xlsx (its relative path kept), rows as
 * the user sees them (title rows, header, totals), each bad cell filled red with the reason as a comment,
 * a row that could not be read filled pink, and a column 问题说明 / problems at the right. The copy loads
 * back in place of the file. Returns the paths written.
 */
export async function writeFixSheets(
  db: Warehouse,
  report: LoadReport,
  dataDir: string,
  outDir: string,
): Promise<string[]> {
  const data = resolve(dataDir);
  const out = resolve(outDir);
  if (out === data || out.startsWith(data + sep))
    throw new BilingualError(
      `--fix-sheet ${outDir} 在数据目录之内: 副本会被当成数据再读一次。请指定数据目录之外的文件夹。`,
      `--fix-sheet ${outDir} is inside the data directory: the copies would be read as data. Give a folder outside it.`,
    );
  const rejects = await rejectsOf(db);
  const written: string[] = [];
  for (const f of report.files) {
    const mine = rejects.filter((r) => r.file === f.file);
    if (mine.length === 0 || f.format === "parquet") continue;
    const source = await rowsOf(join(data, f.file), f);
    const target = join(out, f.file.slice(0, f.file.length - extname(f.file).length) + ".xlsx");
    await mkdir(dirname(target), { recursive: true });
    await writeFixSheet(source, f, mine, target);
    written.push(relative(process.cwd(), target) || target);
  }
  return written;
}

interface SourceRows {
  rows: SheetRow[];
  merges: MergedRange[];
  /** Whether cells are kept as typed text (CSV, HTML) or as the workbook stored them. */
  text: boolean;
  date1904: boolean;
}

async function rowsOf(path: string, f: FileReport): Promise<SourceRows> {
  if (f.format === "xlsx") {
    const wb = await Workbook.open(path);
    const sheet = wb.sheets.find((s) => s.name === f.sheet) ?? wb.sheets[0];
    const rows: SheetRow[] = [];
    for await (const r of wb.rows(sheet)) rows.push(r);
    return { rows, merges: await wb.merges(sheet), text: false, date1904: wb.date1904 };
  }
  if (f.format === "html") {
    const { tables } = await readHtmlTables(path);
    const n = Number(/(\d+)/.exec(f.sheet ?? "1")?.[1] ?? 1) - 1;
    return { rows: tables[n].rows, merges: tables[n].merges, text: true, date1904: false };
  }
  const bytes = await readFile(path);
  const encoding = f.encoding === "utf-8-bom" ? "utf-8" : (f.encoding ?? "utf-8");
  let text = new TextDecoder(encoding).decode(bytes);
  if (sepLine(text)) text = text.slice(text.indexOf("\n") + 1);
  const delimiter = f.delimiter === "tab" ? "\t" : (f.delimiter ?? ",");
  const rows = parseRecords(text, delimiter, Infinity).map((cells, i) => ({
    number: i + 1,
    cells: cells.map((v) => (v === "" ? undefined : { t: "s" as const, v })),
  }));
  return { rows, merges: [], text: true, date1904: false };
}

async function writeFixSheet(
  source: SourceRows,
  f: FileReport,
  rejects: Reject[],
  target: string,
): Promise<void> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(f.sheet && f.format === "xlsx" ? f.sheet.slice(0, 31) : "Sheet1");
  const spec = tableSpec(f.table);
  const kinds = new Map(spec.fields.map((x) => [x.name, x.kind]));
  const columnOf = new Map(f.columns.filter((c) => c.field).map((c) => [c.field!, c.column]));
  const numericColumns = new Set(
    f.columns
      .filter((c) => c.field && ["money", "decimal", "integer"].includes(kinds.get(c.field) ?? ""))
      .map((c) => c.column),
  );
  const dateColumns = new Set(
    f.columns.filter((c) => c.field && kinds.get(c.field) === "date").map((c) => c.column),
  );
  const problemsColumn = Math.max(f.columns.length, ...source.rows.map((r) => r.cells.length)) + 1;
  const headerRow = f.header_rows?.[1] ?? 1;
  for (const row of source.rows) {
    const target = ws.getRow(row.number);
    row.cells.forEach((cell, i) => {
      if (!cell) return;
      const c = target.getCell(i + 1);
      const text = cellDisplay(cell);
      if (!source.text && cell.t === "n" && numericColumns.has(i + 1) && row.number > headerRow)
        c.value = Number(text);
      else if (
        !source.text &&
        cell.t === "n" &&
        dateColumns.has(i + 1) &&
        row.number > headerRow &&
        Number(cell.v) >= 1
      ) {
        // A date in the copy's own (1900) date system, whatever the source's.
        c.value = new Date(`${serialToIso(Number(cell.v), source.date1904)}T00:00:00Z`);
        c.numFmt = "yyyy-mm-dd";
      } else if (!source.text && cell.t === "e")
        c.value = { error: cell.v as ExcelJS.CellErrorValue["error"] };
      else c.value = text;
    });
  }
  for (const m of source.merges) ws.mergeCells(m.top + 1, m.left + 1, m.bottom + 1, m.right + 1);
  ws.getRow(headerRow).getCell(problemsColumn).value = "问题说明 / problems";
  ws.getRow(headerRow).getCell(problemsColumn).font = { bold: true };
  ws.getColumn(problemsColumn).width = 60;
  const byRow = new Map<number, Reject[]>();
  for (const r of rejects) byRow.set(Number(r.row), [...(byRow.get(Number(r.row)) ?? []), r]);
  for (const [number, problems] of byRow) {
    const row = ws.getRow(number);
    for (const p of problems) {
      const column = p.field ? columnOf.get(p.field) : undefined;
      if (column) {
        const cell = row.getCell(column);
        cell.fill = RED;
        cell.note = `${p.reason_zh}\n${p.reason_en}`;
      } else for (let c = 1; c < problemsColumn; c++) row.getCell(c).fill = PINK;
    }
    const note = row.getCell(problemsColumn);
    note.value = problems.map((p) => `${p.reason_zh} / ${p.reason_en}`).join("\n");
    note.alignment = { wrapText: true, vertical: "top" };
  }
  ws.views = [{ state: "frozen", ySplit: headerRow }];
  await wb.xlsx.writeFile(target);
}
