/**
 * Reads the first sheet of an XLSX workbook row by row. Written for this project because exceljs's
 * streaming reader decodes each chunk of XML on its own and so corrupts a Chinese character that falls on
 * a chunk boundary (exceljs issues #2063, #2084, unfixed in 4.4.0): a silent change of a project name or
 * an enum value is the worst thing an audit tool can do. Here the XML is decoded with a streaming
 * TextDecoder, which carries a split character over to the next chunk.
 *
 * Cells come back as the text a user sees in Excel: numbers as Excel stored them, cut to the 15 significant
 * digits Excel shows,
 * date-formatted numbers as ISO dates, booleans as true/false, errors as their code (#N/A).
 */
import { readFile } from "node:fs/promises";
import { PassThrough } from "node:stream";
import JSZip from "jszip";
import { SaxesParser, type SaxesTagPlain } from "saxes";

export interface SheetRow {
  /** The sheet's row number (1-based). */
  number: number;
  /** Cell texts by 0-based column index; empty cells are "". */
  cells: string[];
}

const BUILTIN_DATE_FORMATS = new Set([
  14, 15, 16, 17, 22, 27, 28, 29, 30, 31, 34, 35, 36, 50, 51, 52, 53, 54, 57, 58,
]);
const BUILTIN_TIME_ONLY = new Set([18, 19, 20, 21, 32, 33, 45, 46, 47, 55, 56]);

/** Whether a custom number format shows a date (y, m, d outside quotes, brackets and escapes). */
export function isDateFormat(code: string): boolean {
  const bare = code
    .replace(/"[^"]*"/g, "")
    .replace(/\[[^\]]*\]/g, "")
    .replace(/\\./g, "")
    .replace(/_.|\*./g, "");
  return /[yd]/i.test(bare);
}

/**
 * The column index (0-based) of a cell reference such as "AB12".
 * @example columnIndex("C7") === 2
 */
export function columnIndex(ref: string): number {
  let n = 0;
  for (const ch of ref) {
    const c = ch.charCodeAt(0);
    if (c < 65 || c > 90) break;
    n = n * 26 + (c - 64);
  }
  return n - 1;
}

/** An Excel serial day number as an ISO date (1900 or 1904 date system); a time of day is dropped. */
export function serialToIso(serial: number, date1904: boolean): string {
  const days = Math.floor(serial) + (date1904 ? 1462 : 0);
  return new Date(Date.UTC(1899, 11, 30) + days * 86400000).toISOString().slice(0, 10);
}

function parseXml(
  text: string,
  onOpen: (tag: SaxesTagPlain) => void,
  onText: (t: string) => void,
  onClose: (name: string) => void,
) {
  const parser = new SaxesParser();
  parser.on("opentag", onOpen);
  parser.on("text", onText);
  parser.on("closetag", (tag) => onClose(tag.name));
  parser.write(text).close();
}

const local = (name: string) => name.slice(name.indexOf(":") + 1);

async function entryText(zip: JSZip, path: string): Promise<string | null> {
  const file = zip.file(path);
  return file ? file.async("string") : null;
}

/** Shared strings: the text of each <si>, without phonetic runs (<rPh>). */
function sharedStrings(xml: string | null): string[] {
  if (!xml) return [];
  const out: string[] = [];
  let current = "";
  let inText = false;
  let inPhonetic = false;
  parseXml(
    xml,
    (tag) => {
      const name = local(tag.name);
      if (name === "si") current = "";
      else if (name === "rPh") inPhonetic = true;
      else if (name === "t" && !inPhonetic) inText = true;
    },
    (t) => {
      if (inText) current += t;
    },
    (closing) => {
      const name = local(closing);
      if (name === "t") inText = false;
      else if (name === "rPh") inPhonetic = false;
      else if (name === "si") out.push(current);
    },
  );
  return out;
}

/** For each cell style index, whether it formats a number as a date. */
function dateStyles(xml: string | null): boolean[] {
  if (!xml) return [];
  const custom = new Map<number, string>();
  const styles: boolean[] = [];
  let inCellXfs = false;
  parseXml(
    xml,
    (tag) => {
      const name = local(tag.name);
      const attr = tag.attributes as Record<string, string>;
      if (name === "numFmt") custom.set(Number(attr.numFmtId), attr.formatCode ?? "");
      else if (name === "cellXfs") inCellXfs = true;
      else if (name === "xf" && inCellXfs) {
        const id = Number(attr.numFmtId ?? 0);
        const code = custom.get(id);
        styles.push(
          code !== undefined
            ? isDateFormat(code)
            : BUILTIN_DATE_FORMATS.has(id) && !BUILTIN_TIME_ONLY.has(id),
        );
      }
    },
    () => {},
    (closing) => {
      if (local(closing) === "cellXfs") inCellXfs = false;
    },
  );
  return styles;
}

