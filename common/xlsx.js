// A minimal, deterministic XLSX writer shared by the browser (evidence downloads) and Node (sample data,
// `xianbao export`). One sheet, strings as inline strings, numbers as numbers. The bytes depend only on the
// rows: every zip entry carries the same fixed date, so the same rows always give the same file. The zip
// library is passed in (jszip), so that this package imports nothing and the browser loads it on demand.
// With a `table` (a header row and a type per column) the sheet is one a clerk can file and filter: typed
// cells with number formats, real dates, widths from the content, the header bold and frozen, an
// autofilter over the table (docs/outputs.md#export).
import { plainText } from "./text.js";

const FIXED_DATE = new Date(Date.UTC(2020, 0, 1));
const FORMULA_START = /^[=+\-@\t\r]/;
/** A decimal number as the warehouse writes it ("-1234.50", "2.250000", "7"). */
const NUMBER_TEXT = /^-?[0-9]+(\.[0-9]+)?$/;
const ISO_DATE = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/;

/**
 * The kind of a table column: "yuan" (#,##0.00), "count" (#,##0), "decimal" (#,##0.00), "ratio" (0.00),
 * "date" (an Excel date shown yyyy-mm-dd), "number" (a number, General format) or "text".
 * @typedef {"yuan" | "count" | "decimal" | "ratio" | "date" | "number" | "text"} CellType
 */

/**
 * The table of a sheet: the 0-based index of its header row (rows above it, such as a notice, stay plain
 * text) and the type of each column's data cells.
 * @typedef {{header: number, types: ReadonlyArray<CellType | undefined>}} SheetTable
 */

/** The style (cellXfs index in STYLES) of each numeric and date type. */
const TYPE_STYLE = { yuan: 3, count: 4, ratio: 5, date: 6, decimal: 3, number: 0 };
const HEADER_STYLE = 2;
const QUOTE_STYLE = 1;
/** Column widths in characters of the default font: a CJK character counts two; capped. */
const MIN_WIDTH = 6;
const MAX_WIDTH = 50;

/**
 * Writes rows to an XLSX workbook with one sheet.
 * Text that a spreadsheet would run as a formula (starting with = + - @ tab or CR) is stored as text with
 * Excel's quote prefix, so `=HYPERLINK(...)` arrives as the literal text.
 * @param {any} JSZip the jszip constructor
 * @param {ReadonlyArray<ReadonlyArray<string | number | null | undefined>>} rows header row first
 * With `merges` (ranges such as "A1:K1"), those cells are merged as Excel stores it: the value stays in the
 * range's top-left cell and the others are written empty. With `table`, the data cells below its header are
 * typed (a decimal text or number in a numeric column becomes a number, a YYYY-MM-DD text in a date column
 * an Excel date; anything else stays text), the header is bold and frozen with the rows above it, an
 * autofilter covers the header and the rows below, and each column is as wide as its content.
 * @param {{sheetName?: string, merges?: ReadonlyArray<string>, table?: SheetTable}} [options]
 * @returns {Promise<Uint8Array>}
 * @example await writeXlsx(JSZip, [["批次编号", "金额(元)"], ["P1", "9000.00"]], {table: {header: 0, types: ["text", "yuan"]}})
 */
export async function writeXlsx(JSZip, rows, { sheetName = "Sheet1", merges = [], table } = {}) {
  const zip = new JSZip();
  const add = (/** @type {string} */ name, /** @type {string} */ text) =>
    zip.file(name, text, { date: FIXED_DATE, createFolders: false });
  add("[Content_Types].xml", CONTENT_TYPES);
  add("_rels/.rels", ROOT_RELS);
  add("docProps/app.xml", APP);
  add("xl/workbook.xml", workbookXml(sheetName, table ? filterRange(rows, table) : null));
  add("xl/_rels/workbook.xml.rels", WORKBOOK_RELS);
  add("xl/styles.xml", table ? TABLE_STYLES : STYLES);
  add("xl/worksheets/sheet1.xml", sheetXml(rows, merges, table));
  return zip.generateAsync({ type: "uint8array", compression: "DEFLATE", compressionOptions: { level: 6 } });
}

/**
 * The sheet XML for the rows; exported for tests.
 * @param {ReadonlyArray<ReadonlyArray<string | number | null | undefined>>} rows
 * @param {ReadonlyArray<string>} [merges]
 * @param {SheetTable} [table]
 */
