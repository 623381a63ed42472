/**
 * The row count of a delimited file, made by us and not by DuckDB (docs/decisions.md I16): DuckDB's reader
 * drops a row of about 31 MB without a reject and refuses a whole file for one long Chinese cell, so the
 * one streaming pass we already make over every file (to check its encoding, or to transcode it) also
 * splits it into records with the quoting rules DuckDB and Excel use, and notes what DuckDB must not see.
 */
import { LIMITS } from "./limits.ts";

/** A record DuckDB is not given: too long to read safely. Its line is blanked in a copy. */
export interface OversizeRecord {
  record: number;
  /** "row": the record is over the row limit; "cell": one of its cells is over the cell limit. */
  kind: "row" | "cell";
  /** 0-based field index of the long cell (kind "cell"). */
  field: number;
  /** Bytes of the row, or characters of the cell. */
  size: number;
}

/** A record that spans several physical lines (a quoted line break, or a quote left open). */
export interface MultiLineRecord {
  record: number;
  /** Physical line (1-based) the record starts on. */
  line: number;
  /** Physical lines it covers. */
  lines: number;
}

export interface RecordScan {
  /** Records of the file that hold at least one byte (the header and title rows included). */
  records: number;
  /** Record numbers (1-based) of the empty ones. */
  blank: number[];
  oversize: OversizeRecord[];
  /** Records spanning several physical lines, in order (the first MULTI_LINE_KEPT of them). */
  multiLine: MultiLineRecord[];
  /** The file ended inside a quoted value: the record that opened it runs to the end. */
  unclosed: MultiLineRecord | null;
  /** Line ends outside quotes, by kind: a file mixing them must be normalised before DuckDB reads it. */
  lineEnds: { lf: number; crlf: number; cr: number };
  /** Line breaks inside quoted values, by kind (DuckDB reads nothing of a CRLF file with an LF in quotes). */
  quotedEnds: { lf: number; crlf: number; cr: number };
}

const MULTI_LINE_KEPT = 1_000_000;

const LF = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;
const SPACE = 0x20;
// Where a byte stands within a record, as DuckDB's parser sees it: a quote opens a quoted field only at
// the start of a field (after spaces); inside an unquoted field it is text; after a closing quote only
// spaces may come before the delimiter (anything else makes DuckDB reject the line, which we count the same).
const FIELD_START = 0;
const UNQUOTED = 1;
const QUOTED = 2;
const QUOTE_IN_QUOTED = 3;
const CLOSED = 4;

/**
 * Splits UTF-8 (or any ASCII-compatible) bytes into records, fed in pieces.
 * @example const s = new RecordScanner(","); s.push(bytes); const scan = s.end();
 */
export class RecordScanner {
  private readonly delim: number;
  private readonly cellChars: number;
  private readonly rowBytes: number;
  private state = FIELD_START;
  private afterCr = false;
  private record = 1;
  private line = 1;
  private recordLine = 1;
  private recordBytes = 0;
  private lastByte = -1;
  private fieldChars = 0;
  private field = 0;
  private longCell = -1;
  private longCellChars = 0;
  private readonly out: RecordScan = {
    records: 0,
    blank: [],
    oversize: [],
    multiLine: [],
    unclosed: null,
    lineEnds: { lf: 0, crlf: 0, cr: 0 },
    quotedEnds: { lf: 0, crlf: 0, cr: 0 },
  };

  constructor(delimiter: string, limits = LIMITS) {
    this.delim = delimiter.charCodeAt(0);
    this.cellChars = limits.cellChars;
    this.rowBytes = limits.rowBytes;
  }

  /**
   * Scans the next piece of the file. A record that starts a line and holds no quote and no lone CR is
   * found with the native indexOf (most records of most files); any other byte goes through the state
   * machine, so that quoting is judged exactly as DuckDB does.
   */
  push(bytes: Uint8Array): void {
    const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
    const n = buf.length;
    let i = 0;
    if (this.afterCr && n > 0) {
      this.afterCr = false;
      if (buf[0] === LF) {
        const kinds = this.state === QUOTED ? this.out.quotedEnds : this.out.lineEnds;
        kinds.cr--;
        kinds.crlf++;
        i = 1;
      }
    }
    let nextLf = -2;
    let nextCr = -2;
    let nextQuote = -2;
    while (i < n) {
      if (this.state === FIELD_START && this.recordBytes === 0 && this.field === 0) {
        if (nextLf < i && nextLf !== -1) nextLf = buf.indexOf(LF, i);
        if (nextLf === -1) break;
        if (nextCr < i && nextCr !== -1) nextCr = buf.indexOf(CR, i);
        if (nextQuote < i && nextQuote !== -1) nextQuote = buf.indexOf(QUOTE, i);
        let end = nextLf;
        let crlf = false;
        if (nextCr !== -1 && nextCr < nextLf) {
          if (nextCr !== nextLf - 1) {
            i = this.slow(buf, i);
            continue;
          }
          end = nextCr;
          crlf = true;
        }
        if (nextQuote !== -1 && nextQuote < end) {
          i = this.slow(buf, i);
          continue;
        }
        this.plainRecord(buf, i, end);
        if (crlf) this.out.lineEnds.crlf++;
        else this.out.lineEnds.lf++;
        i = nextLf + 1;
        continue;
      }
      i = this.slow(buf, i);
    }
    if (i < n) this.slow(buf, i, true);
    if (n) this.lastByte = buf[n - 1];
  }

