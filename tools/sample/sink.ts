/**
 * Delimited text written to disk in large buffered pieces with synchronous writes: the generator streams
 * millions of rows and must never hold a table in memory.
 */
import { closeSync, mkdirSync, openSync, writeSync } from "node:fs";
import { dirname } from "node:path";
import { encodeGbk } from "./gbk.ts";

export type TextEncodingName = "utf-8" | "utf-8-bom" | "gbk";

const FLUSH_AT = 1 << 20;

/**
 * A CSV field, quoted only when it holds a comma, quote or line break.
 * @example csvField("1,234.50") === '"1,234.50"'
 */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** A CSV file being written line by line; `rows` counts data rows after the header. */
export class CsvSink {
  private fd: number;
  private pending: string[] = [];
  private pendingLength = 0;
  rows = 0;

  /** A file with its header row; a part of a file (`header` null) has neither header nor BOM. */
  constructor(
    readonly path: string,
    header: readonly string[] | null,
    private readonly encoding: TextEncodingName,
  ) {
    mkdirSync(dirname(path), { recursive: true });
    this.fd = openSync(path, "w");
    if (header === null) return;
    if (encoding === "utf-8-bom") writeSync(this.fd, Buffer.from([0xef, 0xbb, 0xbf]));
    this.push(header.map(csvField).join(","));
  }

  /** Appends one data row of already formatted fields. */
  row(fields: readonly string[]): void {
    let line = "";
    for (let i = 0; i < fields.length; i++) line += (i ? "," : "") + csvField(fields[i]);
    this.push(line);
    this.rows++;
  }

  private push(line: string): void {
    this.pending.push(line, "\r\n");
    this.pendingLength += line.length + 2;
    if (this.pendingLength >= FLUSH_AT) this.flush();
  }

  private flush(): void {
    if (this.pending.length === 0) return;
    const text = this.pending.join("");
    this.pending = [];
    this.pendingLength = 0;
    writeSync(this.fd, this.encoding === "gbk" ? encodeGbk(text) : Buffer.from(text, "utf8"));
  }

  /** Writes what is buffered and closes the file. */
  close(): void {
    this.flush();
    closeSync(this.fd);
  }
}
