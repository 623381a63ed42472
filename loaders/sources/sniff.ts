/**
 * What a file really is, from its bytes rather than its name: exports arrive renamed, and a CSV saved as
 * `.xlsx` (or the reverse) should still be read, with a warning.
 */
import { open } from "node:fs/promises";
import { isUtf8 } from "node:buffer";
import { createReadStream } from "node:fs";

export type FileFormat = "csv" | "xlsx" | "parquet" | "encrypted" | "xls" | "empty";
export type TextEncoding = "utf-8" | "utf-8-bom" | "gb18030" | "utf-16le" | "utf-16be";

/** Reads the first `length` bytes of a file (fewer if it is shorter). */
export async function readHead(path: string, length = 65536): Promise<Buffer> {
  const handle = await open(path, "r");
  try {
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await handle.read(buffer, 0, length, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/**
 * The format of a file by its magic bytes: zip = xlsx, OLE compound file = an encrypted xlsx or a legacy
 * .xls, PAR1 = parquet, anything else is read as delimited text.
 */
export function sniffFormat(head: Buffer): FileFormat {
  if (head.length === 0) return "empty";
  if (head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) return "xlsx";
  if (head.subarray(0, 8).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]))) {
    // Excel stores a password-protected xlsx inside an OLE container, as it does a legacy .xls.
    return head.includes(Buffer.from("EncryptedPackage", "utf16le")) ? "encrypted" : "xls";
  }
  if (head.subarray(0, 4).toString("latin1") === "PAR1") return "parquet";
  return "csv";
}

export interface TextInspection {
  /** null when the file is neither UTF-8 nor GB18030 (binary junk, or UTF-16 without a BOM). */
  encoding: TextEncoding | null;
  /**
   * Whether the file may hold an empty line. DuckDB skips empty lines, which shifts the row numbers of the
   * rows after them; only files where this is true pay for an exact scan.
   */
  maybeBlankLines: boolean;
}

/**
 * The text encoding of a file: a BOM decides; otherwise UTF-8 when every byte of the file is valid UTF-8,
 * else GB18030 (a superset of GBK, what Excel on Chinese Windows writes) when that decodes without error.
 * One pass over the file for UTF-8 (the common case), two for GB18030.
 */
export async function inspectText(path: string): Promise<TextInspection> {
  const head = await readHead(path, 4096);
  if (head[0] === 0xff && head[1] === 0xfe) return { encoding: "utf-16le", maybeBlankLines: true };
  if (head[0] === 0xfe && head[1] === 0xff) return { encoding: "utf-16be", maybeBlankLines: true };
  const bom = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf;
  if (!bom && head.includes(0)) return { encoding: null, maybeBlankLines: false };
  const scan = await scanUtf8(path);
  if (scan.utf8) return { encoding: bom ? "utf-8-bom" : "utf-8", maybeBlankLines: scan.blank };
  if (bom) return { encoding: null, maybeBlankLines: false };
  // GBK never uses 0x0A inside a character, so the blank-line hint of the byte scan holds for it too.
  return { encoding: (await decodesAs(path, "gb18030")) ? "gb18030" : null, maybeBlankLines: scan.blank };
}

const LF = 0x0a;

async function scanUtf8(path: string): Promise<{ utf8: boolean; blank: boolean }> {
  let carry = Buffer.alloc(0);
  let utf8 = true;
  let blank = false;
  let previous = Buffer.alloc(0);
  for await (const piece of createReadStream(path, { highWaterMark: 1 << 20 })) {
    const bytes = piece as Buffer;
    if (!blank) {
      const edge = Buffer.concat([previous, bytes.subarray(0, 2)]);
      blank = hasEmptyLine(edge) || hasEmptyLine(bytes);
      previous = Buffer.from(bytes.subarray(Math.max(0, bytes.length - 2)));
    }
    if (utf8) {
      const chunk = carry.length ? Buffer.concat([carry, bytes]) : bytes;
      const cut = completeUtf8Length(chunk);
      if (chunk.includes(0) || !isUtf8(chunk.subarray(0, cut))) utf8 = false;
      carry = Buffer.from(chunk.subarray(cut));
    }
  }
  return { utf8: utf8 && carry.length === 0, blank };
}

function hasEmptyLine(bytes: Buffer): boolean {
  return bytes.indexOf("\n\n") >= 0 || bytes.indexOf("\n\r\n") >= 0 || bytes.indexOf("\r\r") >= 0;
}

const QUOTE = 0x22;
const CR = 0x0d;
const SPACE = 0x20;
// Where a byte stands within a line, as DuckDB's parser sees it: a quote opens a quoted field only at the
// start of a field (after spaces); inside a field it is text; after a closing quote only spaces may come
// before the delimiter, anything else makes the rest of the line a rejected line.
const FIELD_START = 0;
const UNQUOTED = 1;
const QUOTED = 2;
const QUOTE_IN_QUOTED = 3;
const CLOSED = 4;
const REJECTED = 5;

/**
 * The line numbers (header = 1) of the empty lines of a UTF-8 delimited file, counting a quoted value that
 * spans lines as one line, as DuckDB and Excel do. LF, CRLF and a lone CR each end a line.
 */
export async function blankLineNumbers(path: string, delimiter = ","): Promise<number[]> {
  const out: number[] = [];
  const delim = delimiter.charCodeAt(0);
  let line = 1;
  let length = 0;
  let at = FIELD_START as number;
  let afterCr = false;
  for await (const piece of createReadStream(path, { highWaterMark: 1 << 20 })) {
    const bytes = piece as Buffer;
    for (let i = 0; i < bytes.length; i++) {
      const b = bytes[i];
      if (afterCr) {
        afterCr = false;
        if (b === LF) continue;
      }
      if (at === QUOTED) {
        if (b === QUOTE) at = QUOTE_IN_QUOTED;
        length++;
        continue;
      }
      if (at === QUOTE_IN_QUOTED) {
        if (b === QUOTE) {
          at = QUOTED;
          length++;
          continue;
        }
        at = CLOSED;
      }
      if (b === LF || b === CR) {
        if (length === 0) out.push(line);
        line++;
        length = 0;
        at = FIELD_START;
        afterCr = b === CR;
        continue;
      }
      length++;
      if (at === FIELD_START) {
        if (b === QUOTE) at = QUOTED;
        else if (b !== SPACE && b !== delim) at = UNQUOTED;
      } else if (at === UNQUOTED) {
        if (b === delim) at = FIELD_START;
      } else if (at === CLOSED) {
        if (b === delim) at = FIELD_START;
        else if (b !== SPACE) at = REJECTED;
      }
    }
  }
  return out;
}

/** The length of the longest prefix that does not end inside a multi-byte UTF-8 sequence. */
export function completeUtf8Length(chunk: Buffer): number {
  const end = chunk.length;
  for (let back = 1; back <= Math.min(3, end); back++) {
    const byte = chunk[end - back];
    if ((byte & 0xc0) !== 0x80) {
      const need = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
      return need > back ? end - back : end;
    }
  }
  return end;
}

async function decodesAs(path: string, encoding: string): Promise<boolean> {
  const decoder = new TextDecoder(encoding, { fatal: true });
  try {
    for await (const piece of createReadStream(path, { highWaterMark: 1 << 20 })) {
      const text = decoder.decode(piece as Buffer, { stream: true });
      if (text.includes("\u0000")) return false;
    }
    decoder.decode();
    return true;
  } catch {
    return false;
  }
}
