/**
 * An HTML table saved as `.xls`: what many web systems call "导出 Excel" (Excel opens it and shows the
 * table). Read as a table, tolerantly, the way browsers and Excel read such pages (docs/decisions.md I19):
 * `<table>`, `<tr>`, `<td>`/`<th>` (closed or not), colspan and rowspan as merged ranges, `<br>` as a
 * line break, entities decoded, scripts, styles and comments skipped. Cells are text: the page holds what
 * the system displayed, digits of an ID included.
 */
import { readFile } from "node:fs/promises";
import { isUtf8 } from "node:buffer";
import { LIMITS, type Limits } from "./limits.ts";
import type { MergedRange, SheetRow } from "./xlsxReader.ts";

export interface HtmlTable {
  rows: SheetRow[];
  merges: MergedRange[];
}

/** A page too large or a span too wide to read. */
export class HtmlLimitError extends Error {}

/** The page's tables, outermost first, each with its rows numbered from 1; and the encoding read. */
export async function readHtmlTables(
  path: string,
  limits: Limits = LIMITS,
): Promise<{ tables: HtmlTable[]; encoding: string }> {
  const bytes = await readFile(path);
  if (bytes.length > limits.htmlBytes)
    throw new HtmlLimitError(`the page is over ${limits.htmlBytes / 2 ** 20} MB`);
  const encoding = pageEncoding(bytes);
  const text = new TextDecoder(encoding).decode(bytes);
  return { tables: parseTables(text, limits), encoding };
}

function pageEncoding(bytes: Buffer): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return "utf-8";
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return "utf-16le";
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return "utf-16be";
  const head = bytes.subarray(0, 4096).toString("latin1").toLowerCase();
  const declared = /charset\s*=\s*["']?\s*([a-z0-9_-]+)/.exec(head)?.[1];
  if (declared && /^(gb2312|gbk|gb18030|x-gbk|cp936)$/.test(declared)) return "gb18030";
  if (declared && /^utf-?8$/.test(declared)) return "utf-8";
  return isUtf8(bytes) ? "utf-8" : "gb18030";
}

const ENTITIES: Record<string, string> = {
  nbsp: " ",
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  ensp: " ",
  emsp: " ",
  yen: "¥",
};

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);?/gi, (whole, name: string) => {
    if (name[0] === "#") {
      const code =
        name[1] === "x" || name[1] === "X" ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : "";
    }
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

interface Building {
  table: HtmlTable;
  row: SheetRow | null;
  /** Columns taken in later rows by a rowspan: row index (0-based) -> set of columns. */
  taken: Map<number, Set<number>>;
  cell: { col: number; text: string } | null;
  rowIndex: number;
}

/** Parses every table of an HTML text (nested tables become text of their cell). */
export function parseTables(text: string, limits: Limits = LIMITS): HtmlTable[] {
  const out: HtmlTable[] = [];
  const stack: Building[] = [];
  const tag = /<!--[\s\S]*?-->|<(script|style)\b[\s\S]*?<\/\1\s*>|<(\/?)([a-zA-Z][a-zA-Z0-9]*)\b([^>]*)>/g;
  let last = 0;
  const top = () => stack[stack.length - 1];
  const addText = (raw: string) => {
    const b = top();
    if (b?.cell) b.cell.text += raw;
  };
  const closeCell = (b: Building) => {
    if (!b.cell || !b.row) return;
    const value = decodeEntities(b.cell.text)
      .replace(/[ \t\r\n\f]+/g, " ")
      .replace(/ ?\u0001 ?/g, "\n")
      .trim();
    if (value) b.row.cells[b.cell.col] = { t: "s", v: value };
    b.cell = null;
  };
  const closeRow = (b: Building) => {
    closeCell(b);
    if (b.row) {
      b.table.rows.push(b.row);
      b.row = null;
    }
  };
  const openCell = (b: Building, attrs: string) => {
    if (!b.row) openRow(b);
    closeCell(b);
    const span = (name: string) => {
      const m = new RegExp(`${name}\\s*=\\s*["']?([0-9]+)`, "i").exec(attrs);
      return m ? Math.max(1, Number(m[1])) : 1;
    };
    const colspan = span("colspan");
    const rowspan = span("rowspan");
    const taken = b.taken.get(b.rowIndex) ?? new Set<number>();
    let col = 0;
    while (taken.has(col)) col++;
    if (col + colspan > limits.columns || b.rowIndex + rowspan > limits.rows)
      throw new HtmlLimitError(`a cell spans beyond ${limits.columns} columns or ${limits.rows} rows`);
    for (let r = 0; r < rowspan; r++) {
      let set = b.taken.get(b.rowIndex + r);
      if (!set) b.taken.set(b.rowIndex + r, (set = new Set()));
      for (let c = 0; c < colspan; c++) set.add(col + c);
    }
    if (colspan > 1 || rowspan > 1)
      b.table.merges.push({
        top: b.rowIndex,
        left: col,
        bottom: b.rowIndex + rowspan - 1,
        right: col + colspan - 1,
      });
    b.cell = { col, text: "" };
  };
  const openRow = (b: Building) => {
    closeRow(b);
    b.rowIndex = b.table.rows.length;
    b.row = { number: b.rowIndex + 1, cells: [] };
  };
  let match: RegExpExecArray | null;
  while ((match = tag.exec(text))) {
    addText(text.slice(last, match.index));
    last = tag.lastIndex;
    const [, , closing, rawName, attrs] = match;
    if (!rawName) continue;
    const name = rawName.toLowerCase();
    if (name === "table" && !closing) {
      // A table inside a cell is read too; on closing, its text goes into that cell.
      stack.push({ table: { rows: [], merges: [] }, row: null, taken: new Map(), cell: null, rowIndex: 0 });
    } else if (name === "table" && closing) {
      const b = stack.pop();
      if (!b) continue;
      closeRow(b);
      if (stack.length === 0 || !top().cell) out.push(b.table);
      else
        top().cell!.text += " " + b.table.rows.map((r) => r.cells.map((c) => c?.v ?? "").join(" ")).join(" ");
    } else if (!top()) continue;
    else if (name === "tr") {
      if (closing) closeRow(top());
      else openRow(top());
    } else if (name === "td" || name === "th") {
      if (closing) closeCell(top());
      else openCell(top(), attrs ?? "");
    } else if (name === "br" || name === "p" || name === "div") {
      if (name === "br" || !closing) addText("\u0001");
    }
  }
  while (stack.length) {
    const b = stack.pop()!;
    closeRow(b);
    out.push(b.table);
  }
  return out;
}
