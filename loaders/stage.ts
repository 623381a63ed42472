/**
 * Staging: every file of a table is appended to one temporary table `stg_<table>` of text columns named
 * after the contract's fields, each row numbered as the user sees it (spreadsheet row, header = 1), with
 * flags for blank rows, what the reader knows about a row (`_issues`), its first cell when it may be a
 * totals or signature row (`_label`). Nothing is judged here but whether the file can be read at all and
 * which rows are data; the rules are the validation queries' job.
 *
 * Every row is counted twice, independently (docs/decisions.md I16): by our own pass over the file (the
 * record scanner for text, the sheet converter for workbooks) and by what DuckDB staged and rejected. A
 * file where the two disagree stops the load.
 */
import { stat } from "node:fs/promises";
import { join, extname } from "node:path";
import { tableSpec, type FieldSpec, type SourceTable, type TableSpec } from "./contract.ts";
import { BilingualError } from "./errors.ts";
import { maskIdsIn } from "./personId.ts";
import type { ColumnMap } from "./sources/columns.ts";
import {
  parseRecords,
  readTextHead,
  rewriteRecords,
  scanUtf8,
  sepLine,
  transcodeAndScan,
} from "./sources/delimited.ts";
import type { SourceFile } from "./sources/discover.ts";
import { findHeader, mapHeader, type ColumnReport, type HeaderMatch } from "./sources/headers.ts";
import { LIMITS, type Limits } from "./sources/limits.ts";
import type { RecordScan } from "./sources/scan.ts";
import { LABEL_INITIALS } from "./sources/sheet.ts";
import { oleStreams, readHead, sniffFormat, type TextEncoding } from "./sources/sniff.ts";
import { openSink } from "./sources/tempFiles.ts";
import { htmlToStaging, workbookToStaging, type SkippedSheet, type StagedSheet } from "./sources/workbook.ts";
import { ident, literal, sqlText } from "./sql.ts";
import type { Warehouse } from "./warehouse.ts";

/** A count of one kind of normalisation or note, per file, for the load report. */
export interface Note {
  kind: string;
  field: string | null;
  count: number;
}

/** The file's own control total (a 合计 row) against the sum of its rows. */
export interface ControlTotal {
  row: number;
  field: string;
  stated: string | null;
  sum: string;
  difference: string | null;
  /** Data rows whose amount could not be read (not in the sum). */
  unread: number;
  agrees: boolean;
}

export interface StagedFile {
  fileId: number;
  table: SourceTable;
  name: string;
  format: "csv" | "xlsx" | "html" | "parquet";
  encoding: string | null;
  delimiter: string | null;
  sheet: string | null;
  bytes: number;
  /** Data rows staged: not blank rows, not lines DuckDB could not parse (set by finishStaging). */
  stagedRows: number;
  /** Lines DuckDB could not split into the header's columns, and rows too long to read (already in rejects). */
  parseRejects: number;
  /** Blank rows (set by finishStaging, with empty lines found while reading). */
  blankRows: number;
  extras: string[];
  warnings: string[];
  /** Rows of the header (first and last), as the user sees them; null for Parquet. */
  headerRows: [number, number] | null;
  columns: ColumnReport[];
  skippedSheets: SkippedSheet[];
  /** Totals rows and signature rows: not data, not counted as read. */
  notData: { row: number; kind: "total" | "footer"; word: string }[];
  controlTotals: ControlTotal[];
  /** What the reader changed or read specially (merged fills, 1904 dates, numbers cut to 15 digits). */
  notes: Note[];
}

export interface StageOptions {
  workDir: string;
  columns: ColumnMap;
  limits?: Limits;
}

/** Creates the empty staging tables of every source table. */
export async function createStagingTables(db: Warehouse, tables: readonly SourceTable[]): Promise<void> {
  for (const table of tables) {
    const columns = tableSpec(table)
      .fields.map((f) => `${ident(f.name)} VARCHAR`)
      .join(", ");
    await db.run(
      `CREATE OR REPLACE TEMP TABLE ${ident(`stg_${table}`)} (_file USMALLINT, _row BIGINT, _blank BOOLEAN,
         _issues VARCHAR, _label VARCHAR, ${columns})`,
    );
  }
}

/**
 * After every file is staged: counts each file's data and blank rows and removes the blank ones (a row
 * whose fields are all empty, the ",,,," lines Excel leaves behind, is not data).
 */
export async function finishStaging(db: Warehouse, staged: StagedFile[]): Promise<void> {
  for (const table of new Set(staged.map((s) => s.table))) {
    const stg = ident(`stg_${table}`);
    const counts = await db.rows<{ f: number; data: number; blank: number }>(
      `SELECT _file::INTEGER AS f, count(*) FILTER (WHERE NOT _blank)::DOUBLE AS data,
              count(*) FILTER (WHERE _blank)::DOUBLE AS blank
       FROM ${stg} GROUP BY _file`,
    );
    for (const s of staged.filter((x) => x.table === table)) {
      const c = counts.find((r) => r.f === s.fileId);
      s.stagedRows = c?.data ?? 0;
      s.blankRows += c?.blank ?? 0;
    }
    if (counts.some((c) => c.blank > 0)) await db.run(`DELETE FROM ${stg} WHERE _blank`);
  }
}

