/**
 * Delimited text files: the head of the file (its encoding, Excel's `sep=` line, the first records, from
 * which the header is found), the one streaming pass over the whole file (the UTF-8 check or the
 * transcoding to UTF-8 that DuckDB needs, feeding the record scanner), and the rare copy that blanks the
 * records DuckDB must not see or unifies mixed line ends.
 */
import { createReadStream } from "node:fs";
import { isUtf8 } from "node:buffer";
import { readHead, type TextEncoding } from "./sniff.ts";
import { LIMITS, type Limits } from "./limits.ts";
import { RecordScanner, type RecordScan } from "./scan.ts";
import type { TextSink } from "./tempFiles.ts";

export interface TextHead {
  /** The encoding the head suggests (a BOM, valid UTF-8, else GB18030); null for binary. */
  encoding: TextEncoding | null;
  /** The head decoded, without a BOM. */
  text: string;
  /** Whether the head is the whole file. */
  whole: boolean;
}

const HEAD_BYTES = 1 << 20;

/** The first megabyte of a text file, decoded by the encoding it suggests. */
export async function readTextHead(path: string): Promise<TextHead> {
  const head = await readHead(path, HEAD_BYTES + 1);
  const whole = head.length <= HEAD_BYTES;
  const bytes = head.subarray(0, HEAD_BYTES);
  if (bytes[0] === 0xff && bytes[1] === 0xfe)
    return { encoding: "utf-16le", text: new TextDecoder("utf-16le").decode(bytes.subarray(2)), whole };
  if (bytes[0] === 0xfe && bytes[1] === 0xff)
    return { encoding: "utf-16be", text: new TextDecoder("utf-16be").decode(bytes.subarray(2)), whole };
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  if (!bom && bytes.includes(0)) return { encoding: null, text: "", whole };
  const body = bom ? bytes.subarray(3) : bytes;
  const cut = whole ? body.length : completeUtf8Length(body);
  if (isUtf8(body.subarray(0, cut)))
    return { encoding: bom ? "utf-8-bom" : "utf-8", text: body.subarray(0, cut).toString("utf8"), whole };
  if (bom) return { encoding: null, text: "", whole };
  try {
    // Fatal, so that binary junk is not taken for Chinese; streaming, so that a character the head cuts
    // in two is not an error.
    return {
      encoding: "gb18030",
      text: new TextDecoder("gb18030", { fatal: true }).decode(body, { stream: !whole }),
      whole,
    };
  } catch {
    return { encoding: null, text: "", whole };
  }
}

/** Excel's delimiter hint on the first line (`sep=;`), or null. */
export function sepLine(text: string): string | null {
  const match = /^sep=(.)\r?\n/i.exec(text);
  return match ? match[1] : null;
}

/**
 * The first `max` records of CSV text (RFC 4180 quotes, which may span lines). When the text is only the
 * head of a file, a record it cuts off is dropped.
 */
export function parseRecords(text: string, delimiter: string, max: number, whole = true): string[][] {
  const records: string[][] = [];
  let fields: string[] = [];
  let field = "";
  let quoted = false;
  let started = false;
  for (let i = 0; i < text.length && records.length < max; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
      continue;
    }
    if (ch === '"' && field.trim() === "") {
      quoted = true;
      field = "";
      started = true;
    } else if (ch === delimiter) {
      fields.push(field);
      field = "";
      started = true;
    } else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && text[i + 1] === "\n") i++;
      fields.push(field);
      records.push(started || field !== "" ? fields : []);
      fields = [];
      field = "";
      started = false;
    } else {
      field += ch;
      started = true;
    }
  }
  if (records.length < max && whole && (started || field !== "")) records.push([...fields, field]);
  return records;
}

/**
 * The pass over a UTF-8 file: checks every byte is UTF-8 while the scanner splits it into records.
 * @returns the scan, or null when a byte is not UTF-8 (the file is then GB18030 or not text)
 */