export function sheetXml(rows, merges = [], table) {
  const covered = new Set();
  for (const range of merges) {
    const [from, to] = range.split(":").map(cellIndex);
    for (let r = from.row; r <= to.row; r++)
      for (let c = from.col; c <= to.col; c++) if (r !== from.row || c !== from.col) covered.add(`${r},${c}`);
  }
  const out = [];
  out.push(
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">',
  );
  if (table) {
    const top = table.header + 2;
    out.push(
      `<sheetViews><sheetView workbookViewId="0"><pane ySplit="${table.header + 1}" topLeftCell="A${top}" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="A${top}" sqref="A${top}"/></sheetView></sheetViews>`,
    );
    out.push("<cols>");
    columnWidths(rows, table).forEach((width, c) =>
      out.push(`<col min="${c + 1}" max="${c + 1}" width="${width}" customWidth="1"/>`),
    );
    out.push("</cols>");
  }
  out.push("<sheetData>");
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r];
    out.push(`<row r="${r + 1}">`);
    for (let c = 0; c < row.length; c++) {
      const value = row[c];
      if (value === null || value === undefined || value === "" || covered.has(`${r},${c}`)) continue;
      const ref = columnName(c) + (r + 1);
      const type = table && r > table.header ? table.types[c] : undefined;
      const typed = type ? typedCell(value, type) : null;
      if (type && type !== "text" && typed !== null) {
        out.push(`<c r="${ref}" s="${TYPE_STYLE[type]}"><v>${typed}</v></c>`);
      } else if (typeof value === "number" && Number.isFinite(value)) {
        out.push(`<c r="${ref}"><v>${value}</v></c>`);
      } else {
        const text = plainText(value);
        const style = FORMULA_START.test(text)
          ? ` s="${QUOTE_STYLE}"`
          : table && r === table.header
            ? ` s="${HEADER_STYLE}"`
            : "";
        out.push(
          `<c r="${ref}" t="inlineStr"${style}><is><t xml:space="preserve">${escapeXml(text)}</t></is></c>`,
        );
      }
    }
    out.push("</row>");
  }
  out.push("</sheetData>");
  if (table) out.push(`<autoFilter ref="${filterRange(rows, table).ref}"/>`);
  if (merges.length) {
    out.push(`<mergeCells count="${merges.length}">`);
    for (const range of merges) out.push(`<mergeCell ref="${escapeXml(range)}"/>`);
    out.push("</mergeCells>");
  }
  out.push("</worksheet>");
  return out.join("");
}

/**
 * The stored value of a typed cell: the number's text, or the date's serial number (days since
 * 1899-12-30, Excel's 1900 date system); null when the value is not of the type (it is then written as
 * text, so nothing is lost).
 * @param {string | number} value
 * @param {CellType} type
 * @returns {string | null}
 */
function typedCell(value, type) {
  if (type === "text") return null;
  if (type === "date") return typeof value === "string" ? dateSerial(value) : null;
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : null;
  const text = value.trim();
  return NUMBER_TEXT.test(text) ? text : null;
}

/**
 * The Excel serial number of a YYYY-MM-DD day, or null when it is not one.
 * @param {string} text
 * @example dateSerial("2021-03-01") === "44256"
 */
export function dateSerial(text) {
  const m = ISO_DATE.exec(text);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  if (y < 1901 || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return null;
  return String(ms / 86400000 + 25569);
}

/**
 * The width of each column: the widest of its header and data cells as shown (numbers with their
 * separators, dates as yyyy-mm-dd), CJK characters counting two, plus a margin; between MIN_WIDTH and
 * MAX_WIDTH. Rows above the header (a notice spilling across the sheet) do not count.
 * @param {ReadonlyArray<ReadonlyArray<string | number | null | undefined>>} rows
 * @param {SheetTable} table
 */
function columnWidths(rows, table) {
  const widths = new Array(filterColumns(rows, table)).fill(0);
  for (let r = table.header; r < rows.length; r++) {
    const row = rows[r];
    for (let c = 0; c < row.length && c < widths.length; c++) {
      const value = row[c];
      if (value === null || value === undefined || value === "") continue;
      const type = r > table.header ? table.types[c] : undefined;
      const shown =
        (type && typedCell(value, type) !== null ? shownNumber(value, type) : null) ?? plainText(value);
      // the header is bold: a little wider
      widths[c] = Math.max(widths[c], textWidth(shown) + (r === table.header ? 1 : 0));
    }
  }
  return widths.map((w) => Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, w + 2)));
}