// A name that says what the content is, for the warning when they disagree.
const EXPECTED_EXTENSION: Record<string, string> = {
  ".csv": "csv",
  ".txt": "csv",
  ".tsv": "csv",
  ".xlsx": "xlsx",
  ".xlsm": "xlsx",
  ".parquet": "parquet",
  ".htm": "html",
  ".html": "html",
};

/** Reads one source file into its table's staging table; throws BilingualError if it cannot be read. */
export async function stageFile(
  db: Warehouse,
  file: SourceFile,
  fileId: number,
  options: StageOptions,
): Promise<StagedFile> {
  const bytes = (await stat(file.path)).size;
  const format = sniffFormat(await readHead(file.path, 4096));
  const ext = extname(file.name).toLowerCase();
  const warnings: string[] = [];
  if (format === "empty")
    throw new BilingualError(
      `${file.name}: 文件为空 (0 字节)。请重新导出, 至少包含表头行。`,
      `${file.name}: the file is empty (0 bytes). Export it again with at least the header row.`,
    );
  if (format === "ole") throw await oleError(file);
  if (format === "xml2003")
    throw new BilingualError(
      `${file.name}: 这是 “XML 电子表格 2003” 文件, 无法读取。请在 Excel 或 WPS 中打开, 另存为 “Excel 工作簿 (.xlsx)” 或 CSV。`,
      `${file.name}: this is an "XML Spreadsheet 2003" file and cannot be read. Open it in Excel or WPS and save it as "Excel Workbook (.xlsx)" or CSV.`,
    );
  const unreadable = UNREADABLE_BY_NAME[ext];
  if (unreadable && format === "csv") throw unreadable(file.name);
  const kind = format === "zip" ? "xlsx" : format;
  const expected = EXPECTED_EXTENSION[ext];
  if (expected && expected !== kind)
    warnings.push(
      `扩展名为 ${extname(file.name)} 但内容是 ${kind.toUpperCase()}, 已按内容读取 / named ${extname(file.name)} but holds ${kind.toUpperCase()}; read as ${kind.toUpperCase()}`,
    );
  if (ext === ".xls" && kind === "html")
    warnings.push(
      '这是系统“导出 Excel”生成的网页表格, 已按表格读取 / a web page table saved as .xls by a system\'s "export to Excel"; read as a table',
    );
  const base = {
    fileId,
    table: file.table,
    name: file.name,
    bytes,
    warnings,
    stagedRows: 0,
    skippedSheets: [] as SkippedSheet[],
    parseRejects: 0,
    notData: [] as StagedFile["notData"],
    controlTotals: [] as ControlTotal[],
    notes: [] as Note[],
  };
  await db.run(
    `CREATE OR REPLACE TEMP TABLE line_rejects (row BIGINT, field VARCHAR, code VARCHAR, zh VARCHAR, en VARCHAR, label VARCHAR)`,
  );
  const read =
    kind === "xlsx" || kind === "html"
      ? await stageSheet(db, file, fileId, kind, options)
      : kind === "parquet"
        ? await stageParquet(db, file, fileId, options)
        : await stageDelimited(db, file, fileId, options);
  const { warnings: more = [], ...rest } = read;
  const staged: StagedFile = { ...base, ...rest, warnings: [...warnings, ...more] };
  await classifyRows(db, staged);
  // Lines that could not be read and are not a signature or totals line are rejects of their own.
  await db.run(
    `INSERT INTO rejects SELECT $table, $file_id, row, field, NULL, code, zh, en FROM line_rejects
     WHERE row NOT IN (SELECT _row FROM not_data_rows) ORDER BY row`,
    { table: file.table, file_id: fileId },
  );
  staged.parseRejects = Number(
    await db.value(
      `SELECT count(DISTINCT row)::DOUBLE FROM line_rejects WHERE row NOT IN (SELECT _row FROM not_data_rows)`,
    ),
  );
  return staged;
}

type Staged = Omit<
  StagedFile,
  | "fileId"
  | "table"
  | "name"
  | "bytes"
  | "warnings"
  | "stagedRows"
  | "notData"
  | "controlTotals"
  | "parseRejects"
> & { warnings?: string[] };

const UNREADABLE_BY_NAME: Record<string, (name: string) => BilingualError> = {
  ".dbf": (name) =>
    new BilingualError(
      `${name}: 这是 dBase (.dbf) 数据库文件, 无法读取。请用 Excel 或 WPS 打开后另存为 .xlsx 或 CSV。`,
      `${name}: this is a dBase (.dbf) file and cannot be read. Open it in Excel or WPS and save it as .xlsx or CSV.`,
    ),
  ".rar": archive,
  ".7z": archive,
};

