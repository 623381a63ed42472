// The refresh cache (docs/data.md#refresh): what is reused, what is read again, and that a damaged entry or
// --full only costs time. That a refresh equals a full load over random changes is test/properties.test.ts's.
import { mkdir, readdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { ingest } from "../loaders/ingest.ts";
import { RefreshCache, refreshDir } from "../loaders/refresh.ts";
import { withWarehouse } from "../loaders/warehouse.ts";
import { personId, project, tableCsv, writeDataDir } from "./fixtures.ts";

const TODAY = "2026-11-23";
const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

const credit = (id: string, seq: number, amount = "1000.00") => ({
  record_id: id,
  project_id: "P1",
  village_code: "440103001001",
  person_id: personId("440103", "19700101", seq),
  amount_yuan: amount,
  credited_on: "2020-04-15",
  account: "individual",
});

/** A data set whose credits are a folder of two files (a.csv, b.csv); b.csv repeats a.csv's R1. */
async function dataDir(): Promise<string> {
  const dir = await writeDataDir({
    projects: [project("P1")],
    villages: [
      { village_code: "440103001001", village_name: "甲村", farmland_per_capita_mu: "1", adult_share: "1" },
    ],
    project_villages: [{ project_id: "P1", village_code: "440103001001", farmland_mu: "3" }],
    fund_flows: [
      {
        flow_id: "F1",
        project_id: "P1",
        flow: "deposit",
        account: "pre_deposit",
        flow_on: "2020-01-10",
        amount_yuan: "90000.00",
      },
    ],
  });
  dirs.push(dir);
  await rm(join(dir, "distributions.csv"));
  await mkdir(join(dir, "distributions"));
  await writeFile(
    join(dir, "distributions", "a.csv"),
    tableCsv("distributions", [credit("R1", 1), credit("R2", 2, "坏")]),
  );
  await writeFile(
    join(dir, "distributions", "b.csv"),
    tableCsv("distributions", [credit("R1", 3), credit("R3", 4)]),
  );
  return dir;
}

/** A data set and the warehouse file beside it (with its refresh folder), removed at the end. */
async function dataAndWarehouse(): Promise<{ dir: string; db: string }> {
  const dir = await dataDir();
  const db = join(dir, "..", `${dir.split("/").pop()}-kept.duckdb`);
  dirs.push(db, `${db}.wal`, refreshDir(db));
  return { dir, db };
}

async function tables(db: string): Promise<unknown> {
  return withWarehouse(db, async (w) => ({
    distributions: await w.rows(`SELECT * FROM distributions`),
    rejects: await w.rows(`SELECT * FROM rejects`),
    sources: await w.rows(`SELECT * FROM sources`),
  }));
}

async function load(dir: string, db: string, reuse = true): Promise<RefreshCache> {
  const refresh = new RefreshCache(db, reuse);
  await ingest(dir, db, { today: TODAY, refresh });
  return refresh;
}

describe("refresh cache", () => {
  test("a second load reuses every kept file; an added file is the only one read; --full reads all", async () => {
    const { dir, db } = await dataAndWarehouse();
    // projects, villages, project_villages, fund_flows and the two credit files; counties are read each time.
    expect((await load(dir, db)).stats).toEqual({ reused: 0, read: 6 });
    const first = await tables(db);
    expect((await load(dir, db)).stats).toEqual({ reused: 6, read: 0 });
    expect(await tables(db)).toEqual(first);

    await writeFile(join(dir, "distributions", "c.csv"), tableCsv("distributions", [credit("R4", 5)]));
    expect((await load(dir, db)).stats).toEqual({ reused: 6, read: 1 });
    expect((await load(dir, db, false)).stats).toEqual({ reused: 0, read: 7 });
    expect(await readdir(refreshDir(db))).toHaveLength(7);
  });

  test("a changed projects file renews every later entry; a removed file's entry goes", async () => {
    const { dir, db } = await dataAndWarehouse();
    await load(dir, db);
    await writeFile(
      join(dir, "projects.csv"),
      tableCsv("projects", [project("P1", { required_yuan: "1.00" })]),
    );
    // projects are loaded first (after counties): every file after them is checked against them.
    expect((await load(dir, db)).stats).toEqual({ reused: 0, read: 6 });
    await rm(join(dir, "distributions", "b.csv"));
    expect((await load(dir, db)).stats).toEqual({ reused: 5, read: 0 });
    expect(await readdir(refreshDir(db))).toHaveLength(5);
  });

  test("an entry with a part missing is read again from its file, with the same result", async () => {
    const { dir, db } = await dataAndWarehouse();
    await load(dir, db);
    const full = await tables(db);
    for (const entry of await readdir(refreshDir(db)))
      await rm(join(refreshDir(db), entry, "rejects.parquet"), { force: true });
    const again = await load(dir, db);
    expect(again.stats).toEqual({ reused: 0, read: 6 });
    expect(await tables(db)).toEqual(full);
  });
});
