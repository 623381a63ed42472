/**
 * Reads XLSX workbooks (and .xlsm, the same format with macros) sheet by sheet, row by row. Written for
 * this project because exceljs's streaming reader decodes each chunk of XML on its own and so corrupts a
 * Chinese character that falls on a chunk boundary (exceljs issues #2063, #2084, unfixed in 4.4.0): a
 * silent change of a project name or an enum value is the worst thing an audit tool can do. Here the XML
 * is decoded with a streaming TextDecoder, which carries a split character over to the next chunk.
 *
 * Every size a file can claim is bounded (sources/limits.ts, docs/decisions.md I20): a cell reference past
 * column XFD or row 1,048,576, too many or too long shared strings, a zip entry that inflates past its
 * limit; such a file is refused with a WorkbookError instead of allocating until Node dies.
 *
 * Cells come back typed, with the text as stored: the caller decides what a number means for its field
 * (a date serial in the workbook's own date system, an ID that lost digits, an amount).
 */
import { readFile } from "node:fs/promises";
import { PassThrough } from "node:stream";
import JSZip from "jszip";
import { SaxesParser, type SaxesTagPlain } from "saxes";
import { LIMITS, type Limits } from "./limits.ts";

/** s text, n number, b boolean, e error (#N/A), d date text, f formula without a cached value, long over the cell limit. */
export type CellType = "s" | "n" | "b" | "e" | "d" | "f" | "long";

export interface SheetCell {
  t: CellType;
  /** Text, the number as stored, the error code, the ISO date; "" for f and long. */
  v: string;
  /** A number formatted as a date. */
  date?: boolean;
  /** Characters of a long cell. */
  length?: number;
}

export interface SheetRow {
  /** The sheet's row number (1-based). */
  number: number;
  /** Cells by 0-based column index; undefined for empty cells. */
  cells: (SheetCell | undefined)[];
}

export interface SheetEntry {
  name: string;
  state: "visible" | "hidden" | "veryHidden";
  path: string;
}

/** A merged range, 0-based, inclusive. */
export interface MergedRange {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

export type WorkbookProblem = "damaged" | "not-workbook" | "ods" | "xlsb" | "numbers" | "docx" | "limit";

/** A workbook that cannot be read, and why; workbook.ts words it for the user. */
export class WorkbookError extends Error {
  constructor(
    readonly problem: WorkbookProblem,
    readonly zh: string,
    readonly en: string,
  ) {
    super(en);
  }
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
 * The column index (0-based) of a cell reference such as "AB12"; past Limits.columns for a reference
 * beyond XFD (it stops counting there, so a 1,000-letter reference costs nothing).
 * @example columnIndex("C7") === 2
 */
export function columnIndex(ref: string): number {
  let n = 0;
  for (let i = 0; i < ref.length; i++) {
    const c = ref.charCodeAt(i);
    if (c < 65 || c > 90) break;
    n = n * 26 + (c - 64);
    if (n > 1e9) break;
  }
  return n - 1;
}

/**
 * The column letters of a 0-based index.
 * @example columnName(27) === "AB"
 */
export function columnName(index: number): string {
  let name = "";
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26))
    name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

/** The row number of a cell reference ("AB12" -> 12); NaN without one. */
export function rowOf(ref: string): number {
  const digits = /[0-9]+$/.exec(ref);
  return digits ? Number(digits[0]) : NaN;
}

/** An Excel serial day number as an ISO date (1900 or 1904 date system); a time of day is dropped. */
export function serialToIso(serial: number, date1904: boolean): string {
  const days = Math.floor(serial) + (date1904 ? 1462 : 0);
  return new Date(Date.UTC(1899, 11, 30) + days * 86400000).toISOString().slice(0, 10);
}

/**
 * OOXML's escape of characters XML cannot hold: `_x000D_` is a carriage return (how Excel stores a CR
 * typed in a cell), `_x005F_` an underscore that starts such an escape.
 * @example decodeEscapes("金额_x000D_\n(元)") === "金额\r\n(元)"
 */
export function decodeEscapes(text: string): string {
  return text.includes("_x")
    ? text.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)))
    : text;
}

