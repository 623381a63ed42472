// Evidence downloads: CSV (UTF-8 with BOM, so Excel on Chinese Windows opens it correctly) and XLSX.
// Cells a spreadsheet would run as formulas are neutralised in both.
import { html } from "htl";
import { writeXlsx } from "./xlsx.js";

const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One CSV cell: text that looks like a formula gets a leading apostrophe; quotes where needed.
 * @param {unknown} value
 * @example csvCell("=HYPERLINK(1)") === "'=HYPERLINK(1)"
 */
export function csvCell(value) {
  if (value === null || value === undefined) return "";
  let text = String(value);
  if (typeof value === "string" && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * CSV text with a BOM, CRLF line ends and a header row.
 * @param {Record<string, any>[]} rows
 * @param {{key: string, label: string, value?: (row: any) => any}[]} columns
 */
export function toCsv(rows, columns) {
  const lines = [columns.map((c) => csvCell(c.label)).join(",")];
  for (const r of rows) lines.push(columns.map((c) => csvCell(c.value ? c.value(r) : r[c.key])).join(","));
  return "\ufeff" + lines.join("\r\n") + "\r\n";
}

/**
 * The rows as sheet rows (header first) for writeXlsx.
 * @param {Record<string, any>[]} rows
 * @param {{key: string, label: string, value?: (row: any) => any}[]} columns
 */
export function toSheet(rows, columns) {
  return [
    columns.map((c) => c.label),
    ...rows.map((r) => columns.map((c) => (c.value ? c.value(r) : r[c.key]))),
  ];
}

/** @param {Blob} blob @param {string} name */
function save(blob, name) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/**
 * Two buttons that download the rows as CSV and XLSX.
 * @param {() => Record<string, any>[]} getRows called on click, so filters apply
 * @param {{key: string, label: string, value?: (row: any) => any}[]} columns
 * @param {string} filename without extension
 */
export function downloadButtons(getRows, columns, filename) {
  const csv = html`<button type="button" class="download">下载 CSV</button>`;
  const xlsx = html`<button type="button" class="download">下载 Excel (XLSX)</button>`;
  csv.addEventListener("click", () =>
    save(new Blob([toCsv(getRows(), columns)], { type: "text/csv;charset=utf-8" }), `${filename}.csv`),
  );
  xlsx.addEventListener("click", async () => {
    const bytes = await writeXlsx(toSheet(getRows(), columns), { sheetName: filename.slice(0, 31) });
    save(
      new Blob([/** @type {BlobPart} */ (/** @type {unknown} */ (bytes))], {
        type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      }),
      `${filename}.xlsx`,
    );
  });
  return html`<span class="downloads">${csv} ${xlsx}</span>`;
}
