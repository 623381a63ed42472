/**
 * A sheet's rows (from a workbook or an HTML table) to the staging CSV DuckDB reads: the header found by
 * its names, merged ranges filled, each cell turned into the text its field needs, and what the reader
 * knows about a cell that the text cannot say (an ID stored as a number, an Excel error, a cell over the
 * limit) carried in an `__issues` column, so that the validation rejects the row with that reason.
 * Columns: `__row, __issues, __label`, then the mapped fields in contract order; nothing else of the file
 * (a 姓名 column) is written.
 */
import type { FieldSpec, TableSpec } from "../contract.ts";
import { BilingualError } from "../errors.ts";
import { csvField } from "./delimited.ts";
import type { ColumnMap } from "./columns.ts";
import { findHeader, type HeaderMatch } from "./headers.ts";
import { LIMITS, type Limits } from "./limits.ts";
import {
  columnName,
  numberText,
  serialToIso,
  type MergedRange,
  type SheetCell,
  type SheetRow,
} from "./xlsxReader.ts";
import type { TextSink } from "./tempFiles.ts";

export interface SheetSource {
  rows: AsyncIterable<SheetRow>;
  merges: readonly MergedRange[];
  date1904: boolean;
}

/** What the conversion found, per file, for the load report. */
export interface ConvertedSheet {
  header: HeaderMatch;
  /** Sheet row numbers of the first and last header row. */
  headerRows: [number, number];
  /** Fields written, in order, after __row, __issues and __label. */
  fields: string[];
  rows: number;
  blankRows: number;
  /** Cells of data rows that took their value from a merged range. */
  filledCells: number;
  /** Number cells cut to Excel's 15 significant digits. */
  roundedNumbers: number;
  /** Number cells in ID and code columns that lost digits (rejected). */
  numericIds: number;
  /** Error cells (#N/A, #VALUE!...) in mapped columns (rejected). */
  errorCells: number;
  /** Date serials read in the 1904 date system. */
  dates1904: number;
}

// First characters of the words that mark a row as not data (a totals row, a signature row): a row whose
// key fields are empty or start with one of them gets its first non-empty cell carried as __label, which
// the staging SQL judges (docs/decisions.md I17).
export const LABEL_INITIALS = "合总小共累本填制审复负单经联注说备日";

/** Every cell of a row as text, as Excel shows it: for finding the header and the row's first cell. */
export function cellDisplay(cell: SheetCell | undefined): string {
  if (!cell) return "";
  if (cell.t === "n") return numberText(cell.v).text;
  return cell.t === "f" || cell.t === "long" ? "" : cell.v;
}

/**
 * Converts a sheet into the staging CSV written to `out`; throws BilingualError when no header is found
 * or the workbook holds formulas without values.
 */
export async function sheetToStaging(
  source: SheetSource,
  spec: TableSpec,
  file: string,
  out: TextSink,
  options: { custom?: ColumnMap[string]; limits?: Limits; where?: string } = {},
): Promise<ConvertedSheet> {
  const limits = options.limits ?? LIMITS;
  const fill = new MergeFill(source.merges, limits);
  const iterator = source.rows[Symbol.asyncIterator]();
  // The first rows, densely by sheet row number, for the header search.
  const head: SheetRow[] = [];
  const headFilled = new Map<number, number>();
  let present = 0;
  let pending: SheetRow | null = null;
  for (;;) {
    const next = await iterator.next();
    if (next.done) break;
    const row = next.value;
    if (present >= limits.headerSearchRows || row.number > 1000) {
      pending = row;
      break;
    }
    headFilled.set(row.number, fill.apply(row, Infinity));
    while (head.length < row.number - 1) head.push({ number: head.length + 1, cells: [] });
    head.push(row);
    present++;
  }
  const texts = head.map((r) => trimEnd(Array.from(r.cells, cellDisplay)));
  const header = findHeader(spec, texts, file + (options.where ?? ""), options.custom);
  const width = header.columns.length;
  const fields = spec.fields.filter((f) => header.fields.has(f.name));
  const columns = fields.map((f) => header.fields.get(f.name)!);
  const keyColumns = spec.key.map((k) => header.fields.get(k)).filter((c): c is number => c !== undefined);
  const result: ConvertedSheet = {
    header,
    headerRows: [header.first + 1, header.last + 1],
    fields: fields.map((f) => f.name),
    rows: 0,
    blankRows: 0,
    filledCells: 0,
    roundedNumbers: 0,
    numericIds: 0,
    errorCells: 0,
    dates1904: 0,
  };
  let formulas = 0;
  let firstFormula = "";
  await out.write(["__row", "__issues", "__label", ...result.fields].join(",") + "\n");
  let lines: string[] = [];
  const convert = async (row: SheetRow) => {
    if (row.number <= header.last + 1) return;
    result.filledCells += fill.apply(row, width) + (headFilled.get(row.number) ?? 0);
    if (row.cells.every((c) => cellDisplay(c).trim() === "" && c?.t !== "f" && c?.t !== "long")) {
      result.blankRows++;
      return;
    }
    const issues: string[] = [];
    const values = fields.map((field, i) => {
      const cell = row.cells[columns[i]];
      if (cell?.t === "f") {
        formulas++;
        firstFormula ||= columnName(columns[i]) + row.number;
      }
      return fieldText(cell, field, issues, result, source.date1904);
    });
    row.cells.forEach((cell, c) => {
      if (!cell) return;
      if (cell.t === "long" && !columns.includes(c)) issues.push("=cell_too_long");
      else if (c >= width && cellDisplay(cell).trim() !== "") issues.push("=beyond_header");
    });
    const label = keyColumns.every((c) => isLabelish(cellDisplay(row.cells[c])))
      ? firstCell(row).replace(/\s+/g, "").slice(0, 40)
      : "";
    lines.push(
      [String(row.number), [...new Set(issues)].join(";"), label, ...values].map(csvField).join(",") + "\n",
    );
    result.rows++;
    if (lines.length >= 2048) {
      await out.write(lines.join(""));
      lines = [];
    }
  };
  for (const row of head) await convert(row);
  if (pending) await convert(pending);
  for (;;) {
    const next = await iterator.next();
    if (next.done) break;
    await convert(next.value);
  }
  if (lines.length) await out.write(lines.join(""));
  if (formulas > 0)
    throw new BilingualError(
      `${file}${options.where ?? ""}: 有 ${formulas} 个公式单元格没有计算结果 (如 ${firstFormula}): 这个工作簿是程序生成的, 还没有在 Excel 中打开过。请用 Excel 或 WPS 打开它并保存, 公式的值就会算出并存入文件, 然后再导入。`,
      `${file}${options.where ?? ""}: ${formulas} formula cell(s) hold no computed value (e.g. ${firstFormula}): the workbook was written by a program and never opened in Excel. Open it in Excel or WPS and save it, so the values are computed and stored, then load it again.`,
    );
  return result;
}

