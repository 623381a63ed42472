/**
 * Staging: every file of a table is appended to one temporary table `stg_<table>` of text columns named
 * after the contract's fields, each row numbered as the user sees it (spreadsheet row, header = 1), with a
 * flag for blank rows. Nothing is judged here but whether the file can be read at all; the rules are the
 * validation queries' job. Rows go straight from DuckDB's reader into the one table (numbered by WITH
 * ORDINALITY), so a table of many files is copied once and validated with every core.
 */
import { stat } from "node:fs/promises";
import { join, extname } from "node:path";
import { tableSpec, type SourceTable } from "./contract.ts";
import { BilingualError } from "./errors.ts";
import { mapHeader, type HeaderMapping } from "./sources/headers.ts";
import { normalizeLineEnds, readHeader, transcodeToUtf8 } from "./sources/delimited.ts";
import { blankLineNumbers, inspectText, readHead, sniffFormat, type FileFormat } from "./sources/sniff.ts";
import { workbookToCsv } from "./sources/workbook.ts";
import type { SourceFile } from "./sources/discover.ts";
import { ident, literal } from "./sql.ts";
import type { Warehouse } from "./warehouse.ts";

export interface StagedFile {
  fileId: number;
  table: SourceTable;
  name: string;
  format: "csv" | "xlsx" | "parquet";
  encoding: string | null;
  delimiter: string | null;
  sheet: string | null;
  bytes: number;
  /** Data rows staged: not blank rows, not lines DuckDB could not parse (set by finishStaging). */
  stagedRows: number;
  /** Lines DuckDB could not split into the header's columns (already written to rejects). */
  parseRejects: number;
  /** Blank rows (set by finishStaging, with empty lines found while reading). */
  blankRows: number;
  extras: string[];
  warnings: string[];
}

