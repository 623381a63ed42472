// Crash safety of buildWarehouse (docs/data.md#bad-input: nothing half-loaded is left behind): a real child
// process running `xianbao ingest` is killed with SIGKILL part-way through its build; the previous
// warehouse must still be there, byte for byte, and the next ingest must clean up and succeed.
import { describe, expect, onTestFinished, test } from "vitest";
import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdir, mkdtemp, readFile, readdir, rm } from "node:fs/promises";
import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { TableName } from "../loaders/contract.ts";
import { ingest } from "../loaders/ingest.ts";
import type { LoadReport } from "../loaders/report.ts";
import { withWarehouse } from "../loaders/warehouse.ts";
import { BASE, writeBase } from "./corpus/cases.ts";
import { bigDataDir } from "./opsHelpers.ts";

const TODAY = "2026-11-23";
const ROOT = fileURLToPath(new URL("..", import.meta.url));
const TABLES = ["projects", "villages", "project_villages", "fund_flows", "distributions"];

async function counts(db: string): Promise<Record<string, number>> {
  return withWarehouse(
    db,
    async (w) => {
      const out: Record<string, number> = {};
      for (const t of TABLES) out[t] = Number(await w.value(`SELECT count(*)::DOUBLE FROM ${t}`));
      return out;
    },
    { readOnly: true },
  );
}

const sha256 = async (path: string) =>
  createHash("sha256")
    .update(await readFile(path))
    .digest("hex");

/**
 * Runs `xianbao ingest dir --db db` in a child process, waits for its build file `<db>.building-<pid>`,
 * lets it work for `afterMs`, then kills it with SIGKILL. Resolves to the child's pid once it is dead.
 */
async function killMidIngest(
  dir: string,
  db: string,
  afterMs: number,
  env: NodeJS.ProcessEnv,
): Promise<number> {
  const child = spawn(process.execPath, ["bin/xianbao.js", "ingest", dir, "--db", db, "--today", TODAY], {
    cwd: ROOT,
    env,
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr!.on("data", (d) => (stderr += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on("exit", (code, signal) => resolve({ code, signal })),
  );
  const building = `${db}.building-${child.pid}`;
  const started = Date.now();
  while (!existsSync(building)) {
    if (child.exitCode !== null || Date.now() - started > 60_000) {
      child.kill("SIGKILL");
      throw new Error(`the build file never appeared (exit ${child.exitCode}): ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 5));
  }
  await new Promise((r) => setTimeout(r, afterMs));
  child.kill("SIGKILL");
  const { signal } = await exited;
  // It must have died of the kill, not finished first: otherwise this test proves nothing.
  expect(signal, `ingest finished before the kill: ${stderr}`).toBe("SIGKILL");
  return child.pid!;
}

describe("buildWarehouse(target, fn) under `xianbao ingest` killed with SIGKILL", () => {
  test("the previous warehouse stays intact; the next ingest removes the leftovers and succeeds", async () => {
    const root = await mkdtemp(join(tmpdir(), "xianbao-crash-"));
    onTestFinished(() => rm(root, { recursive: true, force: true }));
    const work = join(root, "warehouse");
    await mkdir(work);
    const db = join(work, "w.duckdb");
    await ingest(await writeBase(join(root, "base")), db, { today: TODAY });
    const before = await counts(db);
    expect(before.projects).toBe(BASE.projects.length);
    const bytes = await sha256(db);

    const big = await bigDataDir(join(root, "big"));
    const childTmp = join(root, "child-tmp");
    await mkdir(childTmp);
    const env = { ...process.env, TMPDIR: childTmp, XIANBAO_TODAY: TODAY };

    // Three kills at different moments: while reading the files, while validating, later still.
    const pids: number[] = [];
    for (const afterMs of [0, 150, 600]) {
      const pid = await killMidIngest(big, db, afterMs, env);
      pids.push(pid);
      expect(await sha256(db), `after the kill at ${afterMs} ms`).toBe(bytes);
      expect(await counts(db)).toEqual(before);
      // The refresh folder (docs/data.md#refresh) is kept between loads; its entries are whole or absent.
      const leftovers = (await readdir(work)).filter((e) => e !== "w.duckdb" && e !== "w.duckdb.refresh");
      for (const e of leftovers) expect(e).toMatch(/^w\.duckdb\.building-\d+(\.wal)?$/);
    }
    expect((await readdir(work)).some((e) => e.startsWith("w.duckdb.building-"))).toBe(true);

    // The next ingest, in another process with the same temporary directory as the killed ones.
    const next = spawnSync(
      process.execPath,
      ["bin/xianbao.js", "ingest", big, "--db", db, "--today", TODAY],
      {
        cwd: ROOT,
        env,
        encoding: "utf8",
      },
    );
    expect(next.status, next.stderr).toBe(0);
    expect((await readdir(work)).sort()).toEqual(["w.duckdb", "w.duckdb.refresh"]);
    // What the killed runs were writing into the refresh folder is gone too.
    expect((await readdir(`${db}.refresh`)).filter((e) => e.includes(".building-"))).toEqual([]);
    const after = await counts(db);
    const report = await withWarehouse(
      db,
      (w) => w.value<string>(`SELECT value FROM meta WHERE key = 'load_report'`),
      { readOnly: true },
    );
    const tables = (JSON.parse(report!) as LoadReport).tables;
    for (const t of TABLES) expect(after[t], t).toBe(tables[t as TableName].rows_loaded);
    expect(tables.distributions.rows_read).toBe(9 * tables.distributions.rows_loaded);
    // The staging directories of the killed ingests (copies of the data) are gone too; tsx keeps its cache.
    expect((await readdir(childTmp)).filter((e) => e.startsWith("xianbao-"))).toEqual([]);
  });
});