/** The text of a mapped cell for its field; what the text cannot say goes to `issues`. */
function fieldText(
  cell: SheetCell | undefined,
  field: FieldSpec,
  issues: string[],
  result: ConvertedSheet,
  date1904: boolean,
): string {
  if (!cell) return "";
  switch (cell.t) {
    case "s":
    case "d":
    case "b":
      return cell.v;
    case "e":
      issues.push(`${field.name}=excel_error`);
      result.errorCells++;
      return cell.v;
    case "f":
      return "";
    case "long":
      issues.push(`${field.name}=cell_too_long`);
      return "";
    case "n": {
      const { text, rounded } = numberText(cell.v);
      const n = Number(cell.v);
      if (
        field.kind === "date" &&
        Number.isFinite(n) &&
        n >= 1 &&
        n < 2958466 &&
        !/^(19|20)\d{6}$/.test(text)
      ) {
        if (date1904) result.dates1904++;
        return serialToIso(n, date1904);
      }
      if (field.kind === "person_id" || (rounded && isIdentifier(field))) {
        issues.push(`${field.name}=stored_as_number`);
        result.numericIds++;
        return text;
      }
      if (rounded) result.roundedNumbers++;
      return text;
    }
  }
}

/** Fields whose every digit matters: keys, codes and IDs (a number cell there may have lost digits). */
function isIdentifier(field: FieldSpec): boolean {
  return field.kind === "text" || field.kind === "county_code" || field.kind === "village_code";
}

function isLabelish(text: string): boolean {
  const t = text.trim();
  return t === "" || LABEL_INITIALS.includes(t[0]);
}

function firstCell(row: SheetRow): string {
  for (const cell of row.cells) {
    const text = cellDisplay(cell).trim();
    if (text) return text;
  }
  return "";
}

function trimEnd(values: string[]): string[] {
  let end = values.length;
  while (end > 0 && values[end - 1].trim() === "") end--;
  return values.slice(0, end);
}

/**
 * Fills the cells of merged ranges with the value of their top-left cell, row by row as rows stream by
 * (Excel keeps the value only there; it belongs to every cell of the range).
 */
class MergeFill {
  private readonly byTop: MergedRange[];
  private next = 0;
  private active: { range: MergedRange; cell: SheetCell | undefined }[] = [];
  private work = 0;

  constructor(
    merges: readonly MergedRange[],
    private readonly limits: Limits,
  ) {
    this.byTop = [...merges].sort((a, b) => a.top - b.top || a.left - b.left);
  }

  /** Fills a row's cells in columns below `width`; returns how many cells were filled. */
  apply(row: SheetRow, width: number): number {
    const r = row.number - 1;
    while (this.next < this.byTop.length && this.byTop[this.next].top <= r) {
      const range = this.byTop[this.next++];
      // A range whose first row is missing from the sheet has no value to give.
      this.active.push({ range, cell: range.top === r ? row.cells[range.left] : undefined });
    }
    if (this.active.length === 0) return 0;
    this.active = this.active.filter((a) => a.range.bottom >= r);
    let filled = 0;
    for (const { range, cell } of this.active) {
      if (!cell) continue;
      const right = Math.min(range.right, width - 1, this.limits.columns - 1);
      for (let c = range.left; c <= right; c++) {
        if (r === range.top && c === range.left) continue;
        if (++this.work > 50_000_000)
          throw new BilingualError(
            "合并单元格过多或过大, 无法展开。请取消合并后另存。",
            "the merged ranges are too many or too large to fill. Unmerge them and save again.",
          );
        if (row.cells[c] === undefined || cellDisplay(row.cells[c]) === "") {
          row.cells[c] = cell;
          filled++;
        }
      }
    }
    return filled;
  }
}
