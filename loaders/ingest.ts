/**
 * Ingest: a data directory into a warehouse. Files are staged as text, every rule of docs/data.md is
 * checked in SQL, good rows are loaded typed, bad rows go to `rejects` with a bilingual reason, and the
 * load report accounts for every row read.
 */
import { rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { mapValue, type DuckDBValue } from "@duckdb/node-api";
import {
  LOAD_ORDER,
  OPTIONAL_TABLES,
  RECTIFICATIONS,
  TABLES,
  tableSpec,
  normalizeLabel,
  SEEN_KEYS,
  type FieldSpec,
  type SourceTable,
} from "./contract.ts";
import { gbCounties } from "./divisions.ts";
import { BilingualError } from "./errors.ts";
import { readPolicyFile, resolvePolicies } from "./policy.ts";
import type { FileReport, LoadReport, TableReport } from "./report.ts";
import { readColumnMap } from "./sources/columns.ts";
import { discoverSources } from "./sources/discover.ts";
import type { Limits } from "./sources/limits.ts";
import { diskError } from "./sources/tempFiles.ts";
import { createStagingTables, finishStaging, stageFile, type StagedFile } from "./stage.ts";
import type { SourceFile } from "./sources/discover.ts";
import { REFRESH_TABLES, type RefreshCache } from "./refresh.ts";
import { ident, sqlText } from "./sql.ts";
import { buildWarehouse, makeWorkDir, type Warehouse, type WarehouseOptions } from "./warehouse.ts";

export interface IngestOptions {
  /** The day of the load (YYYY-MM-DD): later dates are rejected as future. Default today. */
  today?: string;
  /** Called as files are read and tables validated, for a progress bar. */
  onProgress?: (step: string, done: number, total: number) => void;
  warehouse?: WarehouseOptions;
  /** Input bytes read and checked together (default 256 MB): bounds memory on large tables. */
  chunkBytes?: number;
  /** Where converted copies of files are written while staging (default the warehouse's temporary folder, XIANBAO_TEMP_DIR, or the system's). */
  stagingDir?: string;
  /** The bounds on what a file may claim (sources/limits.ts); smaller ones are for tests. */
  limits?: Limits;
  /** The refresh cache of the warehouse file (refresh.ts): unchanged files are reused, not read again. */
  refresh?: RefreshCache;
}

const CHUNK_BYTES = 256 * 2 ** 20;

/** Consecutive groups of files of about `bytes` each (a file larger than that is a group of its own). */
async function chunksOf(files: SourceFile[], bytes: number): Promise<SourceFile[][]> {
  const out: SourceFile[][] = [];
  let current: SourceFile[] = [];
  let size = 0;
  for (const file of files) {
    const fileBytes = (await stat(file.path)).size;
    if (current.length && size + fileBytes > bytes) {
      out.push(current);
      current = [];
      size = 0;
    }
    current.push(file);
    size += fileBytes;
  }
  if (current.length) out.push(current);
  return out;
}

/** Ingests `dataDir` into a new warehouse file at `dbPath`, swapped in only when complete. */
export async function ingest(
  dataDir: string,
  dbPath: string,
  options: IngestOptions = {},
): Promise<LoadReport> {
  const report = await buildWarehouse(dbPath, (db) => ingestInto(db, dataDir, options), options.warehouse);
  // Only a complete load says which entries are still wanted.
  await options.refresh?.prune();
  return report;
}

/** Today's date in local time as YYYY-MM-DD. */
export function loadDay(): string {
  const now = new Date();
  const local = new Date(now.getTime() - now.getTimezoneOffset() * 60000);
  return local.toISOString().slice(0, 10);
}

/** Ingests into an open (empty) warehouse; exported for tests that use an in-memory database. */
export async function ingestInto(
  db: Warehouse,
  dataDir: string,
  options: IngestOptions = {},
): Promise<LoadReport> {
  const started = performance.now();
  const today = options.today ?? loadDay();
  if (!/^\d{4}-\d{2}-\d{2}$/.test(today)) throw new Error(`today must be YYYY-MM-DD, got ${today}`);
  const progress = options.onProgress ?? (() => {});
  const columns = await readColumnMap(dataDir, LOAD_ORDER);
  const discovery = await discoverSources(dataDir, columns);
  const policyFile = await readPolicyFile(dataDir);

  await db.runFile("schema");
  await db.runFile("macros");
  await db.runFile("reasons");
  await createFieldLabels(db);
  await loadGbCounties(db);

  const stagingRoot = options.stagingDir ?? options.warehouse?.tempDir ?? tmpdir();
  const workDir = await makeWorkDir("stage", stagingRoot).catch((error: unknown) => {
    throw diskError(error, join(stagingRoot, "x", "x"), { file: dataDir, needBytes: 0 }, 0);
  });
  const staged: StagedFile[] = [];
  try {
    await db.run(
      `CREATE TEMP TABLE seen_projects (project_id VARCHAR); CREATE TEMP TABLE seen_villages (village_code VARCHAR);
       CREATE TEMP TABLE forms_seen (file_id USMALLINT, field VARCHAR, kind VARCHAR, n BIGINT);
       CREATE TEMP TABLE file_checks (file_id USMALLINT, kind VARCHAR, n BIGINT, of_rows BIGINT, loaded BIGINT)`,
    );
    const order = LOAD_ORDER;
    const params = validationParams(today);
    const total = discovery.files.length;
    let fileId = 0;
    const refresh = options.refresh;
    await refresh?.begin({
      today,
      columns: Object.fromEntries(Object.entries(columns).map(([t, m]) => [t, [...m.entries()]])),
      limits: options.limits ?? null,
    });
    for (const table of order) {
      const files = discovery.files.filter((f) => f.table === table);
      if (files.length === 0) continue;
      const validate = sqlText(`validate/${table}`);
      // Every table's files enter the chain of keys, kept or not: later tables are checked against them.
      const keys = refresh ? await refresh.keysOf(table, files) : [];
      const cache = refresh && REFRESH_TABLES.has(table) ? refresh : null;
      const keyOf = new Map(files.map((f, i) => [f, keys[i]]));
      // Files to read, in order; a kept file's rows go in between, so rows enter in file order as in a full load.
      let pending: SourceFile[] = [];
      const readPending = async () => {
        // A table of many files is read and checked a chunk of files at a time, so that memory stays bounded
        // (the national scale has tens of millions of credits); duplicates are judged once all are loaded.
        for (const chunk of await chunksOf(pending, options.chunkBytes ?? CHUNK_BYTES)) {
          await createStagingTables(db, [table]);
          const chunkStaged: StagedFile[] = [];
          for (const file of chunk) {
            progress(`读取 read ${file.name}`, fileId, total);
            chunkStaged.push(
              await stageFile(db, file, fileId++, { workDir, columns, limits: options.limits }),
            );
          }
          await finishStaging(db, chunkStaged);
          await recordSources(db, chunkStaged);
          staged.push(...chunkStaged);
          progress(`校验 validate ${table}`, fileId, total);
          await db.run(validate, params);
          await db.run(sqlText("validate/collect_rejects"), { table_name: table });
          if (await hasFormColumns(db, table))
            await db.run(sqlText("validate/collect_forms"), { table_name: table });
          const seen = SEEN_KEYS[table];
          if (seen)
            await db.run(
              `INSERT INTO ${ident(seen.table)} SELECT ${ident(seen.column)} FROM ${ident(`chk_${table}`)}`,
            );
          if (cache)
            for (let i = 0; i < chunk.length; i++)
              await cache.keep(db, table, keyOf.get(chunk[i])!, chunkStaged[i]);
          await db.run(`DROP TABLE ${ident(`stg_${table}`)}; DROP TABLE ${ident(`chk_${table}`)}`);
        }
        pending = [];
      };
      for (const file of files) {
        const kept = cache ? await cache.lookup(keyOf.get(file)!) : null;
        if (cache && kept) {
          await readPending();
          const restored = await cache.restore(db, table, keyOf.get(file)!, fileId, kept);
          if (restored) {
            progress(`复用 reuse ${file.name}`, ++fileId, total);
            await recordSources(db, [restored]);
            staged.push(restored);
            continue;
          }
        }
        pending.push(file);
      }
      await readPending();
      const key = tableSpec(table).key;
      if (key.length) {
        await db.run(sqlText("validate/dedupe"), {
          table_name: table === "counties" ? "county_overrides" : table,
          source_table: table,
          keys: key.join(","),
        });
        await db.run(sqlText(`validate/dedupe/${table}`));
      }
      if (table === "counties") await db.run(sqlText("validate/counties_merge"));
    }
    progress("校验完成 validated", total, total);
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }

  await storePolicy(db, policyFile);
  const report = await buildReport(db, staged, dataDir, today, discovery.ignored);
  report.seconds = Math.round((performance.now() - started) / 10) / 100;
  await db.run(`INSERT INTO meta VALUES ('load_report', $report), ('today', $today), ('data_dir', $dir)`, {
    report: JSON.stringify(report),
    today,
    dir: report.data_dir,
  });
  return report;
}

/**
 * The parameters every validation query receives (docs/data.md): `$today`, and for each enumerated field
 * `$<table>_<field>_values`, the map of its accepted spellings to its code. Each query uses those it
 * names; Warehouse.run binds each statement with its own and refuses a name it is not given.
 */
export function validationParams(today: string): Record<string, DuckDBValue> {
  const out: Record<string, DuckDBValue> = { today };
  for (const table of [...TABLES, ...OPTIONAL_TABLES])
    for (const field of table.fields)
      if (field.values)
        out[`${table.name}_${field.name}_values`] = mapValue(
          Object.entries(field.values).map(([key, value]) => ({ key: normalizeLabel(key), value })),
        );
  return out;
}

async function hasFormColumns(db: Warehouse, table: string): Promise<boolean> {
  return (
    Number(
      await db.value(
        `SELECT count(*)::DOUBLE FROM duckdb_columns() WHERE table_name = $t AND starts_with(column_name, 'f_')`,
        { t: `chk_${table}` },
      ),
    ) > 0
  );
}

/** The file-level messages drawn from its rejects and checks: said once for the file, not per row. */
function fileWarnings(
  fileId: number,
  byReason: { f: number; code: string; n: number }[],
  checks: { f: number; kind: string; n: number; of_rows: number; loaded: number }[],
): string[] {
  const out: string[] = [];
  const n = (code: string) => byReason.find((r) => r.f === fileId && r.code === code)?.n ?? 0;
  if (n("stored_as_number"))
    out.push(
      `${n("stored_as_number")} 行的身份证号或编号以数字形式存储, 末尾数字已丢失 (Excel 只保留 15 位有效数字), 这些行已拒绝。请在 Excel 中把这些列设置为“文本”格式, 重新输入或从系统重新导出 / ${n("stored_as_number")} rows hold an ID or code stored as a number, its last digits lost (Excel keeps 15 significant digits); they were rejected. Format those columns as text in Excel and type or export them again`,
    );
  if (n("excel_error"))
    out.push(
      `${n("excel_error")} 行含 Excel 错误值 (如 #N/A), 已拒绝; 请更正公式 / ${n("excel_error")} rows hold Excel error values (such as #N/A) and were rejected; fix the formulas`,
    );
  const tail = checks.find((c) => c.f === fileId && c.kind === "id_tail_000");
  // About 1 in 1,100 real IDs end in 000; a column that lost its last digits in Excel ends so every time.
  if (tail && tail.n >= 3 && tail.n >= 0.05 * tail.of_rows && !n("stored_as_number"))
    out.push(
      `${tail.n} / ${tail.of_rows} 个身份证号以 000 结尾 (真实号码约千分之一): 这一列很可能曾在 Excel 中以数字形式存储, 只保留了 15 位, 末三位变成了 000。其中 ${tail.loaded} 个碰巧通过了校验码并已导入, 可能不是本人号码。请从系统重新导出, 身份证号列设为文本 / ${tail.n} of ${tail.of_rows} ID numbers end in 000 (about 1 in 1,000 real ones do): the column was probably stored as a number in Excel, which keeps 15 digits, so the last three became 000. ${tail.loaded} of them passed the check character by chance and were loaded and may not be the person's number. Export the file again with the ID column as text`,
    );
  return out;
}

async function createFieldLabels(db: Warehouse): Promise<void> {
  await db.run(`CREATE TEMP TABLE field_labels (table_name VARCHAR, field VARCHAR, label VARCHAR)`);
  const rows = [...TABLES, ...OPTIONAL_TABLES].flatMap((t) =>
    t.fields.map((f: FieldSpec) => ({ t: t.name, f: f.name, l: f.label })),
  );
  await db.run(
    `INSERT INTO field_labels SELECT t, f, l FROM (SELECT unnest(from_json($rows, '[{"t":"VARCHAR","f":"VARCHAR","l":"VARCHAR"}]'), recursive := true))`,
    { rows: JSON.stringify(rows) },
  );
}

async function loadGbCounties(db: Warehouse): Promise<void> {
  const rows = gbCounties();
  await db.run(
    `INSERT INTO counties
     SELECT county_code, county_name, city_code, city_name, province_code, province_name, 'GB/T 2260'
     FROM (SELECT unnest(from_json($rows, '[{"county_code":"VARCHAR","county_name":"VARCHAR","city_code":"VARCHAR","city_name":"VARCHAR","province_code":"VARCHAR","province_name":"VARCHAR"}]'), recursive := true))`,
    { rows: JSON.stringify(rows) },
  );
}

async function recordSources(db: Warehouse, staged: StagedFile[]): Promise<void> {
  for (const s of staged)
    await db.run(
      `INSERT INTO sources VALUES ($id, $table, $file, $format, $encoding, $delimiter, $sheet, $bytes, 0, $blank,
         $extras::VARCHAR[], $warnings::VARCHAR[])`,
      {
        id: s.fileId,
        table: s.table,
        file: s.name,
        format: s.format,
        encoding: s.encoding,
        delimiter: s.delimiter,
        sheet: s.sheet,
        bytes: s.bytes,
        blank: s.blankRows,
        extras: JSON.stringify(s.extras),
        warnings: JSON.stringify(s.warnings),
      },
    );
}

async function storePolicy(db: Warehouse, policyFile: object): Promise<void> {
  await db.run(`CREATE TABLE policy_scopes (scope VARCHAR PRIMARY KEY, policy JSON NOT NULL)`);
  const scopes = resolvePolicies(policyFile);
  await db.run(
    `INSERT INTO policy_scopes SELECT s.scope, s.policy FROM (SELECT unnest(from_json($rows, '[{"scope":"VARCHAR","policy":"JSON"}]'), recursive := true)) s`,
    { rows: JSON.stringify(scopes) },
  );
  await db.run(`INSERT INTO meta VALUES ('policy_file', $p)`, { p: JSON.stringify(policyFile) });
}

async function buildReport(
  db: Warehouse,
  staged: StagedFile[],
  dataDir: string,
  today: string,
  ignored: string[],
): Promise<LoadReport> {
  const loaded = new Map<number, number>();
  for (const { name: table } of [...TABLES, RECTIFICATIONS]) {
    const rows = await db.rows<{ f: number; n: number }>(
      `SELECT src_file::INTEGER AS f, count(*)::DOUBLE AS n FROM ${ident(table)} GROUP BY 1`,
    );
    for (const r of rows) loaded.set(r.f, r.n);
  }
  const rejected = new Map(
    (
      await db.rows<{ f: number; n: number }>(
        `SELECT file_id::INTEGER AS f, count(DISTINCT row)::DOUBLE AS n FROM rejects GROUP BY 1`,
      )
    ).map((r) => [r.f, r.n]),
  );
  const forms = await db.rows<{ f: number; field: string; kind: string; n: number }>(
    `SELECT file_id::INTEGER AS f, field, kind, sum(n)::DOUBLE AS n FROM forms_seen GROUP BY ALL ORDER BY f, field, kind`,
  );
  const byReason = await db.rows<{ f: number; code: string; n: number }>(
    `SELECT file_id::INTEGER AS f, reason_code AS code, count(DISTINCT row)::DOUBLE AS n FROM rejects
     WHERE reason_code IN ('stored_as_number', 'excel_error') GROUP BY ALL`,
  );
  const checks = await db.rows<{ f: number; kind: string; n: number; of_rows: number; loaded: number }>(
    `SELECT file_id::INTEGER AS f, kind, sum(n)::DOUBLE AS n, sum(of_rows)::DOUBLE AS of_rows, sum(loaded)::DOUBLE AS loaded
     FROM file_checks GROUP BY ALL`,
  );
  const unanswered = new Map(
    (
      await db.rows<{ f: number; n: number }>(
        `SELECT file_id::INTEGER AS f, count(*)::DOUBLE AS n FROM unanswered GROUP BY 1`,
      )
    ).map((r) => [r.f, r.n]),
  );
  const files: FileReport[] = staged.map((s) => {
    const rowsRejected = rejected.get(s.fileId) ?? 0;
    const rowsUnanswered = unanswered.get(s.fileId) ?? 0;
    const rowsRead = s.stagedRows + s.parseRejects - rowsUnanswered;
    const rowsLoaded = s.table === "counties" ? rowsRead - rowsRejected : (loaded.get(s.fileId) ?? 0);
    const warnings = [...s.warnings, ...fileWarnings(s.fileId, byReason, checks)];
    const normalised = [
      ...s.notes,
      ...forms.filter((f) => f.f === s.fileId).map((f) => ({ kind: f.kind, field: f.field, count: f.n })),
    ];
    return {
      table: s.table,
      file: s.name,
      format: s.format,
      encoding: s.encoding,
      delimiter: s.delimiter === "\t" ? "tab" : s.delimiter,
      sheet: s.sheet,
      bytes: s.bytes,
      rows_read: rowsRead,
      rows_loaded: rowsLoaded,
      rows_rejected: rowsRejected,
      blank_rows: s.blankRows,
      ...(s.table === "rectifications" ? { unanswered_rows: rowsUnanswered } : {}),
      extra_columns: s.extras,
      warnings,
      header_rows: s.headerRows,
      columns: s.columns,
      sheets_skipped: s.skippedSheets,
      rows_not_data: s.notData,
      control_totals: s.controlTotals,
      normalised,
    };
  });
  const tables = {} as Record<SourceTable, TableReport>;
  for (const { name: table } of [...TABLES, ...OPTIONAL_TABLES]) {
    const mine = files.filter((f) => f.table === table);
    tables[table] = {
      rows_read: mine.reduce((a, f) => a + f.rows_read, 0),
      rows_loaded: mine.reduce((a, f) => a + f.rows_loaded, 0),
      rows_rejected: mine.reduce((a, f) => a + f.rows_rejected, 0),
      ...(table === "rectifications"
        ? { unanswered_rows: mine.reduce((a, f) => a + (f.unanswered_rows ?? 0), 0) }
        : {}),
      files: mine.map((f) => f.file),
    };
  }
  const problems = Number(await db.value(`SELECT count(*)::DOUBLE FROM rejects`));
  const report: LoadReport = {
    data_dir: resolve(dataDir),
    loaded_at: new Date().toISOString(),
    today,
    tables,
    files,
    ignored_files: ignored,
    reject_problems: problems,
    seconds: 0,
  };
  for (const f of files)
    if (f.rows_read !== f.rows_loaded + f.rows_rejected)
      throw new BilingualError(
        `内部核对失败: ${f.file} 读入 ${f.rows_read} ≠ 导入 ${f.rows_loaded} + 拒绝 ${f.rows_rejected}。这是程序错误, 请报告。`,
        `internal check failed: ${f.file} read ${f.rows_read} ≠ loaded ${f.rows_loaded} + rejected ${f.rows_rejected}. This is a bug; please report it.`,
      );
  return report;
}
