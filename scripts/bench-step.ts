// One measured step of `npm run bench`, run in its own process so that its peak memory is its own.
// Usage: tsx scripts/bench-step.ts floor|ingest|metrics|site-findings|refresh DATA_DIR DB_FILE [OUT_DIR]
// (site-findings: the 审计线索 page's data, findings.json, from a warehouse whose metrics are computed;
// its time includes reading the findings and keying their persons, as the site build does. refresh:
// `xianbao metrics --data DATA_DIR --out OUT_DIR --db DB_FILE` as a user runs it, reusing the refresh
// cache beside DB_FILE; reports how many files it reused and read.)
// Prints one JSON line: {"seconds": ..., "rows": ..., "profile"?: [...]}. With --profile
// the line also holds where the time went: seconds per SQL file (or statement) and the time outside
// DuckDB (Node: discovery, the record scan, transcoding, building the report).
import { DuckDBConnection, DuckDBInstance, DuckDBPreparedStatement } from "@duckdb/node-api";
import { readFileSync, readdirSync, statSync, rmSync } from "node:fs";
import { join, extname, relative } from "node:path";
import { readEnv } from "../loaders/env.ts";
import { ingest } from "../loaders/ingest.ts";
import { comparePeriods, computeMetrics, writeMetricsOutputs } from "../loaders/metrics.ts";
import { withWarehouse, Warehouse } from "../loaders/warehouse.ts";
import { siteContext } from "../loaders/site/context.ts";
import { writeFindings } from "../loaders/site/pages/findings.ts";
import { defineSiteMacros } from "../loaders/site/query.ts";
import type { Json } from "../loaders/site/export.ts";
import { main } from "../loaders/cli.ts";

const argv = process.argv.slice(2);
const [step, dataDir, dbFile, outDir] = argv.filter((a) => a !== "--profile");
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

/** The SQL files by their text, so that a statement is named by the file it comes from. */
function sqlNames(): Map<string, string> {
  const root = join(import.meta.dirname, "..", "loaders", "sql");
  const out = new Map<string, string>();
  for (const f of files(root))
    if (f.endsWith(".sql")) out.set(readFileSync(f, "utf8").trim(), relative(root, f).replace(/\.sql$/, ""));
  return out;
}

/** Times every Warehouse call by the SQL file (or the statement's first words) it runs. */
function profileWarehouse(): () => { where: string; seconds: number; cpu_seconds: number; calls: number }[] {
  const names = sqlNames();
  const spent = new Map<string, { seconds: number; cpu: number; calls: number }>();
  const label = (sql: string) =>
    names.get(sql.trim()) ??
    sql
      .replace(/\s+/g, " ")
      .trim()
      .replace(/'[^']*'/g, "'…'")
      // One label for the staging of every file (their ids differ).
      .replace(/\b\d+\b/g, "#")
      .slice(0, 70);
  /** Wraps a method so that each call is timed under the label of the SQL that `sqlOf` finds. */
  const timed = (
    target: Record<string, (...a: unknown[]) => Promise<unknown>>,
    method: string,
    sqlOf: (self: { sql?: string }, a: unknown[]) => string,
  ) => {
    const original = target[method];
    target[method] = async function (this: { sql?: string }, ...a: unknown[]) {
      const t = performance.now();
      const cpu = cpuSeconds();
      try {
        return await original.apply(this, a);
      } finally {
        const key = label(sqlOf(this, a));
        const s = spent.get(key) ?? { seconds: 0, cpu: 0, calls: 0 };
        // A nested call would count twice; Warehouse methods and prepared statements do not nest.
        s.seconds += (performance.now() - t) / 1000;
        s.cpu += cpuSeconds() - cpu;
        s.calls++;
        spent.set(key, s);
      }
    };
  };
  type Methods = Record<string, (...a: unknown[]) => Promise<unknown>>;
  const proto = Warehouse.prototype as unknown as Methods;
  for (const method of ["run", "rows", "value"]) timed(proto, method, (_, a) => String(a[0]));
  // The site's queries (loaders/site/query.ts siteRows) run prepared statements on the connection itself:
  // each statement remembers its SQL, and its run is timed under it.
  const connection = DuckDBConnection.prototype as unknown as Methods;
  const prepare = connection.prepare;
  connection.prepare = async function (this: unknown, ...a: unknown[]) {
    const prepared = (await prepare.apply(this, a)) as { sql?: string };
    prepared.sql = String(a[0]);
    return prepared;
  };
  timed(
    DuckDBPreparedStatement.prototype as unknown as Methods,
    "runAndReadAll",
    (self) => self.sql ?? "(prepared)",
  );
  return () =>
    [...spent]
      .map(([where, s]) => ({
        where,
        seconds: Math.round(s.seconds * 100) / 100,
        cpu_seconds: Math.round(s.cpu * 100) / 100,
        calls: s.calls,
      }))
      .sort((a, b) => b.seconds - a.seconds);
}