/**
 * How a typed value looks in its number format, for its width.
 * @param {string | number} value @param {CellType} type
 */
function shownNumber(value, type) {
  if (type === "date") return "0000-00-00";
  const text = String(value).trim();
  if (type === "number") return text;
  const [whole, fraction = ""] = text.replace("-", "").split(".");
  const digits = String(Number(whole)).length;
  const grouped = type === "ratio" ? digits : digits + Math.floor((digits - 1) / 3);
  const decimals = type === "count" ? (fraction.replace(/0+$/, "") ? fraction.length + 1 : 0) : 3;
  return "0".repeat(grouped + decimals + (text.startsWith("-") ? 1 : 0));
}

/** @param {string} text */
function textWidth(text) {
  let width = 0;
  for (const ch of text)
    width +=
      /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]|[\u{20000}-\u{3fffd}]/u.test(
        ch,
      )
        ? 2
        : 1;
  return width;
}

/**
 * The number of columns of the table: the header's or the types', whichever is more.
 * @param {ReadonlyArray<ReadonlyArray<unknown>>} rows @param {SheetTable} table
 */
function filterColumns(rows, table) {
  return Math.max(1, table.types.length, rows[table.header]?.length ?? 0);
}

/**
 * The autofilter's range (header row to the last row) as a reference ("A2:K40") and as an absolute one.
 * @param {ReadonlyArray<ReadonlyArray<unknown>>} rows @param {SheetTable} table
 */
function filterRange(rows, table) {
  const last = columnName(filterColumns(rows, table) - 1);
  const [from, to] = [table.header + 1, Math.max(rows.length, table.header + 1)];
  return { ref: `A${from}:${last}${to}`, absolute: `$A$${from}:$${last}$${to}` };
}

/**
 * The 0-based row and column of a cell reference such as "AB12".
 * @param {string} ref
 */
function cellIndex(ref) {
  const m = /^([A-Z]+)([0-9]+)$/.exec(ref);
  if (!m) throw new Error(`not a cell reference: ${ref}`);
  let col = 0;
  for (const ch of m[1]) col = col * 26 + ch.charCodeAt(0) - 64;
  return { row: Number(m[2]) - 1, col: col - 1 };
}

/**
 * The spreadsheet column letters for a 0-based index.
 * @param {number} index
 * @example columnName(27) === "AB"
 */
export function columnName(index) {
  let name = "";
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26))
    name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

/** @param {string} text */
function escapeXml(text) {
  // XML 1.0 forbids most control characters; they cannot be stored, so they are dropped.
  return text
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;");
}

/**
 * The workbook part; with a filter, the hidden name Excel keeps for it (_xlnm._FilterDatabase).
 * @param {string} name @param {{absolute: string} | null} filter
 */
function workbookXml(name, filter) {
  const sheet = name.replace(/[\\/?*[\]:]/g, " ").slice(0, 31);
  const names = filter
    ? `<definedNames><definedName name="_xlnm._FilterDatabase" localSheetId="0" hidden="1">${escapeXml(`'${sheet.replace(/'/g, "''")}'!${filter.absolute}`)}</definedName></definedNames>`
    : "";
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="${escapeXml(sheet)}" sheetId="1" r:id="rId1"/></sheets>${names}</workbook>`;
}

const CONTENT_TYPES = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/><Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/></Types>`;

const ROOT_RELS = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/></Relationships>`;

const APP = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>xianbao</Application></Properties>`;

const WORKBOOK_RELS = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>`;

// The cell styles (cellXfs) of a table, by index: 0 plain, 1 Excel's "quote prefix" (the cell is text even if it looks
// like a formula), 2 the bold header, 3 #,##0.00 (yuan, decimals), 4 #,##0 (counts), 5 0.00 (ratios),
// 6 yyyy-mm-dd (dates). 2-4 are Excel's built-in formats; the date one is written out, so every locale
// shows ISO days.
const TABLE_STYLES = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/></numFmts><fonts count="2"><font><sz val="11"/><name val="等线"/></font><font><b/><sz val="11"/><name val="等线"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="7"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" quotePrefix="1" applyAlignment="1"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/><xf numFmtId="4" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="3" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="2" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>`;

// A sheet without a table needs only the first two styles; its bytes stay those of the files written before
// tables had types (the committed sample data).
const STYLES = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><fonts count="1"><font><sz val="11"/><name val="等线"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" quotePrefix="1" applyAlignment="1"/></cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>`;