  /** A record without quotes, bytes [start, end) of one piece. */
  private plainRecord(buf: Buffer, start: number, end: number): void {
    const length = end - start;
    this.recordBytes = length;
    if (length > this.cellChars) {
      // Only a long record can hold a long cell: its fields are measured, in characters.
      let at = start;
      for (;;) {
        const cut = buf.indexOf(this.delim, at);
        const stop = cut === -1 || cut >= end ? end : cut;
        if (stop - at > this.cellChars) this.fieldEnd(utf8Chars(buf, at, stop));
        else this.field++;
        if (stop === end) break;
        at = stop + 1;
      }
    }
    this.recordEnd();
  }

  /**
   * The state machine, from `start` to the end of the current record (or of the piece, with `toEnd`).
   * @returns the index after the record's line end
   */
  private slow(buf: Buffer, start: number, toEnd = false): number {
    const delim = this.delim;
    const ends = this.out.lineEnds;
    const quoted = this.out.quotedEnds;
    let state = this.state;
    let fieldChars = this.fieldChars;
    let recordBytes = this.recordBytes;
    let i = start;
    for (; i < buf.length; i++) {
      const b = buf[i];
      if (this.afterCr) {
        this.afterCr = false;
        if (b === LF) {
          const kinds = state === QUOTED ? quoted : ends;
          kinds.cr--;
          kinds.crlf++;
          continue;
        }
        if (state !== QUOTED && !toEnd) break;
      }
      if (state === QUOTED) {
        recordBytes++;
        if (b === QUOTE) state = QUOTE_IN_QUOTED;
        else if (b === LF || b === CR) {
          this.line++;
          this.afterCr = b === CR;
          if (b === LF) quoted.lf++;
          else quoted.cr++;
        }
        if ((b & 0xc0) !== 0x80) fieldChars++;
        continue;
      }
      if (state === QUOTE_IN_QUOTED) {
        if (b === QUOTE) {
          state = QUOTED;
          recordBytes++;
          fieldChars++;
          continue;
        }
        state = CLOSED;
      }
      if (b === LF || b === CR) {
        this.recordBytes = recordBytes;
        this.fieldEnd(fieldChars);
        this.recordEnd();
        state = FIELD_START;
        fieldChars = recordBytes = 0;
        if (b === LF) {
          ends.lf++;
          if (!toEnd) {
            i++;
            break;
          }
        } else {
          ends.cr++;
          this.afterCr = true;
          if (!toEnd && i + 1 < buf.length) {
            // Look at the byte after the CR now: an LF belongs to this line end.
            this.afterCr = false;
            if (buf[i + 1] === LF) {
              ends.cr--;
              ends.crlf++;
              i += 2;
            } else i++;
            break;
          }
        }
        continue;
      }
      recordBytes++;
      if (b === delim) {
        this.fieldEnd(fieldChars);
        fieldChars = 0;
        state = FIELD_START;
        continue;
      }
      if ((b & 0xc0) !== 0x80) fieldChars++;
      if (state === FIELD_START) {
        if (b === QUOTE) state = QUOTED;
        else if (b !== SPACE) state = UNQUOTED;
      }
    }
    this.state = state;
    this.fieldChars = fieldChars;
    this.recordBytes = recordBytes;
    return i;
  }

  /** Ends the scan: the last record (without a line end) and a quote left open. */
  end(): RecordScan {
    if (this.state === QUOTED) {
      // A line end just before the end of the file opens no further line.
      const trailing = this.lastByte === LF || this.lastByte === CR ? 1 : 0;
      this.out.unclosed = {
        record: this.record,
        line: this.recordLine,
        lines: this.line - this.recordLine + 1 - trailing,
      };
    }
    if (this.recordBytes > 0 || this.state === QUOTED) {
      this.fieldEnd(this.fieldChars);
      this.recordEnd();
    }
    return this.out;
  }

  private fieldEnd(chars: number): void {
    if (chars > this.cellChars && this.longCell < 0) {
      this.longCell = this.field;
      this.longCellChars = chars;
    }
    this.field++;
  }

  private recordEnd(): void {
    const out = this.out;
    if (this.recordBytes === 0) out.blank.push(this.record);
    else {
      out.records++;
      if (this.recordBytes > this.rowBytes)
        out.oversize.push({ record: this.record, kind: "row", field: -1, size: this.recordBytes });
      else if (this.longCell >= 0)
        out.oversize.push({
          record: this.record,
          kind: "cell",
          field: this.longCell,
          size: this.longCellChars,
        });
      if (this.line > this.recordLine && out.multiLine.length < MULTI_LINE_KEPT)
        out.multiLine.push({
          record: this.record,
          line: this.recordLine,
          lines: this.line - this.recordLine + 1,
        });
    }
    this.record++;
    this.line++;
    this.recordLine = this.line;
    this.recordBytes = 0;
    this.field = 0;
    this.longCell = -1;
  }
}

/** Characters of the UTF-8 bytes [start, end): every byte that does not continue a character. */
function utf8Chars(buf: Buffer, start: number, end: number): number {
  let chars = 0;
  for (let i = start; i < end; i++) if ((buf[i] & 0xc0) !== 0x80) chars++;
  return chars;
}