function archive(name: string): BilingualError {
  return new BilingualError(
    `${name}: 这是压缩包, 不是表格。请先解压, 把其中的表格文件放入数据目录。`,
    `${name}: this is a compressed archive, not a table. Extract it and put the table files in the data directory.`,
  );
}

async function oleError(file: SourceFile): Promise<BilingualError> {
  const ole = await oleStreams(file.path).catch(() => null);
  const ext = extname(file.name).toLowerCase();
  if (ole?.encrypted)
    return new BilingualError(
      `${file.name}: 工作簿设有密码保护 (已加密), 无法读取。请在 Excel 或 WPS 中打开, 在“文件 > 信息 > 保护工作簿”中删除密码后另存为 .xlsx。`,
      `${file.name}: the workbook is password-protected (encrypted) and cannot be read. Open it in Excel or WPS, remove the password (File > Info > Protect Workbook) and save it as .xlsx.`,
    );
  const locked = ole?.passwordXls ? "设有打开密码的" : "";
  const lockedEn = ole?.passwordXls ? "password-protected " : "";
  if (ext === ".et" || ext === ".ett")
    return new BilingualError(
      `${file.name}: 这是${locked} WPS 表格文件 (.et), 无法读取。请在 WPS 中“另存为” Excel 工作簿 (.xlsx) 或 CSV。`,
      `${file.name}: this is a ${lockedEn}WPS spreadsheet (.et) and cannot be read. In WPS, "Save As" an Excel workbook (.xlsx) or CSV.`,
    );
  if (ole && !ole.workbook && ole.names.includes("WordDocument"))
    return new BilingualError(
      `${file.name}: 这是 Word 文档 (.doc), 不是表格。请把表格复制到 Excel 中, 另存为 .xlsx 或 CSV。`,
      `${file.name}: this is a Word document (.doc), not a table. Copy the table into Excel and save it as .xlsx or CSV.`,
    );
  return new BilingualError(
    `${file.name}: 这是${locked}旧版 Excel 97-2003 (.xls) 文件, 无法读取。请在 Excel 或 WPS 中打开${ole?.passwordXls ? ", 删除密码后" : ", "}另存为 .xlsx 或 CSV。`,
    `${file.name}: this is a ${lockedEn}legacy Excel 97-2003 (.xls) file and cannot be read. Open it in Excel or WPS${ole?.passwordXls ? ", remove the password," : ""} and save it as .xlsx or CSV.`,
  );
}

// ------------------------------------------------------------------------------------------- delimited

const DELIMITERS = [",", "\t", ";", "|"];