/** Creates the empty staging tables of every source table. */
export async function createStagingTables(db: Warehouse, tables: readonly SourceTable[]): Promise<void> {
  for (const table of tables) {
    const columns = tableSpec(table)
      .fields.map((f) => `${ident(f.name)} VARCHAR`)
      .join(", ");
    await db.run(
      `CREATE OR REPLACE TEMP TABLE ${ident(`stg_${table}`)} (_file USMALLINT, _row BIGINT, _blank BOOLEAN, ${columns})`,
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

const EXPECTED_EXTENSION: Record<string, FileFormat> = {
  ".csv": "csv",
  ".txt": "csv",
  ".tsv": "csv",
  ".xlsx": "xlsx",
  ".parquet": "parquet",
};

/** Reads one source file into a temporary table `raw_<fileId>`; throws BilingualError if it cannot be read. */
export async function stageFile(
  db: Warehouse,
  file: SourceFile,
  fileId: number,
  workDir: string,
): Promise<StagedFile> {
  const bytes = (await stat(file.path)).size;
  const format = sniffFormat(await readHead(file.path, 4096));
  const warnings: string[] = [];
  const expected = EXPECTED_EXTENSION[extname(file.name).toLowerCase()];
  if (format === "empty")
    throw new BilingualError(
      `${file.name}: 文件为空 (0 字节)。请重新导出, 至少包含表头行。`,
      `${file.name}: the file is empty (0 bytes). Export it again with at least the header row.`,
    );
  if (format === "encrypted")
    throw new BilingualError(
      `${file.name}: 工作簿设有密码保护, 无法读取。请在 Excel 中取消密码后另存为 .xlsx。`,
      `${file.name}: the workbook is password-protected and cannot be read. Remove the password in Excel and save it as .xlsx.`,
    );
  if (format === "xls")
    throw new BilingualError(
      `${file.name}: 这是旧版 Excel 97-2003 (.xls) 文件。请在 Excel 中另存为 .xlsx 或 CSV。`,
      `${file.name}: this is a legacy Excel 97-2003 (.xls) file. Save it as .xlsx or CSV in Excel.`,
    );
  if (expected && expected !== format)
    warnings.push(
      `扩展名为 ${extname(file.name)} 但内容是 ${format.toUpperCase()}, 已按内容读取 / named ${extname(file.name)} but holds ${format.toUpperCase()}; read as ${format.toUpperCase()}`,
    );
  const base = { fileId, table: file.table, name: file.name, bytes, warnings, stagedRows: 0 };
  if (format === "xlsx") return { ...base, ...(await stageWorkbook(db, file, fileId, workDir)) };
  if (format === "parquet") return { ...base, ...(await stageParquet(db, file, fileId)) };
  return { ...base, ...(await stageDelimited(db, file, fileId, workDir)) };
}

type Staged = Omit<StagedFile, "fileId" | "table" | "name" | "bytes" | "warnings" | "stagedRows">;

async function stageDelimited(
  db: Warehouse,
  file: SourceFile,
  fileId: number,
  workDir: string,
): Promise<Staged> {
  const inspection = await inspectText(file.path);
  if (inspection.encoding === null)
    throw new BilingualError(
      `${file.name}: 无法识别文件编码 (不是 UTF-8 也不是 GBK/GB18030 文本, 可能是二进制文件或无 BOM 的 UTF-16)。请用 Excel “另存为 CSV UTF-8” 或 “CSV (逗号分隔)”。`,
      `${file.name}: unknown encoding (neither UTF-8 nor GBK/GB18030 text; binary, or UTF-16 without a BOM). In Excel use "Save as CSV UTF-8" or "CSV (comma delimited)".`,
    );
  let path = file.path;
  if (inspection.encoding !== "utf-8" && inspection.encoding !== "utf-8-bom") {
    path = join(workDir, `source-${fileId}.csv`);
    await transcodeToUtf8(file.path, path, inspection.encoding);
  }
  const header = await readHeader(path);
  const spec = tableSpec(file.table);
  const mapping = mapHeader(spec, header.columns, file.name);
  const rejectsTable = `rej_${fileId}`;
  const columns = header.columns.map((_, i) => `${literal(`c${i}`)}: 'VARCHAR'`).join(", ");
  const read = (source: string) =>
    db.run(
      `INSERT INTO ${ident(`stg_${file.table}`)}
       SELECT ${fileId}, ordinality + 1, ${stagedColumns(spec.fields, mapping, (i) => ident(`c${i}`))}
       FROM read_csv($path, header = true, auto_detect = false, delim = ${literal(header.delimiter)},
         quote = '"', escape = '"', strict_mode = true, null_padding = false, encoding = 'utf-8',
         store_rejects = true, rejects_table = ${literal(rejectsTable)}, rejects_scan = ${literal(`${rejectsTable}_scan`)},
         columns = {${columns}}) WITH ORDINALITY`,
      { path: source },
    );
  let maybeBlank = inspection.maybeBlankLines;
  try {
    await read(path);
  } catch {
    // DuckDB keeps the line-end style of the first line and stops at another one (CRLF and LF mixed, as
    // when exports are joined; CR CR LF): read a copy whose lines all end in LF. A failed statement
    // inserted nothing.
    await db.run(
      `DROP TABLE IF EXISTS ${ident(rejectsTable)}; DROP TABLE IF EXISTS ${ident(`${rejectsTable}_scan`)}`,
    );
    const copy = join(workDir, `lf-${fileId}.csv`);
    await normalizeLineEnds(path, copy);
    path = copy;
    maybeBlank = true;
    try {
      await read(path);
    } catch (error) {
      const why = (error as Error).message.split("\n")[0];
      throw new BilingualError(
        `${file.name}: 无法解析为 CSV (${why})。请检查换行符和引号, 或在 Excel 中打开后另存为 “CSV UTF-8”。`,
        `${file.name}: cannot be parsed as CSV (${why}). Check its line ends and quotes, or open it in Excel and save it as "CSV UTF-8".`,
      );
    }
  }
  const blank = maybeBlank ? await blankLineNumbers(path, header.delimiter) : [];
  const parseRejects = await insertParseRejects(db, file.table, fileId, rejectsTable, "line");
  await renumberAfterGaps(db, file.table, fileId, blank);
  return {
    format: "csv",
    encoding: inspection.encoding,
    delimiter: header.delimiter,
    sheet: null,
    parseRejects,
    blankRows: blank.length,
    extras: mapping.extras,
  };
}

/**
 * Lines that are not staged rows (empty lines, lines DuckDB rejected) shift the row numbers after them:
 * the k-th staged row sits on line k + 1 + (gaps before it). Only files with such lines pay for this.
 */
async function renumberAfterGaps(
  db: Warehouse,
  table: SourceTable,
  fileId: number,
  blank: number[],
): Promise<void> {
  const lines = await db.rows<{ line: number }>(
    `SELECT DISTINCT line FROM (
       SELECT unnest($blank::BIGINT[]) AS line
       UNION ALL SELECT row FROM rejects WHERE file_id = $file_id AND reason_code LIKE 'csv_%')
     ORDER BY line`,
    { blank: `[${blank.join(",")}]`, file_id: fileId },
  );
  if (lines.length === 0) return;
  // g_j: how many staged rows come before the j-th gap line.
  const g = lines.map((l, j) => Number(l.line) - 2 - j);
  await db.run(
    `UPDATE ${ident(`stg_${table}`)} SET _row = _row + (SELECT count(*) FROM unnest($g::BIGINT[]) AS t(g) WHERE g <= _row - 2)
     WHERE _file = $file_id`,
    { g: `[${g.join(",")}]`, file_id: fileId },
  );
}

async function stageWorkbook(
  db: Warehouse,
  file: SourceFile,
  fileId: number,
  workDir: string,
): Promise<Staged> {
  const path = join(workDir, `source-${fileId}.csv`);
  let info;
  try {
    info = await workbookToCsv(file.path, path);
  } catch (error) {
    throw new BilingualError(
      `${file.name}: 无法读取工作簿 (${(error as Error).message})。文件可能已损坏; 请在 Excel 中打开并另存为 .xlsx 或 CSV。`,
      `${file.name}: the workbook cannot be read (${(error as Error).message}). It may be damaged; open it in Excel and save it as .xlsx or CSV.`,
    );
  }
  if (info.columns.length === 0) throw emptyWorkbook(file, info.sheet);
  const spec = tableSpec(file.table);
  const mapping = mapHeader(spec, info.columns, file.name);
  const rejectsTable = `rej_${fileId}`;
  const columns = [`'__row': 'BIGINT'`, ...info.columns.map((_, i) => `${literal(`c${i}`)}: 'VARCHAR'`)].join(
    ", ",
  );
  await db.run(
    `INSERT INTO ${ident(`stg_${file.table}`)}
     SELECT ${fileId}, __row, ${stagedColumns(spec.fields, mapping, (i) => ident(`c${i}`))}
     FROM read_csv($path, header = true, auto_detect = false, delim = ',', quote = '"', escape = '"',
       strict_mode = true, encoding = 'utf-8', store_rejects = true,
       rejects_table = ${literal(rejectsTable)}, rejects_scan = ${literal(`${rejectsTable}_scan`)},
       columns = {${columns}})`,
    { path },
  );
  const parseRejects = await insertParseRejects(db, file.table, fileId, rejectsTable, "sheet_row");
  return {
    format: "xlsx",
    encoding: null,
    delimiter: null,
    sheet: info.sheet,
    parseRejects,
    blankRows: info.blankRows,
    extras: mapping.extras,
  };
}

async function stageParquet(db: Warehouse, file: SourceFile, fileId: number): Promise<Staged> {
  let names: string[];
  try {
    const described = await db.rows<{ column_name: string }>(`DESCRIBE SELECT * FROM read_parquet($path)`, {
      path: file.path,
    });
    names = described.map((d) => d.column_name);
  } catch (error) {
    throw parquetError(file, error);
  }
  const spec = tableSpec(file.table);
  const mapping = mapHeader(spec, names, file.name);
  try {
    await db.run(
      `INSERT INTO ${ident(`stg_${file.table}`)}
       SELECT ${fileId}, file_row_number + 1,
         ${stagedColumns(spec.fields, mapping, (i) => `CAST(${ident(names[i])} AS VARCHAR)`)}
       FROM read_parquet($path, file_row_number = true)`,
      { path: file.path },
    );
  } catch (error) {
    // A readable footer with damaged data pages fails only here.
    throw parquetError(file, error);
  }
  return {
    format: "parquet",
    encoding: null,
    delimiter: null,
    sheet: null,
    parseRejects: 0,
    blankRows: 0,
    extras: mapping.extras,
  };
}

function parquetError(file: SourceFile, error: unknown): BilingualError {
  return new BilingualError(
    `${file.name}: 无法读取 Parquet 文件 (${(error as Error).message})。请重新导出。`,
    `${file.name}: the Parquet file cannot be read (${(error as Error).message}). Export it again.`,
  );
}

// Only the first sheet is read (DOMAIN section 1); say so when it is empty, as the data is then usually on
// another sheet.
function emptyWorkbook(file: SourceFile, sheet: string): BilingualError {
  if (sheet === "")
    return new BilingualError(
      `${file.name}: 不是 Excel 工作簿 (其中没有工作表)。请在 Excel 中另存为 .xlsx 或 CSV。`,
      `${file.name}: not an Excel workbook (it holds no worksheet). Save it as .xlsx or CSV in Excel.`,
    );
  return new BilingualError(
    `${file.name}: 第一个工作表“${sheet}”是空的, 没有表头行。只读取第一个工作表: 请把数据移到第一个工作表, 或删除它前面的空工作表。`,
    `${file.name}: the first sheet "${sheet}" is empty, with no header row. Only the first sheet is read: move the data to the first sheet or delete the empty sheets before it.`,
  );
}

/**
 * The staged columns of a file: the blank flag, then every field of the table in order (absent optional
 * fields NULL). DuckDB reads an empty field as NULL, so the blank test is cheap; a row of spaces only is
 * data, and is rejected for its empty fields.
 */
function stagedColumns(
  fields: ReturnType<typeof tableSpec>["fields"],
  mapping: HeaderMapping,
  column: (index: number) => string,
): string {
  const present = fields
    .filter((f) => mapping.fields.has(f.name))
    .map((f) => column(mapping.fields.get(f.name)!));
  const blank = present.length
    ? `NOT (${present.map((c) => `coalesce(${c}, '') <> ''`).join(" OR ")})`
    : "true";
  const values = fields.map((f) => {
    const index = mapping.fields.get(f.name);
    return index === undefined ? "NULL::VARCHAR" : column(index);
  });
  return [blank, ...values].join(", ");
}

/** Moves the lines DuckDB could not parse into rejects; returns how many lines. */
async function insertParseRejects(
  db: Warehouse,
  table: SourceTable,
  fileId: number,
  rejectsTable: string,
  rowFrom: "line" | "sheet_row",
): Promise<number> {
  const row =
    rowFrom === "line"
      ? "e.line"
      : "coalesce(TRY_CAST(regexp_extract(e.csv_line, '^\\s*([0-9]+),', 1) AS BIGINT), e.line)";
  await db.run(
    `INSERT INTO rejects
     SELECT $table, $file_id, row, NULL, value, code, reason.zh, reason.en FROM (
       SELECT DISTINCT ON (${row}) ${row} AS row,
         left(e.csv_line, 300) AS value,
         CASE e.error_type WHEN 'MISSING COLUMNS' THEN 'csv_missing_columns'
                           WHEN 'TOO MANY COLUMNS' THEN 'csv_too_many_columns'
                           WHEN 'UNQUOTED VALUE' THEN 'csv_unquoted'
                           WHEN 'LINE SIZE OVER MAXIMUM' THEN 'csv_line_too_long'
                           WHEN 'INVALID ENCODING' THEN 'csv_encoding'
                           WHEN 'INVALID UNICODE' THEN 'csv_encoding'
                           ELSE 'csv_malformed' END AS code
       FROM ${ident(rejectsTable)} e ORDER BY row, e.column_idx
     ) JOIN reasons reason USING (code)`,
    { table, file_id: fileId },
  );
  const count = Number(await db.value(`SELECT count(DISTINCT line)::DOUBLE FROM ${ident(rejectsTable)}`));
  await db.run(
    `DROP TABLE IF EXISTS ${ident(rejectsTable)}; DROP TABLE IF EXISTS ${ident(`${rejectsTable}_scan`)}`,
  );
  return count;
}
