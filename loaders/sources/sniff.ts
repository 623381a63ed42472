/**
 * What a file really is, from its bytes rather than its name: exports arrive renamed (a CSV saved as
 * `.xlsx`, a web page saved as `.xls`), and a file that cannot be read must be named for what it is, so
 * the message can say how to fix it.
 */
import { open } from "node:fs/promises";

/**
 * zip: a workbook or another zip (workbook.ts looks inside); ole: an OLE compound file (a legacy .xls, or
 * a password-protected workbook; oleStreams tells which); html: a web page, what web systems call an
 * "Excel export"; xml2003: Excel's XML Spreadsheet 2003; anything else is delimited text.
 */
export type FileFormat = "csv" | "zip" | "parquet" | "ole" | "html" | "xml2003" | "empty";
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

const OLE_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

/** The format of a file by its first bytes (4 KB are enough). */
export function sniffFormat(head: Buffer): FileFormat {
  if (head.length === 0) return "empty";
  if (head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) return "zip";
  if (head.subarray(0, 8).equals(OLE_MAGIC)) return "ole";
  if (head.subarray(0, 4).toString("latin1") === "PAR1") return "parquet";
  const start = head
    .subarray(0, 4096)
    .toString("latin1")
    .replace(/^\u00ef\u00bb\u00bf/, "")
    .trimStart()
    .toLowerCase();
  if (start.startsWith("<?xml") && start.includes("urn:schemas-microsoft-com:office:spreadsheet"))
    return "xml2003";
  if (start.startsWith("<") && /<(table|html|!doctype html)[\s>]/.test(start)) return "html";
  return "csv";
}

/** What an OLE compound file holds, by the names in its directory. */
export interface OleContents {
  names: string[];
  /** ECMA-376 encryption: a password-protected .xlsx (or .docx). */
  encrypted: boolean;
  /** A BIFF workbook stream: a legacy .xls. */
  workbook: boolean;
  /** The .xls is password-protected (a FilePass record after its BOF). */
  passwordXls: boolean;
}

const END_OF_CHAIN = 0xfffffffe;

async function contains(
  handle: Awaited<ReturnType<typeof open>>,
  size: number,
  needle: Buffer,
): Promise<boolean> {
  const step = 1 << 20;
  for (let at = 0; at < size; at += step - needle.length) {
    const buffer = Buffer.alloc(Math.min(step, size - at));
    await handle.read(buffer, 0, buffer.length, at);
    if (buffer.includes(needle)) return true;
    if (at + buffer.length >= size) break;
  }
  return false;
}

/**
 * Reads the directory of an OLE compound file (MS-CFB): the header, the FAT, the directory sectors in
 * chain order, wherever they sit in the file (a password-protected workbook's marker is not in the first
 * 4 KB when its directory is written last). Bounded: a damaged chain is followed at most once per sector.
 */
export async function oleStreams(path: string): Promise<OleContents> {
  const handle = await open(path, "r");
  try {
    const { size } = await handle.stat();
    // A short read (a truncated or synthetic container) leaves zeros: nothing is read past the file.
    const read = async (offset: number, length: number) => {
      const buffer = Buffer.alloc(length);
      await handle.read(buffer, 0, length, offset);
      return buffer;
    };
    const header = await read(0, 512);
    const shift = header.readUInt16LE(30);
    const sectorSize = shift === 12 ? 4096 : 512;
    const sectors = Math.ceil(Math.max(0, size - sectorSize) / sectorSize);
    const sectorAt = (n: number) => sectorSize + n * sectorSize;
    const fatSectors: number[] = [];
    for (let i = 0; i < 109; i++) {
      const s = header.readUInt32LE(76 + i * 4);
      if (s < sectors) fatSectors.push(s);
    }
    let difat = header.readUInt32LE(68);
    for (let guard = 0; difat < sectors && guard < sectors; guard++) {
      const block = await read(sectorAt(difat), sectorSize);
      for (let i = 0; i < sectorSize / 4 - 1; i++) {
        const s = block.readUInt32LE(i * 4);
        if (s < sectors) fatSectors.push(s);
      }
      difat = block.readUInt32LE(sectorSize - 4);
    }
    const fat: number[] = [];
    for (const s of fatSectors) {
      const block = await read(sectorAt(s), sectorSize);
      for (let i = 0; i + 4 <= block.length; i += 4) fat.push(block.readUInt32LE(i));
    }
    const names: string[] = [];
    const entries: { name: string; start: number; size: number }[] = [];
    let dir = header.readUInt32LE(48);
    const seen = new Set<number>();
    while (dir < sectors && !seen.has(dir) && dir !== END_OF_CHAIN) {
      seen.add(dir);
      const block = await read(sectorAt(dir), sectorSize);
      for (let at = 0; at + 128 <= block.length; at += 128) {
        const length = block.readUInt16LE(at + 64);
        if (length < 2 || length > 64) continue;
        const name = block.subarray(at, at + length - 2).toString("utf16le");
        names.push(name);
        entries.push({ name, start: block.readUInt32LE(at + 116), size: block.readUInt32LE(at + 120) });
      }
      dir = fat[dir] ?? END_OF_CHAIN;
    }
    // A container whose directory cannot be followed (damaged, or not written by Office) is searched
    // whole for the stream name, wherever it sits.
    const encrypted =
      (names.includes("EncryptedPackage") && names.includes("EncryptionInfo")) ||
      (names.length === 0 && (await contains(handle, size, Buffer.from("EncryptedPackage", "utf16le"))));
    const book = entries.find((e) => e.name === "Workbook" || e.name === "Book");
    let passwordXls = false;
    if (book && book.size >= 4096 && book.start < sectors) {
      // BIFF records: type (2 bytes), length (2 bytes), data. FilePass (0x002F) follows the first BOF.
      const start = await read(sectorAt(book.start), Math.min(sectorSize, 512));
      for (let at = 0, n = 0; at + 4 <= start.length && n < 20; n++) {
        const type = start.readUInt16LE(at);
        if (type === 0x002f) passwordXls = true;
        at += 4 + start.readUInt16LE(at + 2);
      }
    }
    return { names, encrypted, workbook: Boolean(book), passwordXls };
  } finally {
    await handle.close();
  }
}