const local = (name: string) => name.slice(name.indexOf(":") + 1);

function limitError(zh: string, en: string): WorkbookError {
  return new WorkbookError("limit", zh, en);
}

/** An open workbook: its sheets, date system and styles, read on demand within the limits. */
export class Workbook {
  private constructor(
    private readonly zip: JSZip,
    readonly sheets: SheetEntry[],
    readonly date1904: boolean,
    private readonly dates: boolean[],
    private readonly limits: Limits,
    private strings: (string | { long: number })[] | null = null,
  ) {}

  /** Opens a workbook file; throws WorkbookError for anything that is not a readable XLSX. */
  static async open(path: string, limits: Limits = LIMITS): Promise<Workbook> {
    let zip: JSZip;
    try {
      zip = await JSZip.loadAsync(await readFile(path));
    } catch (error) {
      throw new WorkbookError(
        "damaged",
        `不是完整的压缩包 (${(error as Error).message})`,
        `not a complete zip archive (${(error as Error).message})`,
      );
    }
    if (!zip.file("xl/workbook.xml")) {
      if (zip.file("xl/workbook.bin")) throw new WorkbookError("xlsb", "xlsb", "xlsb");
      const mimetype = zip.file("mimetype");
      const mime = mimetype ? await mimetype.async("string") : "";
      if (mime.includes("opendocument.spreadsheet") || zip.file("content.xml"))
        throw new WorkbookError("ods", "ods", "ods");
      if (zip.file("Index/Document.iwa")) throw new WorkbookError("numbers", "numbers", "numbers");
      if (zip.file("word/document.xml")) throw new WorkbookError("docx", "docx", "docx");
      throw new WorkbookError("not-workbook", "not-workbook", "not-workbook");
    }
    const part = (name: string) => readPart(zip, name, limits);
    const workbook = (await part("xl/workbook.xml"))!;
    const rels = (await part("xl/_rels/workbook.xml.rels")) ?? "";
    const targets = new Map<string, string>();
    parseXml(rels, (tag) => {
      const attr = tag.attributes as Record<string, string>;
      if (local(tag.name) === "Relationship") targets.set(attr.Id, attr.Target ?? "");
    });
    const sheets: SheetEntry[] = [];
    let date1904 = false;
    parseXml(workbook, (tag) => {
      const name = local(tag.name);
      const attr = tag.attributes as Record<string, string>;
      if (name === "sheet") {
        const target = targets.get(attr["r:id"] ?? attr.id ?? "") ?? "";
        const path = target
          ? target.startsWith("/")
            ? target.slice(1)
            : `xl/${target.replace(/^\.\//, "")}`
          : `xl/worksheets/sheet${sheets.length + 1}.xml`;
        const state = attr.state === "hidden" || attr.state === "veryHidden" ? attr.state : "visible";
        sheets.push({ name: attr.name ?? `Sheet${sheets.length + 1}`, state, path });
      }
      if (name === "workbookPr") date1904 = attr.date1904 === "1" || attr.date1904 === "true";
    });
    return new Workbook(zip, sheets, date1904, dateStyles(await part("xl/styles.xml")), limits);
  }

  /** The merged ranges of a sheet (they are written after its rows, so this reads the sheet once). */
  async merges(sheet: SheetEntry): Promise<MergedRange[]> {
    const out: MergedRange[] = [];
    const pattern = /<(?:[A-Za-z_][\w.-]*:)?mergeCell\s[^>]*?ref="([A-Z]+[0-9]+)(?::([A-Z]+[0-9]+))?"/g;
    let tail = "";
    for await (const chunk of this.entryChunks(sheet.path)) {
      // Tags are ASCII; latin1 keeps byte positions and cannot fail on a split character.
      const text = tail + chunk.toString("latin1");
      pattern.lastIndex = 0;
      let match: RegExpExecArray | null;
      let consumed = 0;
      while ((match = pattern.exec(text))) {
        const a = match[1];
        const b = match[2] ?? a;
        const range = {
          top: rowOf(a) - 1,
          left: columnIndex(a),
          bottom: rowOf(b) - 1,
          right: columnIndex(b),
        };
        if (range.bottom >= this.limits.rows || range.right >= this.limits.columns)
          throw limitError(
            `工作表“${sheet.name}”的合并单元格 ${a}:${b} 超出 Excel 的范围`,
            `sheet "${sheet.name}" has a merged range ${a}:${b} beyond Excel's grid`,
          );
        if (out.length >= this.limits.mergedRanges)
          throw limitError(
            `工作表“${sheet.name}”的合并单元格超过 ${this.limits.mergedRanges.toLocaleString("en-US")} 处`,
            `sheet "${sheet.name}" has more than ${this.limits.mergedRanges.toLocaleString("en-US")} merged ranges`,
          );
        if (range.bottom > range.top || range.right > range.left) out.push(range);
        consumed = pattern.lastIndex;
      }
      tail = text.slice(Math.max(consumed, text.length - 200));
    }
    return out;
  }

