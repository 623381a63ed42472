/**
 * XLSX workbooks: the first sheet, streamed (sources/xlsxReader.ts) into a UTF-8 CSV that DuckDB then reads like any
 * other file. The sheet's own row numbers travel in a leading `__row` column so that a reject names the
 * row the user sees in Excel.
 */
import { createWriteStream } from "node:fs";
import { once } from "node:events";
import { csvField } from "./delimited.ts";
import { readFirstSheet } from "./xlsxReader.ts";

export interface SheetInfo {
  sheet: string;
  columns: string[];
  /** Data rows written (rows after the header that have at least one value). */
  rows: number;
  /** Rows after the header whose cells are all empty. */
  blankRows: number;
}

/**
 * Streams the first sheet of an XLSX file to a CSV file `target` with columns `__row, c0, c1, ...`.
 * Throws for a file that is not a readable workbook.
 */
export async function workbookToCsv(source: string, target: string): Promise<SheetInfo> {
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
    for await (const row of readFirstSheet(source, (name) => (info.sheet = name))) {
      const values = row.cells;
      if (width === 0) {
        info.columns = trimTrailingEmpty(values);
        width = info.columns.length;
        if (width > 0) buffered.push(["__row", ...info.columns.map((_, i) => `c${i}`)].join(",") + "\n");
        continue;
      }
      if (values.every((v) => v.trim() === "")) {
        info.blankRows++;
        continue;
      }
      // Empty cells right of the header (formatted but unused columns) are not data; a value there cannot
      // be mapped to a field, makes the row too long, and DuckDB rejects it with a column-count error.
      let end = values.length;
      while (end > width && values[end - 1].trim() === "") end--;
      const cells = values.slice(0, end);
      while (cells.length < width) cells.push("");
      buffered.push([String(row.number), ...cells.map(csvField)].join(",") + "\n");
      info.rows++;
      if (buffered.length >= 2048) await flush();
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