/** The path of the first sheet in workbook order, and whether the workbook uses the 1904 date system. */
async function firstSheet(zip: JSZip): Promise<{ path: string; name: string; date1904: boolean } | null> {
  const workbook = await entryText(zip, "xl/workbook.xml");
  if (!workbook) return null;
  let sheet: { name: string; rid: string } | null = null;
  let date1904 = false;
  parseXml(
    workbook,
    (tag) => {
      const name = local(tag.name);
      const attr = tag.attributes as Record<string, string>;
      if (name === "sheet" && !sheet)
        sheet = { name: attr.name ?? "Sheet1", rid: attr["r:id"] ?? attr.id ?? "" };
      if (name === "workbookPr") date1904 = attr.date1904 === "1" || attr.date1904 === "true";
    },
    () => {},
    () => {},
  );
  if (!sheet) return null;
  const found = sheet as { name: string; rid: string };
  const rels = (await entryText(zip, "xl/_rels/workbook.xml.rels")) ?? "";
  let target = "";
  parseXml(
    rels,
    (tag) => {
      const attr = tag.attributes as Record<string, string>;
      if (local(tag.name) === "Relationship" && attr.Id === found.rid) target = attr.Target ?? "";
    },
    () => {},
    () => {},
  );
  const path = target.startsWith("/") ? target.slice(1) : `xl/${target.replace(/^\.\//, "")}`;
  return { path: target ? path : "xl/worksheets/sheet1.xml", name: found.name, date1904 };
}

/**
 * Streams the rows of the first sheet of an XLSX file; none when the zip holds no workbook or no sheet.
 * Throws for a file that is not a readable zip.
 * @example for await (const row of readFirstSheet("projects.xlsx")) console.log(row.number, row.cells)
 */
export async function* readFirstSheet(
  path: string,
  onSheet?: (name: string) => void,
): AsyncGenerator<SheetRow> {
  const zip = await JSZip.loadAsync(await readFile(path));
  const sheet = await firstSheet(zip);
  // A zip without a workbook, or a workbook without a sheet, has no rows; the caller says so.
  if (!sheet) return;
  onSheet?.(sheet.name);
  const strings = sharedStrings(await entryText(zip, "xl/sharedStrings.xml"));
  const dates = dateStyles(await entryText(zip, "xl/styles.xml"));
  const entry = zip.file(sheet.path);
  if (!entry) throw new Error(`${sheet.path} is missing`);

  const parser = new SaxesParser();
  const ready: SheetRow[] = [];
  let row: SheetRow | null = null;
  let nextRow = 1;
  let col = 0;
  let type = "";
  let style = 0;
  let value = "";
  let inValue = false;
  let inInline = false;
  let inPhonetic = false;
  parser.on("opentag", (tag) => {
    const name = local(tag.name);
    const attr = tag.attributes as Record<string, string>;
    if (name === "row") {
      const number = attr.r ? Number(attr.r) : nextRow;
      row = { number, cells: [] };
      nextRow = number + 1;
      col = 0;
    } else if (name === "c") {
      col = attr.r ? columnIndex(attr.r) : col;
      type = attr.t ?? "n";
      style = Number(attr.s ?? 0);
      value = "";
    } else if (name === "v") inValue = true;
    else if (name === "is") inInline = true;
    else if (name === "rPh") inPhonetic = true;
    else if (name === "t" && inInline && !inPhonetic) inValue = true;
  });
  parser.on("text", (t) => {
    if (inValue) value += t;
  });
  parser.on("closetag", (tag) => {
    const name = local(tag.name);
    if (name === "v" || name === "t") inValue = false;
    else if (name === "is") inInline = false;
    else if (name === "rPh") inPhonetic = false;
    else if (name === "c" && row) {
      row.cells[col] = cellText(type, value, dates[style] ?? false, strings, sheet.date1904);
      col++;
    } else if (name === "row" && row) {
      for (let i = 0; i < row.cells.length; i++) if (row.cells[i] === undefined) row.cells[i] = "";
      ready.push(row);
      row = null;
    }
  });

  const decoder = new TextDecoder("utf-8");
  // JSZip's stream is an old readable-stream without async iteration; a core PassThrough provides it.
  const stream = (entry.nodeStream("nodebuffer") as unknown as NodeJS.ReadableStream).pipe(new PassThrough());
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    parser.write(decoder.decode(chunk, { stream: true }));
    while (ready.length) yield ready.shift()!;
  }
  parser.write(decoder.decode()).close();
  while (ready.length) yield ready.shift()!;
}

function cellText(type: string, raw: string, isDate: boolean, strings: string[], date1904: boolean): string {
  switch (type) {
    case "s":
      return strings[Number(raw)] ?? "";
    case "inlineStr":
    case "str":
      return raw;
    case "b":
      return raw === "1" ? "true" : raw === "0" ? "false" : raw;
    case "e":
      return raw;
    case "d":
      return raw.slice(0, 10);
    default: {
      if (raw === "") return "";
      const n = Number(raw);
      if (isDate && Number.isFinite(n) && n >= 1) return serialToIso(n, date1904);
      // Excel shows (and lets users type) 15 significant digits; beyond them is binary noise of formulas,
      // such as 0.30000000000000004 for =0.1+0.2, which would read as an amount with 17 decimals
      // (docs/decisions.md I13).
      if (Number.isFinite(n) && /\d{16}/.test(raw.replace(/[.\-]/g, "").replace(/^0+/, "")))
        return String(Number(n.toPrecision(15)));
      return raw;
    }
  }
}