  /**
   * Streams the rows of a sheet (only those that hold something), up to `maxRows` rows when given.
   * Throws WorkbookError for a size past the limits.
   */
  async *rows(sheet: SheetEntry, maxRows = Infinity): AsyncGenerator<SheetRow> {
    const strings = await this.sharedStrings();
    const limits = this.limits;
    const dates = this.dates;
    const parser = new SaxesParser();
    const ready: SheetRow[] = [];
    let row: SheetRow | null = null;
    let nextRow = 1;
    let col = 0;
    let type = "";
    let style = 0;
    let value = "";
    let valueLength = 0;
    let hasValue = false;
    let hasFormula = false;
    let inValue = false;
    let inInline = false;
    let inPhonetic = false;
    let failure: WorkbookError | null = null;
    const where = (ref: string) => `工作表“${sheet.name}”的单元格 ${ref.slice(0, 20)}`;
    const whereEn = (ref: string) => `sheet "${sheet.name}", cell ${ref.slice(0, 20)}`;
    parser.on("opentag", (tag) => {
      if (failure) return;
      const name = local(tag.name);
      const attr = tag.attributes as Record<string, string>;
      if (name === "row") {
        const number = attr.r ? Number(attr.r) : nextRow;
        if (!(number >= 1 && number <= limits.rows)) {
          failure = limitError(
            `工作表“${sheet.name}”有第 ${String(attr.r).slice(0, 20)} 行, 超出 Excel 的 ${limits.rows.toLocaleString("en-US")} 行`,
            `sheet "${sheet.name}" has a row ${String(attr.r).slice(0, 20)}, beyond Excel's ${limits.rows.toLocaleString("en-US")} rows`,
          );
          return;
        }
        row = { number, cells: [] };
        nextRow = number + 1;
        col = 0;
      } else if (name === "c") {
        col = attr.r ? columnIndex(attr.r) : col;
        if (col < 0 || col >= limits.columns) {
          failure = limitError(
            `${where(attr.r ?? "?")} 超出 Excel 的最后一列 XFD`,
            `${whereEn(attr.r ?? "?")} lies beyond Excel's last column, XFD`,
          );
          return;
        }
        type = attr.t ?? "n";
        style = Number(attr.s ?? 0);
        value = "";
        valueLength = 0;
        hasValue = false;
        hasFormula = false;
      } else if (name === "v") {
        inValue = true;
        hasValue = true;
      } else if (name === "f") hasFormula = true;
      else if (name === "is") {
        inInline = true;
        hasValue = true;
      } else if (name === "rPh") inPhonetic = true;
      else if (name === "t" && inInline && !inPhonetic) inValue = true;
    });
    parser.on("text", (t) => {
      if (!inValue) return;
      valueLength += t.length;
      if (valueLength <= limits.cellChars) value += t;
    });
    parser.on("closetag", (tag) => {
      if (failure) return;
      const name = local(tag.name);
      if (name === "v" || name === "t") inValue = false;
      else if (name === "is") inInline = false;
      else if (name === "rPh") inPhonetic = false;
      else if (name === "c" && row) {
        row.cells[col] = cellOf(
          type,
          value,
          valueLength,
          hasValue,
          hasFormula,
          dates[style] ?? false,
          strings,
          limits,
        );
        col++;
      } else if (name === "row" && row) {
        if (row.cells.some((c) => c !== undefined)) ready.push(row);
        row = null;
      }
    });
    const decoder = new TextDecoder("utf-8");
    let yielded = 0;
    for await (const chunk of this.entryChunks(sheet.path)) {
      parser.write(decoder.decode(chunk, { stream: true }));
      if (failure) throw failure;
      while (ready.length) {
        yield ready.shift()!;
        if (++yielded >= maxRows) return;
      }
    }
    parser.write(decoder.decode()).close();
    if (failure) throw failure;
    while (ready.length && yielded++ < maxRows) yield ready.shift()!;
  }

