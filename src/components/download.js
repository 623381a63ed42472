// The evidence downloads of every page: two buttons, CSV (UTF-8 with BOM) and XLSX, of the rows chosen at
// the moment of the click (so filters apply; the rows may first have to be fetched). The cells are
// common/csv.js's, the same as `xianbao export`: in XLSX amounts and counts as numbers with their formats,
// dates as dates, the header frozen and filterable (common/xlsx.js). The XLSX writer and jszip (about 30 KB compressed) load
// only when the XLSX button is clicked, so a county page stays small.
import { html } from "htl";
import { sheetTypes, toCsv, toSheet } from "@xianbao/common/csv.js";

/** @typedef {import("@xianbao/common/csv.js").DownloadColumn} DownloadColumn */

/**
 * The file name of a download: the parts that are set, joined by "_", without characters a file system
 * refuses.
 * @param {...(string | null | undefined | false)} parts
 * @example fileName("审计线索", "2026-09-30", "", "F01") === "审计线索_2026-09-30_F01"
 */
export function fileName(...parts) {
  return parts
    .filter(Boolean)
    .map((p) => String(p).replace(/[\\/:*?"<>|]/g, "_"))
    .join("_");
}

/**
 * The bytes of a download of rows in a format.
 * @param {"csv" | "xlsx"} format
 * @param {Record<string, any>[]} rows
 * @param {DownloadColumn[]} columns
 * @param {string} sheetName
 * @returns {Promise<Blob>}
 */
export async function downloadBlob(format, rows, columns, sheetName) {
  if (format === "csv") return new Blob([toCsv(rows, columns)], { type: "text/csv;charset=utf-8" });
  const [{ default: JSZip }, { writeXlsx }] = await Promise.all([
    import("jszip"),
    import("@xianbao/common/xlsx.js"),
  ]);
  const bytes = await writeXlsx(JSZip, toSheet(rows, columns), {
    sheetName: sheetName.slice(0, 31),
    table: { header: 0, types: sheetTypes(columns) },
  });
  return new Blob([/** @type {BlobPart} */ (/** @type {unknown} */ (bytes))], {
    type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  });
}

/** Hands a file to the browser's download. @param {Blob} blob @param {string} name */
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
 * Two buttons (name="csv", name="xlsx") that download the rows.
 * @param {() => Record<string, any>[] | Promise<Record<string, any>[]>} getRows called on click
 * @param {DownloadColumn[]} columns
 * @param {string | (() => string)} filename without extension (a function: named at the click)
 * @returns {HTMLElement}
 */
export function downloadButtons(getRows, columns, filename) {
  const button = (/** @type {"csv" | "xlsx"} */ format, /** @type {string} */ label) => {
    const b = /** @type {HTMLButtonElement} */ (
      html`<button type="button" class="download" name=${format}>${label}</button>`
    );
    b.addEventListener("click", async () => {
      b.disabled = true;
      b.textContent = "正在生成…";
      try {
        const name = typeof filename === "function" ? filename() : filename;
        save(await downloadBlob(format, await getRows(), columns, name), `${name}.${format}`);
      } finally {
        b.disabled = false;
        b.textContent = label;
      }
    });
    return b;
  };
  return html`<span class="downloads"
    >${button("csv", "下载 CSV")} ${button("xlsx", "下载 Excel (XLSX)")}</span
  >`;
}