async function stageDelimited(
  db: Warehouse,
  file: SourceFile,
  fileId: number,
  options: StageOptions,
): Promise<Staged> {
  const spec = tableSpec(file.table);
  const head = await readTextHead(file.path);
  if (head.encoding === null) throw unknownEncoding(file.name);
  const sep = sepLine(head.text);
  const offset = sep ? 1 : 0;
  const text = sep ? head.text.slice(head.text.indexOf("\n") + 1) : head.text;
  const { delimiter, header } = findDelimitedHeader(
    spec,
    text,
    sep,
    file.name,
    options.columns[file.table],
    head.whole,
  );
  // Records (as DuckDB numbers them, the sep line included) up to the end of the header.
  const headerEnd = header.last + 1 + offset;

  // The one pass over the whole file: the UTF-8 check, or the transcoding, with the record scan.
  let encoding: TextEncoding = head.encoding;
  let path = file.path;
  let scan: RecordScan | null = null;
  const limits = options.limits ?? LIMITS;
  if (encoding === "utf-8" || encoding === "utf-8-bom") scan = await scanUtf8(file.path, delimiter, limits);
  if (!scan) {
    if (encoding === "utf-8-bom") throw unknownEncoding(file.name);
    if (encoding === "utf-8") encoding = "gb18030";
    path = join(options.workDir, `source-${fileId}.csv`);
    const sink = await openSink(path, { file: file.name, needBytes: (await stat(file.path)).size * 1.5 });
    scan = await transcodeAndScan(file.path, sink, encoding, delimiter, limits);
    await sink.close();
    if (!scan) throw unknownEncoding(file.name);
  }
  const oversize = scan.oversize.filter((o) => o.record > headerEnd);
  // DuckDB keeps the line-end style of the first line and stops at another one; and it reads nothing of a
  // CRLF file whose quoted values hold a bare LF (a header cell with a line break): such files are read
  // from a copy whose line ends are all LF (docs/decisions.md I14).
  const ends = scan.lineEnds;
  const quotedBreaks = scan.quotedEnds.lf + scan.quotedEnds.cr;
  const mixed =
    [ends.lf, ends.crlf, ends.cr].filter((n) => n > 0).length > 1 || (ends.crlf > 0 && quotedBreaks > 0);
  if (oversize.length || mixed) {
    const copy = join(options.workDir, `clean-${fileId}.csv`);
    const sink = await openSink(copy, { file: file.name, needBytes: (await stat(path)).size });
    await rewriteRecords(path, sink, {
      blank: new Set(oversize.map((o) => o.record)),
      unify: mixed,
      delimiter,
    });
    await sink.close();
    path = copy;
  }

  const width = header.columns.length;
  const rejectsTable = `rej_${fileId}`;
  const columns = Array.from({ length: width }, (_, i) => `${literal(`c${i}`)}: 'VARCHAR'`).join(", ");
  try {
    await db.run(
      `INSERT INTO ${ident(`stg_${file.table}`)}
       SELECT ${fileId}, NULL, ${stagedColumns(spec, header.fields, (i) => ident(`c${i}`), width)}
       FROM read_csv($path, header = false, skip = ${headerEnd}, auto_detect = false, delim = ${literal(delimiter)},
         quote = '"', escape = '"', strict_mode = true, null_padding = false, encoding = 'utf-8',
         store_rejects = true, rejects_table = ${literal(rejectsTable)}, rejects_scan = ${literal(`${rejectsTable}_scan`)},
         columns = {${columns}})`,
      { path },
    );
  } catch (error) {
    const why = (error as Error).message.split("\n")[0];
    throw new BilingualError(
      `${file.name}: 无法解析为 CSV (${why})。请检查换行符和引号, 或在 Excel 中打开后另存为 “CSV UTF-8”。`,
      `${file.name}: cannot be parsed as CSV (${why}). Check its line ends and quotes, or open it in Excel and save it as "CSV UTF-8".`,
    );
  }

  // Lines DuckDB could not split: one per record, with what is wrong and its first cell (a signature
  // line shorter than the header is not data).
  await db.run(
    `CREATE OR REPLACE TEMP TABLE bad_lines AS
     SELECT DISTINCT ON (line) line AS record, error_type, expected, found, label FROM (
       SELECT e.line, e.error_type,
         TRY_CAST(regexp_extract(e.error_message, 'Expected Number of Columns: ([0-9]+)', 1) AS INTEGER) AS expected,
         TRY_CAST(regexp_extract(e.error_message, 'Found: ([0-9]+)', 1) AS INTEGER) AS found,
         CASE WHEN contains(${literal(LABEL_INITIALS)}, left(ltrim(e.csv_line, ' "'), 1))
              THEN left(regexp_replace(split_part(ltrim(e.csv_line, ' "'), ${literal(delimiter)}, 1), '[\\s"]', '', 'g'), 40) END AS label
       FROM ${ident(rejectsTable)} e) ORDER BY line, found DESC NULLS LAST`,
  );
  await db.run(
    `DROP TABLE IF EXISTS ${ident(rejectsTable)}; DROP TABLE IF EXISTS ${ident(`${rejectsTable}_scan`)}`,
  );
  const bad = await db.rows<{ record: number }>(
    `SELECT record::DOUBLE AS record FROM bad_lines ORDER BY record`,
  );

  // The independent count: records after the header, not empty, as our scan found them.
  const blankAfter = scan.blank.filter((r) => r > headerEnd);
  const blankBefore = scan.blank.length - blankAfter.length;
  const expected = scan.records - (headerEnd - blankBefore) - oversize.length;
  const [range] = await db.rows<{ n: number; first: number | null; last: number | null }>(
    `SELECT count(*)::DOUBLE AS n, min(rowid)::DOUBLE AS first, max(rowid)::DOUBLE AS last
     FROM ${ident(`stg_${file.table}`)} WHERE _file = $f`,
    { f: fileId },
  );
  const stagedCount = Number(range.n);
  if (stagedCount + bad.length !== expected)
    throw countMismatch(file.name, expected, stagedCount, bad.length);
  // Record numbers: each staged record's place in the file, from the row id the insert gave it, skipping
  // the gaps (empty lines, rejected lines, lines too long for DuckDB). An INSERT from one read_csv keeps the
  // file's order and appends one unbroken run of row ids, so the place is the row id's distance from the
  // run's start (WITH ORDINALITY, which numbers the same, makes DuckDB read the file on one thread:
  // docs/decisions.md I15). A run with holes would number wrong and stops the load instead.
  if (stagedCount > 0) {
    if (Number(range.last) - Number(range.first) + 1 !== stagedCount)
      throw new Error(
        `internal: ${file.name} staged ${stagedCount} rows over row ids ${range.first}..${range.last}, not one run`,
      );
    const gaps = [
      ...new Set([...blankAfter, ...bad.map((b) => Number(b.record)), ...oversize.map((o) => o.record)]),
    ].sort((a, b) => a - b);
    const place = `(rowid - ${Number(range.first)})`;
    const g = gaps.map((line, j) => line - (headerEnd + 1) - j);
    await db.run(
      `UPDATE ${ident(`stg_${file.table}`)} SET _row = ${place} + ${headerEnd + 1}${
        gaps.length ? ` + (SELECT count(*) FROM unnest($g::BIGINT[]) AS t(g) WHERE g <= ${place})` : ""
      } WHERE _file = $file_id`,
      gaps.length ? { g: `[${g.join(",")}]`, file_id: fileId } : { file_id: fileId },
    );
  }

  // A rejected record spanning several lines (a quote left open) counts as every line it swallowed.
  const multi = new Map(scan.multiLine.map((m) => [m.record, m]));
  if (scan.unclosed) multi.set(scan.unclosed.record, scan.unclosed);
  const swallowing = bad.map((b) => multi.get(Number(b.record))).filter((m) => m && m.lines > 1) as {
    record: number;
    line: number;
    lines: number;
  }[];
  const shifts = swallowing.map((m) => ({ at: m.record, extra: m.lines - 1 }));
  const rowOf = (record: number) =>
    record - offset + shifts.filter((s) => s.at < record).reduce((a, s) => a + s.extra, 0);
  if (offset || shifts.length)
    await db.run(
      `UPDATE ${ident(`stg_${file.table}`)} SET _row = _row - ${offset} +
         coalesce((SELECT sum(s.extra) FROM (SELECT unnest($at::BIGINT[]) AS at, unnest($extra::BIGINT[]) AS extra) s WHERE s.at < _row), 0)
       WHERE _file = $file_id`,
      {
        at: `[${shifts.map((s) => s.at).join(",")}]`,
        extra: `[${shifts.map((s) => s.extra).join(",")}]`,
        file_id: fileId,
      },
    );

  // Rejects for the lines, in the rows the user sees, each with its first cell (a signature line shorter
  // than the header is not data; classifyRows decides).
  const lineRows: unknown[] = [];
  const badInfo = await db.rows<{
    record: number;
    error_type: string;
    expected: number | null;
    found: number | null;
    label: string | null;
  }>(`SELECT record::DOUBLE AS record, error_type, expected, found, label FROM bad_lines ORDER BY record`);
  for (const b of badInfo) {
    const record = Number(b.record);
    const swallowed = multi.get(record);
    const spans = swallowed && swallowed.lines > 1 ? swallowed : null;
    const row = rowOf(record);
    const reason = lineReason(
      b.error_type,
      b.expected ?? width,
      b.found,
      spans,
      scan.unclosed?.record === record,
    );
    lineRows.push({ row, field: null, ...reason, label: spans ? null : b.label });
    if (spans)
      for (let k = 1; k < spans.lines; k++)
        lineRows.push({
          row: row + k,
          field: null,
          code: "csv_swallowed",
          zh: `这一行被第 ${row} 行未闭合的引号并入了那一行, 没有单独读取; 更正第 ${row} 行的引号后会重新读取`,
          en: `this line was swallowed into row ${row} by its unclosed quote and was not read on its own; fix the quote on row ${row} and it will be read`,
          label: null,
        });
  }
  for (const o of oversize) {
    const field = o.field >= 0 ? ([...header.fields].find(([, i]) => i === o.field)?.[0] ?? null) : null;
    lineRows.push({
      row: rowOf(o.record),
      field,
      label: null,
      ...(o.kind === "row"
        ? {
            code: "row_too_long",
            zh: `本行有 ${mb(o.size)}, 超过每行 ${mb(limits.rowBytes)} 的上限, 未读取; 请检查是否有多余的内容或引号把多行连在一起`,
            en: `this row is ${mb(o.size)}, over the limit of ${mb(limits.rowBytes)} a row, and was not read; check for stray content or quotes joining many lines`,
          }
        : {
            code: "cell_too_long",
            zh: `第 ${o.field + 1} 列有 ${o.size.toLocaleString("en-US")} 个字符, 超过 Excel 单元格 ${limits.cellChars.toLocaleString("en-US")} 个字符的上限, 本行未读取`,
            en: `column ${o.field + 1} holds ${o.size.toLocaleString("en-US")} characters, over Excel's limit of ${limits.cellChars.toLocaleString("en-US")} a cell; the row was not read`,
          }),
    });
  }
  if (lineRows.length)
    await db.run(
      `INSERT INTO line_rejects SELECT row, field, code, zh, en, label FROM (SELECT unnest(from_json($rows, '[{"row":"BIGINT","field":"VARCHAR","code":"VARCHAR","zh":"VARCHAR","en":"VARCHAR","label":"VARCHAR"}]'), recursive := true))`,
      { rows: JSON.stringify(lineRows) },
    );
  return {
    format: "csv",
    encoding,
    delimiter,
    sheet: null,
    blankRows: blankAfter.length,
    extras: header.extras,
    headerRows: [header.first + 1, header.last + 1],
    columns: header.columns,
    skippedSheets: [],
    notes: [],
  };
}