  private async sharedStrings(): Promise<(string | { long: number })[]> {
    if (this.strings) return this.strings;
    const out: (string | { long: number })[] = [];
    const limits = this.limits;
    if (!this.zip.file("xl/sharedStrings.xml")) return (this.strings = out);
    let current = "";
    let length = 0;
    let total = 0;
    let inText = false;
    let inPhonetic = false;
    let failure: WorkbookError | null = null;
    const parser = new SaxesParser();
    parser.on("opentag", (tag) => {
      const name = local(tag.name);
      if (name === "si") {
        current = "";
        length = 0;
      } else if (name === "rPh") inPhonetic = true;
      else if (name === "t" && !inPhonetic) inText = true;
    });
    parser.on("text", (t) => {
      if (!inText) return;
      length += t.length;
      if (length <= limits.cellChars) current += t;
    });
    parser.on("closetag", (tag) => {
      const name = local(tag.name);
      if (name === "t") inText = false;
      else if (name === "rPh") inPhonetic = false;
      else if (name === "si" && !failure) {
        total += Math.min(length, limits.cellChars);
        out.push(length > limits.cellChars ? { long: length } : decodeEscapes(current));
        if (out.length > limits.sharedStrings || total > limits.sharedStringChars)
          failure = limitError(
            `共享字符串超过 ${limits.sharedStrings.toLocaleString("en-US")} 个或 ${limits.sharedStringChars.toLocaleString("en-US")} 个字符`,
            `its shared strings exceed ${limits.sharedStrings.toLocaleString("en-US")} strings or ${limits.sharedStringChars.toLocaleString("en-US")} characters`,
          );
      }
    });
    const decoder = new TextDecoder("utf-8");
    for await (const chunk of this.entryChunks("xl/sharedStrings.xml")) {
      parser.write(decoder.decode(chunk, { stream: true }));
      if (failure) throw failure;
    }
    parser.write(decoder.decode()).close();
    if (failure) throw failure;
    return (this.strings = out);
  }

  /** The inflated bytes of a zip entry, stopped past the entry limit (a zip bomb). */
  private async *entryChunks(path: string): AsyncGenerator<Buffer> {
    const entry = this.zip.file(path);
    if (!entry) throw new WorkbookError("damaged", `缺少 ${path}`, `${path} is missing`);
    yield* inflate(entry, this.limits.zipEntryBytes, path);
  }
}

async function* inflate(entry: JSZip.JSZipObject, limit: number, path: string): AsyncGenerator<Buffer> {
  const claimed =
    (entry as unknown as { _data?: { uncompressedSize?: number } })._data?.uncompressedSize ?? 0;
  const tooLarge = () =>
    limitError(
      `压缩包中的 ${path} 解压后超过 ${(limit / 2 ** 20).toLocaleString("en-US")} MB (可能是“压缩炸弹”)`,
      `${path} inflates past ${(limit / 2 ** 20).toLocaleString("en-US")} MB (a zip bomb?)`,
    );
  if (claimed > limit) throw tooLarge();
  // JSZip's stream is an old readable-stream without async iteration; a core PassThrough provides it.
  const stream = (entry.nodeStream("nodebuffer") as unknown as NodeJS.ReadableStream).pipe(new PassThrough());
  let bytes = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      bytes += chunk.length;
      if (bytes > limit) throw tooLarge();
      yield chunk;
    }
  } catch (error) {
    if (error instanceof WorkbookError) throw error;
    throw new WorkbookError(
      "damaged",
      `${path} 已损坏 (${(error as Error).message})`,
      `${path} is damaged (${(error as Error).message})`,
    );
  } finally {
    (stream as PassThrough).destroy();
  }
}