/** CPU time of this process, every thread (DuckDB's included): less moved by a busy machine than wall time. */
function cpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

const profile = argv.includes("--profile") ? profileWarehouse() : null;
const started = performance.now();
const cpuAtStart = cpuSeconds();
let result: { rows: number } & Record<string, number>;
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
      return {
        rows: Number(await db.value(`SELECT count(*)::DOUBLE FROM distributions`)),
        findings: Number(await db.value(`SELECT count(*)::DOUBLE FROM m_findings`)),
        ...(outDir ? { findings_csv_bytes: statSync(join(outDir, "findings.csv")).size } : {}),
      };
    },
    warehouse,
  );
} else if (step === "site-findings") {
  result = await withWarehouse(
    dbFile,
    async (db) => {
      // The site's context reads the comparison's roll-ups, so the two as-of passes run first (as in
      // the site build); only writing findings.json is timed as this step's own figure.
      const { asOf, compareTo } = await comparePeriods(db, {
        asOf: (await db.value<string>(`SELECT value FROM meta WHERE key = 'as_of'`))!,
      });
      await defineSiteMacros(db);
      const report = JSON.parse(
        (await db.value<string>(`SELECT value FROM meta WHERE key = 'load_report'`))!,
      );
      // Timed from the site's context on: it builds the findings' table (site/finding_rows.sql, the
      // persons keyed) that the page's files are written from.
      const started = performance.now();
      const ctx = await siteContext(db, outDir, {
        asOf,
        compareTo,
        secret: "bench-secret-0123456789",
        report: report as Record<string, Json>,
        dataHash: "bench",
      });
      const shards = await writeFindings(ctx);
      return {
        rows: ctx.findingCount,
        bytes: statSync(join(outDir, "findings.json")).size + shards.bytes,
        files: shards.files + 1,
        write_seconds: (performance.now() - started) / 1000,
      };
    },
    warehouse,
  );
} else if (step === "refresh") {
  let said = "";
  const io = { out: (line: string) => (said += line + "\n"), err: () => {}, isTTY: false };
  const argv = ["node", "xianbao", "metrics", "--data", dataDir, "--out", outDir, "--db", dbFile];
  if ((await main(argv, io)) !== 0) throw new Error(`xianbao metrics failed:\n${said}`);
  const counted = /reused unchanged files: (\d+),.*read and checked: (\d+)/.exec(said);
  if (!counted) throw new Error(`xianbao metrics --db did not report its refresh:\n${said}`);
  result = await withWarehouse(
    dbFile,
    async (db) => ({ rows: Number(await db.value(`SELECT count(*)::DOUBLE FROM distributions`)) }),
    { ...warehouse, readOnly: true },
  );
  result = { ...result, reused_files: Number(counted[1]), read_files: Number(counted[2]) };
} else throw new Error(`unknown step ${step}`);
const seconds = (performance.now() - started) / 1000;
const cpu = cpuSeconds() - cpuAtStart;
const spent = profile?.();
const inSql = spent?.reduce((a, s) => a + s.seconds, 0) ?? 0;
const cpuInSql = spent?.reduce((a, s) => a + s.cpu_seconds, 0) ?? 0;
process.stdout.write(
  JSON.stringify({
    seconds,
    cpu_seconds: cpu,
    ...result,
    ...(spent
      ? {
          profile: [
            {
              where: "(outside DuckDB)",
              seconds: Math.round((seconds - inSql) * 100) / 100,
              cpu_seconds: Math.round((cpu - cpuInSql) * 100) / 100,
              calls: 0,
            },
            ...spent.slice(0, 25),
          ],
        }
      : {}),
  }) + "\n",
);
