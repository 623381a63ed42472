// A minimal, deterministic XLSX writer shared by the browser (evidence downloads) and Node (sample data,
// `xianbao export`). One sheet, strings as inline strings, numbers as numbers. The bytes depend only on the
// rows: every zip entry carries the same fixed date, so the same rows always give the same file. The zip
// library is passed in (jszip), so that this package imports nothing and the browser loads it on demand.
import { plainText } from "./text.js";

const FIXED_DATE = new Date(Date.UTC(2020, 0, 1));
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * Writes rows to an XLSX workbook with one sheet.
 * Text that a spreadsheet would run as a formula (starting with = + - @ tab or CR) is stored as text with
 * Excel's quote prefix, so `=HYPERLINK(...)` arrives as the literal text.
 * @param {any} JSZip the jszip constructor
 * @param {ReadonlyArray<ReadonlyArray<string | number | null | undefined>>} rows header row first
 * With `merges` (ranges such as "A1:K1"), those cells are merged as Excel stores it: the value stays in the
 * range's top-left cell and the others are written empty.
 * @param {{sheetName?: string, merges?: ReadonlyArray<string>}} [options]
 * @returns {Promise<Uint8Array>}
 * @example await writeXlsx(JSZip, [["批次编号", "金额(元)"], ["P1", 9000]])
 */
export async function writeXlsx(JSZip, rows, { sheetName = "Sheet1", merges = [] } = {}) {
  const zip = new JSZip();
  const add = (/** @type {string} */ name, /** @type {string} */ text) =>
    zip.file(name, text, { date: FIXED_DATE, createFolders: false });
  add("[Content_Types].xml", CONTENT_TYPES);
  add("_rels/.rels", ROOT_RELS);
  add("docProps/app.xml", APP);
  add("xl/workbook.xml", workbookXml(sheetName));
  add("xl/_rels/workbook.xml.rels", WORKBOOK_RELS);
  add("xl/styles.xml", STYLES);
  add("xl/worksheets/sheet1.xml", sheetXml(rows, merges));
  return zip.generateAsync({ type: "uint8array", compression: "DEFLATE", compressionOptions: { level: 6 } });
}

/**
 * The sheet XML for the rows; exported for tests.
 * @param {ReadonlyArray<ReadonlyArray<string | number | null | undefined>>} rows
 * @param {ReadonlyArray<string>} [merges]
 */
export function sheetXml(rows, merges = []) {
  const covered = new Set();
  for (const range of merges) {
    const [from, to] = range.split(":").map(cellIndex);
    for (let r = from.row; r <= to.row; r++)
      for (let c = from.col; c <= to.col; c++) if (r !== from.row || c !== from.col) covered.add(`${r},${c}`);
  }
  const out = [];
  out.push(
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>',
  );
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r];
    out.push(`<row r="${r + 1}">`);
    for (let c = 0; c < row.length; c++) {
      const value = row[c];
      if (value === null || value === undefined || value === "" || covered.has(`${r},${c}`)) continue;
      const ref = columnName(c) + (r + 1);
      if (typeof value === "number" && Number.isFinite(value)) {
        out.push(`<c r="${ref}"><v>${value}</v></c>`);
      } else {
        const text = plainText(value);
        const style = FORMULA_START.test(text) ? ' s="1"' : "";
        out.push(
          `<c r="${ref}" t="inlineStr"${style}><is><t xml:space="preserve">${escapeXml(text)}</t></is></c>`,
        );
      }
    }
    out.push("</row>");
  }
  out.push("</sheetData>");
  if (merges.length) {
    out.push(`<mergeCells count="${merges.length}">`);
    for (const range of merges) out.push(`<mergeCell ref="${escapeXml(range)}"/>`);
    out.push("</mergeCells>");
  }
  out.push("</worksheet>");
  return out.join("");
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

/** @param {string} name */
function workbookXml(name) {
  const safe = escapeXml(name.replace(/[\\/?*[\]:]/g, " ").slice(0, 31));
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="${safe}" sheetId="1" r:id="rId1"/></sheets></workbook>`;
}

const CONTENT_TYPES = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/><Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/></Types>`;

const ROOT_RELS = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/></Relationships>`;

const APP = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>xianbao</Application></Properties>`;

const WORKBOOK_RELS = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>`;

// Style 1 is Excel's "quote prefix": the cell is text even if it looks like a formula.
const STYLES = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><fonts count="1"><font><sz val="11"/><name val="等线"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" quotePrefix="1" applyAlignment="1"/></cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>`;
