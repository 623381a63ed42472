/**
 * Global setup of the end-to-end tests: writes the `small` sample, computes the metrics outputs with the
 * CLI's code (the figures pages must show; compared with the default T0, so changes.csv is there too), and builds the site from it exactly as `npm run build` does,
 * into a temporary folder.
 */
import { spawnSync } from "node:child_process";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { ingestInto } from "../../loaders/ingest.ts";
import { comparePeriods, writeMetricsOutputs } from "../../loaders/metrics.ts";
import { buildWarehouse } from "../../loaders/warehouse.ts";

export interface SiteFixture {
  /** The small sample data directory. */
  data: string;
  /** The metrics command's outputs for it. */
  metrics: string;
  /** The warehouse they were computed in (DuckDB file; m_* tables), for tests that compare with SQL. */
  warehouse: string;
  /** The built site. */
  site: string;
  /** The secret used for person keys. */
  secret: string;
}

declare module "vitest" {
  export interface ProvidedContext {
    site: SiteFixture;
  }
}

/**
 * Record ids as some systems build them, with the person's ID inside (R00000001-440103195607266550): the
 * privacy scan of the built site must find none of them (docs/privacy.md#mask-in-text).
 */
async function embedIdsInRecordIds(dataDir: string): Promise<void> {
  const dir = join(dataDir, "distributions");
  for (const name of (await readdir(dir)).filter((f) => f.endsWith(".csv"))) {
    const text = await readFile(join(dir, name), "utf8");
    if (text.includes("\ufffd")) continue; // not UTF-8 (a GBK file): left as it is
    const [header, ...lines] = text.split("\n");
    const columns = header.replace(/^\ufeff/, "").split(",");
    const record = columns.indexOf("record_id");
    const person = columns.indexOf("person_id");
    if (record < 0 || person < 0) continue;
    const rewritten = lines.map((line) => {
      const cells = line.split(",");
      if (cells.length <= Math.max(record, person) || !/^\d{17}[\dX]$/.test(cells[person])) return line;
      cells[record] = `${cells[record]}-${cells[person]}`;
      return cells.join(",");
    });
    await writeFile(join(dir, name), [header, ...rewritten].join("\n"));
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const root = await mkdtemp(join(tmpdir(), "xianbao-e2e-"));
  const fixture: SiteFixture = {
    data: join(root, "data"),
    metrics: join(root, "metrics"),
    warehouse: join(root, "w.duckdb"),
    site: join(root, "site"),
    secret: "e2e-secret-0123456789",
  };
  // XIANBAO_E2E_DATA reuses a data directory already written (e.g. while working in a git worktree).
  if (process.env.XIANBAO_E2E_DATA) fixture.data = process.env.XIANBAO_E2E_DATA;
  else {
    const { writeSample } = await import("../../tools/sample/index.ts");
    await writeSample({ scale: "small", out: fixture.data });
    await embedIdsInRecordIds(fixture.data);
  }
  await buildWarehouse(fixture.warehouse, async (db) => {
    // The same load day as the site build, which reads XIANBAO_TODAY from vitest's environment.
    await ingestInto(db, fixture.data, { today: process.env.XIANBAO_TODAY });
    // As the site build does: T1 the latest date, T0 the last half-year end before it (changes.csv too).
    await comparePeriods(db);
    await writeMetricsOutputs(db, fixture.metrics);
  });
  const build = spawnSync(process.execPath, ["--import", "tsx", "scripts/build-site.ts", "build"], {
    cwd: process.cwd(),
    env: {
      ...process.env,
      XIANBAO_DATA: fixture.data,
      XIANBAO_SITE_OUTPUT: fixture.site,
      XIANBAO_HASH_SECRET: fixture.secret,
      XIANBAO_SITE_CACHE: join(root, "cache"),
    },
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  if (build.status !== 0) throw new Error(`site build failed:\n${build.stdout}\n${build.stderr}`);
  project.provide("site", fixture);
  return async () => {
    if (!process.env.XIANBAO_KEEP_E2E) await rm(root, { recursive: true, force: true });
  };
}