function mb(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(1)} MB`;
}

/** The delimiter whose split of the first records shows the header (Excel's sep= line decides when present). */
function findDelimitedHeader(
  spec: TableSpec,
  text: string,
  sep: string | null,
  file: string,
  custom: ColumnMap[string] | undefined,
  whole: boolean,
): { delimiter: string; header: HeaderMatch } {
  const firstLine = text.split(/\r\n|\r|\n/, 1)[0] ?? "";
  const candidates = sep
    ? [sep]
    : [...DELIMITERS].sort((a, b) => fieldsOf(firstLine, b) - fieldsOf(firstLine, a));
  let first: unknown = null;
  for (const delimiter of candidates) {
    const rows = parseRecords(text, delimiter, LIMITS.headerSearchRows, whole);
    try {
      return { delimiter, header: findHeader(spec, rows, file, custom) };
    } catch (error) {
      first ??= error;
    }
  }
  throw first;
}

function fieldsOf(line: string, delimiter: string): number {
  let count = 0;
  let quoted = false;
  for (const ch of line) {
    if (ch === '"') quoted = !quoted;
    else if (ch === delimiter && !quoted) count++;
  }
  return count;
}

function lineReason(
  type: string,
  expected: number,
  found: number | null,
  swallowed: { line: number; lines: number } | null,
  atEnd: boolean,
): { code: string; zh: string; en: string } {
  if (swallowed)
    return {
      code: "csv_unclosed_quote",
      zh: `引号未闭合: 从本行起${atEnd ? "到文件末尾" : ""}的 ${swallowed.lines} 行 (文件第 ${swallowed.line}-${swallowed.line + swallowed.lines - 1} 行) 被当成了一个值; 请检查本行的双引号`,
      en: `a quote is not closed: the ${swallowed.lines} lines from this one${atEnd ? " to the end of the file" : ""} (lines ${swallowed.line}-${swallowed.line + swallowed.lines - 1} of the file) were read as one value; check the double quotes on this row`,
    };
  switch (type) {
    case "MISSING COLUMNS":
      return {
        code: "csv_missing_columns",
        zh: `本行有 ${found ?? "?"} 列, 表头有 ${expected} 列; 请检查缺少的分隔符或未闭合的引号`,
        en: `this line has ${found ?? "?"} fields, the header has ${expected}; check for a missing delimiter or an unclosed quote`,
      };
    case "TOO MANY COLUMNS":
      return {
        code: "csv_too_many_columns",
        zh: `本行有 ${found ?? "?"} 列, 表头只有 ${expected} 列; 含分隔符的内容请加双引号`,
        en: `this line has ${found ?? "?"} fields, the header has ${expected}; quote values that contain the delimiter`,
      };
    case "UNQUOTED VALUE":
      return {
        code: "csv_unquoted",
        zh: "引号未闭合或引号后还有字符; 请检查本行的双引号",
        en: "a quote is not closed or is followed by other characters; check the double quotes on this line",
      };
    case "INVALID ENCODING":
    case "INVALID UNICODE":
      return {
        code: "csv_encoding",
        zh: "本行含无法识别的字符编码",
        en: "this line holds bytes that are not valid text in the file's encoding",
      };
    default:
      return { code: "csv_malformed", zh: "本行格式无法解析", en: "this line cannot be parsed" };
  }
}

function countMismatch(file: string, expected: number, staged: number, rejected: number): BilingualError {
  return new BilingualError(
    `${file}: 行数核对失败: 文件中有 ${expected} 个数据行, 读取器只给出 ${staged} 行加 ${rejected} 个无法解析的行。为免丢行, 停止导入。请在 Excel 中打开该文件另存为 “CSV UTF-8” 后重试, 若仍失败请报告。`,
    `${file}: row count check failed: the file holds ${expected} data rows, the reader gave ${staged} rows and ${rejected} unparsable lines. The load stops rather than lose rows. Open the file in Excel and save it as "CSV UTF-8", and report it if it fails again.`,
  );
}

function unknownEncoding(name: string): BilingualError {
  return new BilingualError(
    `${name}: 无法识别文件编码 (不是 UTF-8 也不是 GBK/GB18030 文本, 可能是二进制文件或无 BOM 的 UTF-16)。请用 Excel “另存为 CSV UTF-8” 或 “CSV (逗号分隔)”。`,
    `${name}: unknown encoding (neither UTF-8 nor GBK/GB18030 text; binary, or UTF-16 without a BOM). In Excel use "Save as CSV UTF-8" or "CSV (comma delimited)".`,
  );
}

// ------------------------------------------------------------------------------------------- sheets

async function stageSheet(
  db: Warehouse,
  file: SourceFile,
  fileId: number,
  kind: "xlsx" | "html",
  options: StageOptions,
): Promise<Staged> {
  const spec = tableSpec(file.table);
  const path = join(options.workDir, `source-${fileId}.csv`);
  const sink = await openSink(path, { file: file.name, needBytes: (await stat(file.path)).size * 4 });
  let info: StagedSheet;
  try {
    const convert = kind === "xlsx" ? workbookToStaging : htmlToStaging;
    info = await convert(file.path, file.name, spec, sink, {
      custom: options.columns[file.table],
      limits: options.limits,
    });
  } finally {
    await sink.close();
  }
  const rejectsTable = `rej_${fileId}`;
  const columns = [
    `'__row': 'BIGINT'`,
    `'__issues': 'VARCHAR'`,
    `'__label': 'VARCHAR'`,
    ...info.fields.map((f) => `${literal(f)}: 'VARCHAR'`),
  ].join(", ");
  const present = new Map(info.fields.map((f, i) => [f, i]));
  await db.run(
    `INSERT INTO ${ident(`stg_${file.table}`)}
     SELECT ${fileId}, __row, false, nullif(__issues, ''), nullif(__label, ''),
       ${spec.fields.map((f) => (present.has(f.name) ? ident(f.name) : "NULL::VARCHAR")).join(", ")}
     FROM read_csv($path, header = true, auto_detect = false, delim = ',', quote = '"', escape = '"',
       strict_mode = true, encoding = 'utf-8', store_rejects = true,
       rejects_table = ${literal(rejectsTable)}, rejects_scan = ${literal(`${rejectsTable}_scan`)},
       columns = {${columns}})`,
    { path },
  );
  const rejected = Number(await db.value(`SELECT count(DISTINCT line)::DOUBLE FROM ${ident(rejectsTable)}`));
  await db.run(
    `DROP TABLE IF EXISTS ${ident(rejectsTable)}; DROP TABLE IF EXISTS ${ident(`${rejectsTable}_scan`)}`,
  );
  const stagedCount = Number(
    await db.value(`SELECT count(*)::DOUBLE FROM ${ident(`stg_${file.table}`)} WHERE _file = $f`, {
      f: fileId,
    }),
  );
  // Our converter wrote every line itself; DuckDB must give every one back.
  if (stagedCount !== info.rows || rejected > 0)
    throw countMismatch(file.name, info.rows, stagedCount, rejected);
  const notes: Note[] = [];
  if (info.filledCells) notes.push({ kind: "merged_fill", field: null, count: info.filledCells });
  if (info.dates1904) notes.push({ kind: "date_1904", field: null, count: info.dates1904 });
  if (info.roundedNumbers) notes.push({ kind: "number_15_digits", field: null, count: info.roundedNumbers });
  const warnings: string[] = [];
  for (const s of info.skipped) {
    if (s.reason === "also_matches")
      warnings.push(
        `工作表“${maskIdsIn(s.sheet)}”也含本表的表头, 未读取 (每个文件只读一个工作表) / the sheet "${maskIdsIn(s.sheet)}" also has this table's header and was not read (one sheet per file is read)`,
      );
  }
  return {
    format: kind,
    encoding: info.encoding,
    delimiter: null,
    sheet: info.sheet,
    blankRows: info.blankRows,
    extras: info.header.extras,
    headerRows: info.headerRows,
    columns: info.header.columns,
    skippedSheets: info.skipped,
    notes,
    warnings,
  };
}

