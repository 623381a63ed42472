/**
 * XLSX workbooks: the first sheet, streamed with exceljs into a UTF-8 CSV that DuckDB then reads like any
 * other file. The sheet's own row numbers travel in a leading `__row` column so that a reject names the
 * row the user sees in Excel.
 */
import { createWriteStream } from "node:fs";
import { once } from "node:events";
import ExcelJS from "exceljs";
import { csvField } from "./delimited.ts";

export interface SheetInfo {
  sheet: string;
  columns: string[];
  /** Data rows written (rows after the header that have at least one value). */
  rows: number;
  /** Rows after the header whose cells are all empty. */
  blankRows: number;
}

/** Text of one cell value as a user would read it in Excel. */
export function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value;
  // Excel shows (and lets users type) 15 significant digits; beyond them is binary noise of formulas, such
  // as 0.30000000000000004 for =0.1+0.2, which would otherwise read as an amount with 17 decimals.
  if (typeof value === "number") return Number.isFinite(value) ? String(Number(value.toPrecision(15))) : "";
  if (typeof value === "boolean") return value ? "true" : "false";
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? "" : isoDate(value);
  if (typeof value === "object") {
    if ("richText" in value && Array.isArray(value.richText)) return value.richText.map((r) => r.text).join("");
    if ("formula" in value || "sharedFormula" in value) {
      const result = (value as ExcelJS.CellFormulaValue).result;
      return result === undefined ? "" : cellText(result as ExcelJS.CellValue);
    }
    if ("text" in value && typeof value.text === "string") return value.text;
    if ("error" in value) return String(value.error);
  }
  return String(value);
}

function isoDate(date: Date): string {
  // exceljs returns Excel dates as UTC midnight; a time of day, if any, is dropped (the contract has dates).
  return date.toISOString().slice(0, 10);
}

/**
 * Streams the first sheet of an XLSX file to a CSV file `target` with columns `__row, c0, c1, ...`.
 * Throws what exceljs throws for a file that is not a readable workbook.
 */
export async function workbookToCsv(source: string, target: string): Promise<SheetInfo> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(source, {
    sharedStrings: "cache",
    hyperlinks: "ignore",
    styles: "cache",
    worksheets: "emit",
  });
  const out = createWriteStream(target);
  const info: SheetInfo = { sheet: "", columns: [], rows: 0, blankRows: 0 };
  let width = 0;
  let buffered: string[] = [];
  const flush = async () => {
    if (buffered.length === 0) return;
    const chunk = buffered.join("");
    buffered = [];
    if (!out.write(chunk)) await once(out, "drain");
  };
  try {
    for await (const worksheet of reader) {
      info.sheet = (worksheet as unknown as { name?: string }).name ?? "Sheet1";
      for await (const row of worksheet) {
        // row.values is sparse (an empty cell is a hole, which map would keep): Array.from fills every hole.
        const values = Array.from((row.values as ExcelJS.CellValue[]).slice(1), cellText);
        if (info.columns.length === 0 && width === 0) {
          info.columns = trimTrailingEmpty(values);
          width = info.columns.length;
          buffered.push(["__row", ...info.columns.map((_, i) => `c${i}`)].join(",") + "\n");
          continue;
        }
        if (values.every((v) => v.trim() === "")) {
          info.blankRows++;
          continue;
        }
        // Blank cells beyond the header (a stray space, a formatted empty cell) are not values.
        let end = values.length;
        while (end > width && values[end - 1].trim() === "") end--;
        const cells = values.slice(0, Math.max(width, end));
        while (cells.length < width) cells.push("");
        // Cells beyond the header's width cannot be mapped to a field; they make the row too long and
        // DuckDB rejects it with a column-count error, which is what the user needs to hear.
        buffered.push([String(row.number), ...cells.map(csvField)].join(",") + "\n");
        info.rows++;
        if (buffered.length >= 2048) await flush();
      }
      break; // the contract reads the first sheet only
    }
    await flush();
  } finally {
    out.end();
    await once(out, "close");
  }
  return info;
}

function trimTrailingEmpty(values: string[]): string[] {
  let end = values.length;
  while (end > 0 && values[end - 1].trim() === "") end--;
  return values.slice(0, end);
}