export async function scanUtf8(
  path: string,
  delimiter: string,
  limits: Limits = LIMITS,
): Promise<RecordScan | null> {
  const scanner = new RecordScanner(delimiter, limits);
  let carry = Buffer.alloc(0);
  for await (const piece of createReadStream(path, { highWaterMark: 1 << 20 })) {
    const bytes = piece as Buffer;
    const chunk = carry.length ? Buffer.concat([carry, bytes]) : bytes;
    const cut = completeUtf8Length(chunk);
    if (chunk.includes(0) || !isUtf8(chunk.subarray(0, cut))) return null;
    carry = Buffer.from(chunk.subarray(cut));
    scanner.push(bytes);
  }
  return carry.length ? null : scanner.end();
}

/**
 * The pass over a file in another encoding: decodes it (fatal on a byte the encoding cannot hold), writes
 * UTF-8 without a BOM to `out`, and scans what it writes.
 * @returns the scan, or null when the file does not decode
 */
export async function transcodeAndScan(
  source: string,
  out: TextSink,
  encoding: TextEncoding,
  delimiter: string,
  limits: Limits = LIMITS,
): Promise<RecordScan | null> {
  const label = encoding === "utf-8-bom" ? "utf-8" : encoding;
  const decoder = new TextDecoder(label, { fatal: true, ignoreBOM: false });
  const scanner = new RecordScanner(delimiter, limits);
  const emit = async (text: string) => {
    if (!text) return;
    if (text.includes("\u0000")) throw new TypeError("NUL");
    const bytes = Buffer.from(text, "utf8");
    scanner.push(bytes);
    await out.write(bytes);
  };
  try {
    for await (const piece of createReadStream(source, { highWaterMark: 1 << 20 }))
      await emit(decoder.decode(piece as Buffer, { stream: true }));
    await emit(decoder.decode());
  } catch (error) {
    if (error instanceof TypeError) return null;
    throw error;
  }
  return scanner.end();
}

/**
 * Copies a UTF-8 delimited file, leaving out the records in `blank` (each becomes an empty line, so the
 * record numbers stay) and, with `unify`, ending every line with LF (line breaks inside quotes too).
 * Records are split by the rules of the scanner.
 */
export async function rewriteRecords(
  source: string,
  out: TextSink,
  options: { blank: ReadonlySet<number>; unify: boolean; delimiter: string },
): Promise<void> {
  const delim = options.delimiter.charCodeAt(0);
  const QUOTE = 0x22;
  const LF = 0x0a;
  const CR = 0x0d;
  let record = 1;
  let quoted = false;
  let quoteSeen = false;
  let afterCr = false;
  let fieldStart = true;
  const kept: number[] = [];
  const flush = async () => {
    if (kept.length) await out.write(Uint8Array.from(kept));
    kept.length = 0;
  };
  for await (const piece of createReadStream(source, { highWaterMark: 1 << 20 })) {
    const bytes = piece as Buffer;
    for (let i = 0; i < bytes.length; i++) {
      const b = bytes[i];
      if (afterCr) {
        afterCr = false;
        if (b === LF) {
          if (!options.unify && !options.blank.has(quoted ? record : record - 1)) kept.push(LF);
          continue;
        }
      }
      const skip = options.blank.has(record);
      if (quoted) {
        if (quoteSeen) {
          quoteSeen = false;
          if (b !== QUOTE) quoted = false;
        } else if (b === QUOTE) {
          quoteSeen = true;
        }
      }
      if (quoted) {
        if (b === CR || b === LF) {
          afterCr = b === CR;
          if (!skip) kept.push(options.unify ? LF : b);
        } else if (!skip) kept.push(b);
        continue;
      }
      if (b === LF || b === CR) {
        kept.push(options.unify || skip ? LF : b);
        afterCr = b === CR;
        record++;
        fieldStart = true;
        continue;
      }
      if (b === QUOTE && fieldStart) quoted = true;
      else if (b === delim) fieldStart = true;
      else if (b !== 0x20) fieldStart = false;
      if (!skip) kept.push(b);
      if (kept.length >= 1 << 20) await flush();
    }
    await flush();
  }
  await flush();
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

/**
 * Quotes one value for a CSV field (only when needed).
 * @example csvField('a,"b"') === '"a,""b"""'
 */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
