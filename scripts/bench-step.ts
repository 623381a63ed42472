// One measured step of `npm run bench`, run in its own process so that its peak memory is its own.
// Usage: tsx scripts/bench-step.ts floor|ingest|metrics DATA_DIR DB_FILE [OUT_DIR]
// Prints one JSON line: {"seconds": ..., "rows": ...}.
import { DuckDBInstance } from "@duckdb/node-api";
import { readdirSync, statSync, rmSync } from "node:fs";
import { join, extname } from "node:path";
import { readEnv } from "../loaders/env.ts";
import { ingest } from "../loaders/ingest.ts";
import { computeMetrics, writeMetricsOutputs } from "../loaders/metrics.ts";
import { withWarehouse } from "../loaders/warehouse.ts";

const [step, dataDir, dbFile, outDir] = process.argv.slice(2);
const env = readEnv();
const memoryLimit = env.memoryLimit ?? "6GB";
const warehouse = { memoryLimit, tempDir: env.tempDir };

function files(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((e) => (statSync(join(dir, e)).isDirectory() ? files(join(dir, e)) : [join(dir, e)]));
}

/** The floor: DuckDB loading every input file into a table as it is, with its own type detection. */
async function floor(): Promise<{ rows: number }> {
  rmSync(dbFile, { force: true });
  rmSync(`${dbFile}.wal`, { force: true });
  const instance = await DuckDBInstance.create(dbFile, { memory_limit: memoryLimit });
  const connection = await instance.connect();
  let rows = 0;
  let i = 0;
  for (const file of files(dataDir)) {
    const ext = extname(file);
    const reader = ext === ".csv" ? "read_csv" : ext === ".parquet" ? "read_parquet" : null;
    if (!reader) continue;
    await connection.run(`CREATE TABLE t${i} AS SELECT * FROM ${reader}($path)`, { path: file });
    const result = await connection.runAndReadAll(`SELECT count(*)::DOUBLE FROM t${i++}`);
    rows += Number(result.getRows()[0][0]);
  }
  await connection.run("CHECKPOINT");
  connection.closeSync();
  instance.closeSync();
  return { rows };
}

const started = performance.now();
let result: { rows: number };
if (step === "floor") result = await floor();
else if (step === "ingest") {
  const report = await ingest(dataDir, dbFile, { today: env.today, warehouse, chunkBytes: env.chunkBytes });
  result = { rows: Object.values(report.tables).reduce((a, t) => a + t.rows_read, 0) };
} else if (step === "metrics") {
  result = await withWarehouse(
    dbFile,
    async (db) => {
      await computeMetrics(db);
      if (outDir) await writeMetricsOutputs(db, outDir);
      return { rows: Number(await db.value(`SELECT count(*)::DOUBLE FROM distributions`)) };
    },
    warehouse,
  );
} else throw new Error(`unknown step ${step}`);
process.stdout.write(JSON.stringify({ seconds: (performance.now() - started) / 1000, ...result }) + "\n");
