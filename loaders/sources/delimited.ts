/**
 * Delimited text files: transcoding to UTF-8 for DuckDB (it reads only UTF-8 without extensions), and the
 * header row, which we read ourselves so that Chinese labels, duplicates and unknown columns are ours to
 * judge rather than DuckDB's sniffer's.
 */
import { createReadStream, createWriteStream } from "node:fs";
import { once } from "node:events";
import { readHead, type TextEncoding } from "./sniff.ts";

export interface HeaderInfo {
  delimiter: string;
  columns: string[];
}

/**
 * Streams a file in a non-UTF-8 encoding to a UTF-8 file (no BOM), in 1 MB pieces.
 * @returns the number of bytes written
 */
export async function transcodeToUtf8(
  source: string,
  target: string,
  encoding: TextEncoding,
): Promise<number> {
  const label = encoding === "utf-8-bom" ? "utf-8" : encoding;
  const decoder = new TextDecoder(label, { fatal: false, ignoreBOM: false });
  const out = createWriteStream(target);
  let written = 0;
  const write = async (text: string) => {
    if (!text) return;
    const bytes = Buffer.from(text, "utf8");
    written += bytes.length;
    if (!out.write(bytes)) await once(out, "drain");
  };
  try {
    for await (const piece of createReadStream(source, { highWaterMark: 1 << 20 })) {
      await write(decoder.decode(piece as Buffer, { stream: true }));
    }
    await write(decoder.decode());
  } finally {
    out.end();
    await once(out, "close");
  }
  return written;
}

/**
 * Copies a UTF-8 file with every line ending (CRLF, CR) turned into LF, in 1 MB pieces. Line breaks inside
 * quoted values become LF too.
 */
export async function normalizeLineEnds(source: string, target: string): Promise<void> {
  const out = createWriteStream(target);
  let pendingCr = false;
  try {
    for await (const piece of createReadStream(source, { highWaterMark: 1 << 20 })) {
      let bytes = piece as Buffer;
      // A CR that ended the previous piece was written as LF already; the LF of its CRLF is dropped.
      if (pendingCr && bytes[0] === 0x0a) bytes = bytes.subarray(1);
      pendingCr = bytes.length > 0 && bytes[bytes.length - 1] === 0x0d;
      // UTF-8 never uses the bytes of CR or LF inside a character, so latin1 maps bytes one to one.
      if (!out.write(Buffer.from(bytes.toString("latin1").replace(/\r\n?/g, "\n"), "latin1")))
        await once(out, "drain");
    }
  } finally {
    out.end();
    await once(out, "close");
  }
}

const DELIMITERS = [",", "\t", ";", "|"];

/**
 * Reads the header row of a UTF-8 delimited file: picks the delimiter that splits the first line into the
 * most fields (comma on a tie) and parses the first record with RFC 4180 quoting.
 */
export async function readHeader(path: string): Promise<HeaderInfo> {
  const text = (await readHead(path, 1 << 18)).toString("utf8").replace(/^\ufeff/, "");
  const firstLine = text.split(/\r\n|\r|\n/, 1)[0] ?? "";
  let delimiter = ",";
  let best = 0;
  for (const candidate of DELIMITERS) {
    const count = countOutsideQuotes(firstLine, candidate);
    if (count > best) {
      best = count;
      delimiter = candidate;
    }
  }
  return { delimiter, columns: parseFirstRecord(text, delimiter) };
}

function countOutsideQuotes(line: string, delimiter: string): number {
  let count = 0;
  let quoted = false;
  for (const ch of line) {
    if (ch === '"') quoted = !quoted;
    else if (ch === delimiter && !quoted) count++;
  }
  return count;
}

/** Parses the first record of CSV text (quotes may span lines). */
export function parseFirstRecord(text: string, delimiter: string): string[] {
  const fields: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"' && field === "") quoted = true;
    else if (ch === delimiter) {
      fields.push(field);
      field = "";
    } else if (ch === "\n" || ch === "\r") {
      break;
    } else field += ch;
  }
  fields.push(field);
  return fields.length === 1 && fields[0] === "" ? [] : fields;
}

/**
 * Quotes one value for a CSV field (only when needed).
 * @example csvField('a,"b"') === '"a,""b"""'
 */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