// ------------------------------------------------------------------------------------------- parquet

async function stageParquet(
  db: Warehouse,
  file: SourceFile,
  fileId: number,
  options: StageOptions,
): Promise<Staged> {
  let names: string[];
  let expected: number;
  try {
    const described = await db.rows<{ column_name: string }>(`DESCRIBE SELECT * FROM read_parquet($path)`, {
      path: file.path,
    });
    names = described.map((d) => d.column_name);
    expected = Number(
      await db.value(`SELECT sum(num_rows)::DOUBLE FROM parquet_file_metadata($path)`, { path: file.path }),
    );
  } catch (error) {
    throw parquetError(file, error);
  }
  const spec = tableSpec(file.table);
  const mapping = mapHeader(spec, names, file.name, options.columns[file.table]);
  try {
    await db.run(
      `INSERT INTO ${ident(`stg_${file.table}`)}
       SELECT ${fileId}, file_row_number + 1,
         ${stagedColumns(spec, mapping.fields, (i) => `CAST(${ident(names[i])} AS VARCHAR)`, 0)}
       FROM read_parquet($path, file_row_number = true)`,
      { path: file.path },
    );
  } catch (error) {
    // A readable footer with damaged data pages fails only here.
    throw parquetError(file, error);
  }
  const staged = Number(
    await db.value(`SELECT count(*)::DOUBLE FROM ${ident(`stg_${file.table}`)} WHERE _file = $f`, {
      f: fileId,
    }),
  );
  if (staged !== expected) throw countMismatch(file.name, expected, staged, 0);
  return {
    format: "parquet",
    encoding: null,
    delimiter: null,
    sheet: null,
    blankRows: 0,
    extras: mapping.extras,
    headerRows: null,
    columns: mapping.columns,
    skippedSheets: [],
    notes: [],
  };
}

