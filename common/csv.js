// Evidence tables as CSV (UTF-8 with a BOM, so Excel on Chinese Windows opens it correctly) and as the rows
// of a sheet (common/xlsx.js): the same columns, the same cells. Shared by the pages' downloads and the
// `xianbao export` command. Text a spreadsheet would run as a formula is neutralised, bidi controls dropped.
import { fenToYuan } from "./money.js";
import { plainText } from "./text.js";

/**
 * A column of a download: the key of its value, its header, how to get the value (default row[key]), its
 * kind ("money" values are whole fen, written as exact yuan: CSV text "1234.50", a number in XLSX) and the
 * type of values that come as the warehouse writes them (common/evidence.js: "yuan" and "decimal" exact
 * decimal text, "date" YYYY-MM-DD): numbers and dates in XLSX, plain in CSV.
 * @typedef {{key: string, label: string, value?: (row: any) => any, kind?: "money" | "text" | "number", type?: import("./xlsx.js").CellType}} DownloadColumn
 */

const FORMULA_START = /^[=+\-@\t\r]/;
const NUMBER_TEXT = /^-?[0-9]+(\.[0-9]+)?$/;

/**
 * The XLSX cell type of each column (writeXlsx's `table.types`): money is yuan, a "number" kind a plain
 * number, else the column's type, else text.
 * @param {DownloadColumn[]} columns
 * @returns {import("./xlsx.js").CellType[]}
 */
export function sheetTypes(columns) {
  return columns.map((c) =>
    c.kind === "money" ? "yuan" : (c.type ?? (c.kind === "number" ? "number" : "text")),
  );
}

/**
 * One CSV cell: text that looks like a formula gets a leading apostrophe; quotes where needed.
 * @param {unknown} value
 * @example csvCell("=HYPERLINK(1)") === "'=HYPERLINK(1)" && csvCell('a,"b"') === '"a,""b"""'
 */
export function csvCell(value) {
  if (value === null || value === undefined) return "";
  let text = typeof value === "string" ? plainText(value) : String(value);
  if (typeof value === "string" && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * The cell of a column for a row (money as exact yuan text, which is a number: "-1.50" is no formula). A
 * number of a typed column is written plain, without separators; a ratio or decimal without trailing
 * zeros ("2.250000" as 2.25).
 * @param {DownloadColumn} column
 * @param {any} row
 */
function csvValue(column, row) {
  const v = column.value ? column.value(row) : row[column.key];
  if (column.kind === "money") return fenToYuan(v) ?? "";
  const type = column.type;
  if (type && type !== "text" && type !== "date" && typeof v === "string" && NUMBER_TEXT.test(v))
    return type === "ratio" || type === "decimal" ? v.replace(/(\.[0-9]*?)0+$/, "$1").replace(/\.$/, "") : v;
  return csvCell(v);
}

/**
 * CSV text with a BOM, CRLF line ends and a header row.
 * @param {Record<string, any>[]} rows
 * @param {DownloadColumn[]} columns
 * @example toCsv([{a: 150}], [{key: "a", label: "金额(元)", kind: "money"}]) === "\ufeff金额(元)\r\n1.50\r\n"
 */
export function toCsv(rows, columns) {
  const lines = [columns.map((c) => csvCell(c.label)).join(",")];
  for (const r of rows) lines.push(columns.map((c) => csvValue(c, r)).join(","));
  return "\ufeff" + lines.join("\r\n") + "\r\n";
}

/**
 * The rows as sheet rows (header first) for writeXlsx: money as numbers of yuan, text without bidi controls.
 * @param {Record<string, any>[]} rows
 * @param {DownloadColumn[]} columns
 * @example toSheet([{a: 150}], [{key: "a", label: "金额(元)", kind: "money"}]) // [["金额(元)"], [1.5]]
 */
export function toSheet(rows, columns) {
  return [
    columns.map((c) => c.label),
    ...rows.map((r) =>
      columns.map((c) => {
        const v = c.value ? c.value(r) : r[c.key];
        if (c.kind === "money") return v === null || v === undefined ? null : v / 100;
        return typeof v === "string" ? plainText(v) : v;
      }),
    ),
  ];
}