async function readPart(zip: JSZip, path: string, limits: Limits): Promise<string | null> {
  const entry = zip.file(path);
  if (!entry) return null;
  const pieces: Buffer[] = [];
  for await (const chunk of inflate(entry, limits.xmlPartBytes, path)) pieces.push(chunk);
  return Buffer.concat(pieces).toString("utf8");
}

function cellOf(
  type: string,
  raw: string,
  length: number,
  hasValue: boolean,
  hasFormula: boolean,
  isDate: boolean,
  strings: (string | { long: number })[],
  limits: Limits,
): SheetCell | undefined {
  // A formula computed by Excel has its result cached in <v>; a program that writes formulas without
  // computing them leaves <v> out or empty (an empty text result is t="str" with an empty <v>).
  if (hasFormula && (!hasValue || (raw === "" && type !== "str" && type !== "inlineStr")))
    return { t: "f", v: "" };
  if (length > limits.cellChars) return { t: "long", v: "", length };
  switch (type) {
    case "s": {
      const s = strings[Number(raw)];
      if (s === undefined) return raw === "" ? undefined : { t: "s", v: "" };
      return typeof s === "string"
        ? s === ""
          ? undefined
          : { t: "s", v: s }
        : { t: "long", v: "", length: s.long };
    }
    case "inlineStr":
    case "str":
      return raw === "" ? undefined : { t: "s", v: decodeEscapes(raw) };
    case "b":
      return { t: "b", v: raw === "1" ? "true" : raw === "0" ? "false" : raw };
    case "e":
      return { t: "e", v: raw };
    case "d":
      return raw === "" ? undefined : { t: "d", v: raw.slice(0, 10) };
    default:
      return raw === "" ? undefined : { t: "n", v: raw, date: isDate || undefined };
  }
}

function parseXml(text: string, onOpen: (tag: SaxesTagPlain) => void) {
  const parser = new SaxesParser();
  parser.on("opentag", onOpen);
  parser.write(text).close();
}

/** For each cell style index, whether it formats a number as a date. */
function dateStyles(xml: string | null): boolean[] {
  if (!xml) return [];
  const custom = new Map<number, string>();
  const styles: boolean[] = [];
  let inCellXfs = false;
  const parser = new SaxesParser();
  parser.on("opentag", (tag) => {
    const name = local(tag.name);
    const attr = tag.attributes as Record<string, string>;
    if (name === "numFmt") custom.set(Number(attr.numFmtId), attr.formatCode ?? "");
    else if (name === "cellXfs") inCellXfs = true;
    else if (name === "xf" && inCellXfs) {
      const id = Number(attr.numFmtId ?? 0);
      const code = custom.get(id);
      styles.push(
        code !== undefined ? isDateFormat(code) : BUILTIN_DATE_FORMATS.has(id) && !BUILTIN_TIME_ONLY.has(id),
      );
    }
  });
  parser.on("closetag", (tag) => {
    if (local(tag.name) === "cellXfs") inCellXfs = false;
  });
  parser.write(xml).close();
  return styles;
}

/**
 * A number cell as Excel shows it in General format: integers in full, other numbers cut to the 15
 * significant digits Excel keeps (beyond them is binary noise of formulas, such as 0.30000000000000004,
 * docs/decisions.md I13). Returns whether it was cut.
 */
export function numberText(raw: string): { text: string; rounded: boolean } {
  const n = Number(raw);
  if (!Number.isFinite(n)) return { text: raw, rounded: false };
  if (/[eE]/.test(raw) || /\d{16}/.test(raw.replace(/[.\-]/g, "").replace(/^0+/, ""))) {
    const cut = Number(n.toPrecision(15));
    // String() gives the shortest decimal of the double: the digits Excel shows, then zeros.
    const text = String(cut);
    return { text, rounded: cut !== n };
  }
  return { text: raw, rounded: false };
}