function parquetError(file: SourceFile, error: unknown): BilingualError {
  return new BilingualError(
    `${file.name}: 无法读取 Parquet 文件 (${(error as Error).message})。请重新导出。`,
    `${file.name}: the Parquet file cannot be read (${(error as Error).message}). Export it again.`,
  );
}

// ------------------------------------------------------------------------------------------- rows

/**
 * The staged columns of a text file: the blank flag, the reader's issues (none for text), the first cell
 * of a row whose key fields are empty or start like a totals or signature word (among the first ten
 * columns), then every field of the table in order (absent optional fields NULL). DuckDB reads an empty
 * field as NULL, so the blank test is cheap; a row of spaces only is data, rejected for its empty fields.
 */
function stagedColumns(
  spec: TableSpec,
  fields: Map<string, number>,
  column: (index: number) => string,
  width: number,
): string {
  const present = spec.fields.filter((f) => fields.has(f.name)).map((f) => column(fields.get(f.name)!));
  const blank = present.length
    ? `NOT (${present.map((c) => `coalesce(${c}, '') <> ''`).join(" OR ")})`
    : "true";
  const keys = spec.key.filter((k) => fields.has(k)).map((k) => column(fields.get(k)!));
  const first = Array.from({ length: Math.min(width, 10) }, (_, i) => `nullif(trim(${column(i)}), '')`);
  const label =
    width > 0
      ? `CASE WHEN ${keys.length ? keys.map((k) => `(${k} IS NULL OR contains(${literal(LABEL_INITIALS)}, left(trim(${k}), 1)))`).join(" AND ") : "true"}
          THEN left(regexp_replace(coalesce(${first.join(", ")}), '\\s', '', 'g'), 40) END`
      : "NULL::VARCHAR";
  const values = spec.fields.map((f: FieldSpec) => {
    const index = fields.get(f.name);
    return index === undefined ? "NULL::VARCHAR" : column(index);
  });
  return [blank, "NULL::VARCHAR", label, ...values].join(", ");
}

