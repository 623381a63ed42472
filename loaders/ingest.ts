/**
 * Ingest: a data directory into a warehouse. Files are staged as text, every rule of DOMAIN section 1 is
 * checked in SQL, good rows are loaded typed, bad rows go to `rejects` with a bilingual reason, and the
 * load report accounts for every row read.
 */
import { rm, stat } from "node:fs/promises";
import { resolve } from "node:path";
import { mapValue } from "@duckdb/node-api";
import {
  LOAD_ORDER,
  OPTIONAL_TABLES,
  RECTIFICATIONS,
  TABLES,
  tableSpec,
  normalizeLabel,
  type FieldSpec,
  type SourceTable,
} from "./contract.ts";
import { gbCounties } from "./divisions.ts";
import { BilingualError } from "./errors.ts";
import { readPolicyFile, resolvePolicies } from "./policy.ts";
import type { FileReport, LoadReport, TableReport } from "./report.ts";
import { discoverSources } from "./sources/discover.ts";
import { createStagingTables, finishStaging, stageFile, type StagedFile } from "./stage.ts";
import type { SourceFile } from "./sources/discover.ts";
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
  return buildWarehouse(dbPath, (db) => ingestInto(db, dataDir, options), options.warehouse);
}

/** Today's date in local time as YYYY-MM-DD. */
export function loadDay(): string {
  const now = new Date();
  const local = new Date(now.getTime() - now.getTimezoneOffset() * 60000);
  return local.toISOString().slice(0, 10);
}

const ENUM_PARAMS: Record<string, string> = {
  "projects.method": "method_values",
  "fund_flows.flow": "flow_values",
  "fund_flows.account": "fund_account_values",
  "distributions.account": "person_account_values",
  "rectifications.status": "rectification_status_values",
};

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
  const discovery = await discoverSources(dataDir);
  const policyFile = await readPolicyFile(dataDir);

  await db.runFile("schema");
  await db.runFile("macros");
  await db.runFile("reasons");
  await createFieldLabels(db);
  await loadGbCounties(db);

  const workDir = await makeWorkDir("stage");
  const staged: StagedFile[] = [];
  try {
    await db.run(
      `CREATE TEMP TABLE seen_projects (project_id VARCHAR); CREATE TEMP TABLE seen_villages (village_code VARCHAR)`,
    );
    const order = LOAD_ORDER;
    const enumValues = enumParams();
    const total = discovery.files.length;
    let fileId = 0;
    for (const table of order) {
      const files = discovery.files.filter((f) => f.table === table);
      if (files.length === 0) continue;
      const validate = sqlText(`validate/${table}`);
      // A table of many files is read and checked a chunk of files at a time, so that memory stays bounded
      // (the national scale has tens of millions of credits); duplicates are judged once all are loaded.
      for (const chunk of await chunksOf(files, options.chunkBytes ?? CHUNK_BYTES)) {
        await createStagingTables(db, [table]);
        const chunkStaged: StagedFile[] = [];
        for (const file of chunk) {
          progress(`读取 read ${file.name}`, fileId, total);
          chunkStaged.push(await stageFile(db, file, fileId++, workDir));
        }
        await finishStaging(db, chunkStaged);
        await recordSources(db, chunkStaged);
        staged.push(...chunkStaged);
        progress(`校验 validate ${table}`, fileId, total);
        await db.run(validate, { today, ...pick(enumValues, validate) });
        await db.run(sqlText("validate/collect_rejects").replaceAll("__TABLE__", table), {
          table_name: table,
        });
        if (table === "projects")
          await db.run(`INSERT INTO seen_projects SELECT project_id FROM chk_projects`);
        if (table === "villages")
          await db.run(`INSERT INTO seen_villages SELECT village_code FROM chk_villages`);
        await db.run(`DROP TABLE ${ident(`stg_${table}`)}; DROP TABLE ${ident(`chk_${table}`)}`);
      }
      const loaded = table === "counties" ? "county_overrides" : table;
      const keys = tableSpec(table).key.map(ident).join(", ");
      if (keys)
        await db.run(
          sqlText("validate/dedupe").replaceAll("__TABLE__", loaded).replaceAll("__KEYS__", keys),
          {
            table_name: table,
            key_field: tableSpec(table).key[0],
          },
        );
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

function pick(params: Record<string, { value: ReturnType<typeof mapValue> }>, sql: string) {
  const out: Record<string, ReturnType<typeof mapValue>> = {};
  for (const [name, { value }] of Object.entries(params)) if (sql.includes(`$${name}`)) out[name] = value;
  return out;
}

function enumParams(): Record<string, { value: ReturnType<typeof mapValue> }> {
  const out: Record<string, { value: ReturnType<typeof mapValue> }> = {};
  for (const table of [...TABLES, ...OPTIONAL_TABLES])
    for (const field of table.fields) {
      const param = ENUM_PARAMS[`${table.name}.${field.name}`];
      if (!param || !field.values) continue;
      out[param] = {
        value: mapValue(
          Object.entries(field.values).map(([key, value]) => ({ key: normalizeLabel(key), value })),
        ),
      };
    }
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
      warnings: s.warnings,
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