/**
 * Rows of a staged file that are not data (docs/decisions.md I17): totals rows (合计, 总计, 小计 ...: the
 * first cell is the word and no text field holds anything else) and, below the last data row, signature
 * rows (填表人, 审核人 ...). They are taken out of the staging table and reported; a 合计/总计 row is the
 * file's control total and is checked against the sum of the rows.
 */
async function classifyRows(db: Warehouse, staged: StagedFile): Promise<void> {
  const spec = tableSpec(staged.table);
  const stg = ident(`stg_${staged.table}`);
  const candidates = Number(
    await db.value(
      `SELECT (SELECT count(*) FROM ${stg} WHERE _file = $f AND _label IS NOT NULL)
            + (SELECT count(*) FROM line_rejects WHERE label IS NOT NULL)`,
      { f: staged.fileId },
    ),
  );
  if (candidates === 0) {
    await db.run(`CREATE OR REPLACE TEMP TABLE not_data_rows (_row BIGINT, kind VARCHAR, word VARCHAR)`);
    return;
  }
  const textFields = spec.fields.filter((f) => !NUMERIC_KINDS.has(f.kind)).map((f) => f.name);
  const moneyFields = spec.fields.filter((f) => f.kind === "money").map((f) => f.name);
  const params = {
    table_name: staged.table,
    file_id: staged.fileId,
    text_fields: textFields.join(","),
    money_fields: moneyFields.join(","),
  };
  await db.run(sqlText("stage/not_data"), params);
  if (moneyFields.length) await db.run(sqlText("stage/control_totals"), params);
  const rows = await db.rows<{ row: number; kind: "total" | "footer"; word: string }>(
    `SELECT _row::DOUBLE AS row, kind, word FROM not_data_rows ORDER BY _row`,
  );
  staged.notData = rows.map((r) => ({ row: Number(r.row), kind: r.kind, word: r.word }));
  staged.controlTotals = (
    await db.rows<ControlTotal>(
      `SELECT _row::DOUBLE AS row, field, stated, sum, difference, unread::DOUBLE AS unread, agrees FROM control_totals ORDER BY _row, field`,
    )
  ).map((c) => ({ ...c, row: Number(c.row), unread: Number(c.unread) }));
  if (rows.length)
    await db.run(`DELETE FROM ${stg} WHERE _file = $f AND _row IN (SELECT _row FROM not_data_rows)`, {
      f: staged.fileId,
    });
  for (const c of staged.controlTotals)
    if (!c.agrees)
      staged.warnings.push(
        `第 ${c.row} 行的合计 ${c.field} 为 ${c.stated ?? "(无法读取)"}, 各行之和为 ${c.sum}${c.difference ? `, 相差 ${c.difference}` : ""}${c.unread ? `; 另有 ${c.unread} 行的金额无法读取, 未计入` : ""}; 请核对 / the total on row ${c.row} states ${c.field} ${c.stated ?? "(unreadable)"}, the rows sum to ${c.sum}${c.difference ? `, a difference of ${c.difference}` : ""}${c.unread ? `; ${c.unread} rows' amounts could not be read and are not in the sum` : ""}; check it`,
      );
}

const NUMERIC_KINDS = new Set(["money", "decimal", "integer"]);
