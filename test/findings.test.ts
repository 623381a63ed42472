// The 审计线索 page's data (docs/outputs.md#findings-page): the summary and shards the builder writes from
// DuckDB, read back as the browser reads them (every finding, exact), the persons keyed in SQL as in Node,
// no row object per finding in Node, and the page's plan of what to load and its filters.
import { describe, expect, test } from "vitest";
import { mkdtemp, readdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { DuckDBConnection, DuckDBPreparedStatement } from "@duckdb/node-api";
import { writeSample } from "../tools/sample/index.ts";
import { ingestInto } from "../loaders/ingest.ts";
import { comparePeriods } from "../loaders/metrics.ts";
import { withWarehouse } from "../loaders/warehouse.ts";
import { defineSiteMacros } from "../loaders/site/query.ts";
import { siteContext } from "../loaders/site/context.ts";
import { personKey } from "../loaders/site/export.ts";
import { batches, writeFindings } from "../loaders/site/pages/findings.ts";
import { writeCounties } from "../loaders/site/pages/counties.ts";
import { FINDINGS_AT_ONCE } from "../common/findings.js";
import { PROOF_COLUMNS } from "../common/evidence.js";
import {
  cellsSummary,
  decodeShard,
  decodeSummary,
  filterFindings,
  findingsLoader,
  findingsSummary,
  planFindings,
} from "../src/components/findingsData.js";

const SECRET = "test-secret-with-more-than-sixty-four-characters-0123456789-abcdefghij";

/** The small sample with every compensation date early: F10 fires on every credit (as `npm run bench --findings every-credit`). */
async function everyCreditData(): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), "work-findings-"));
  const dir = join(root, "data");
  await writeSample({ scale: "small", out: dir, format: "csv" });
  const file = join(dir, "project_villages.csv");
  const lines = (await readFile(file, "utf8")).split("\n");
  const paid = lines[0].split(",").indexOf("compensation_paid_on");
  await writeFile(
    file,
    lines
      .map((line, i) => {
        if (i === 0 || line === "" || line.includes('"')) return line;
        const cells = line.split(",");
        if (/^(\d{4}-\d{2}-\d{2})?$/.test(cells[paid])) cells[paid] = "2000-01-01";
        return cells.join(",");
      })
      .join("\n"),
  );
  return root;
}

describe("writeFindings / writeCounties: the findings from DuckDB in shards", async () => {
  const root = await everyCreditData();
  const out = join(root, "site");
  /** Rows of every result read from DuckDB while the findings' files were written. */
  const read: number[] = [];
  const keyed: { person_id: string; person_key: string }[] = [];
  let expected: { finding_key: string; code: string; county_code: string }[] = [];
  /** What each finding's row holds in DuckDB, to check what the shards decode to. */
  let held = new Map<string, Record<string, unknown>>();
  await withWarehouse(":memory:", async (db) => {
    const report = await ingestInto(db, join(root, "data"), { today: "2026-11-23" });
    const { asOf, compareTo } = await comparePeriods(db, {});
    await defineSiteMacros(db);
    const ctx = await siteContext(db, out, {
      asOf,
      compareTo,
      secret: SECRET,
      report: report as never,
      dataHash: "test",
    });
    expected = await db.rows(`SELECT finding_key, code, county_code FROM m_findings`);
    held = new Map(
      (
        await db.rows<Record<string, unknown>>(
          `SELECT finding_key, village_code, person, record_id, amount_fen, detail, rectification, note, verdict,
             source_file, CAST(source_row AS INTEGER) AS source_row FROM site_finding_rows`,
        )
      ).map((r) => [r.finding_key as string, r]),
    );
    keyed.push(
      ...(await db.rows<{ person_id: string; person_key: string }>(
        `SELECT m.person_id, s.person_key FROM m_findings m JOIN site_finding_rows s USING (finding_key)
         WHERE m.person_id IS NOT NULL LIMIT 200`,
      )),
    );
    const count = <T extends (...a: never[]) => Promise<{ currentRowCount: number }>>(
      proto: object,
      name: string,
    ) => {
      const original = (proto as Record<string, T>)[name];
      (proto as Record<string, unknown>)[name] = async function (this: unknown, ...a: never[]) {
        const result = await original.apply(this, a);
        read.push(result.currentRowCount);
        return result;
      };
      return () => ((proto as Record<string, T>)[name] = original);
    };
    const restore = [
      count(DuckDBPreparedStatement.prototype, "runAndReadAll"),
      count(DuckDBConnection.prototype, "runAndReadAll"),
    ];
    try {
      await writeFindings(ctx);
      await writeCounties(ctx);
    } finally {
      for (const r of restore) r();
    }
  });
  const summaryData = JSON.parse(await readFile(join(out, "findings.json"), "utf8"));
  const summary = decodeSummary(summaryData);
  const shard = async (name: string) =>
    JSON.parse(gunzipSync(await readFile(join(out, "finding", name))).toString("utf8"));

  test("the case has many findings (more than the bound's tenth, far more than the county × rule shards)", () => {
    expect(expected.length).toBeGreaterThan(10_000);
    expect(summary.total).toBe(expected.length);
  });

  test("no result read from DuckDB holds a row per finding: Node never holds the findings as rows", () => {
    expect(read.length).toBeGreaterThan(0);
    expect(Math.max(...read)).toBeLessThan(expected.length / 4);
  });

  test("the county × rule shards hold every finding once, in its county and rule, with the summary's counts", async () => {
    const names = (await readdir(join(out, "finding"))).filter((f) => /^\d+\.json\.gz$/.test(f));
    const seen = new Map<string, string>();
    for (const name of names) {
      const rows = decodeShard(await shard(name), summary);
      expect(new Set(rows.map((r) => `${r.county_code} ${r.code}`)).size, name).toBe(1);
      for (const r of rows) seen.set(r.finding_key, `${r.county_code} ${r.code}`);
    }
    expect(seen.size).toBe(expected.length);
    for (const f of expected) expect(seen.get(f.finding_key)).toBe(`${f.county_code} ${f.code}`);
  });

  test("a shard's columns no row fills come as null, the source files as a list, and decode to the rows held", async () => {
    const names = (await readdir(join(out, "finding"))).filter((f) => /^\d+\.json\.gz$/.test(f));
    let nullColumns = 0;
    for (const name of names) {
      const data = await shard(name);
      nullColumns += Object.values(data.rows).filter((c) => c === null).length;
      expect(data.sources.length, name).toBeLessThanOrEqual(new Set(data.sources).size);
      for (const r of decodeShard(data, summary)) {
        const h = held.get(r.finding_key)!;
        expect(
          [r.village_code, r.person, r.record_id, r.amount_fen, r.detail || null, r.rectification, r.note, r.verdict],
          r.finding_key,
        ).toEqual([h.village_code, h.person, h.record_id, h.amount_fen === null ? null : Number(h.amount_fen),
          h.detail, h.rectification, h.note, h.verdict]);
        expect([r.source_file, r.source_row], r.finding_key).toEqual([h.source_file, h.source_row]);
      }
    }
    // most findings are neither rectified nor credits of a file (F01-F07 are about projects)
    expect(nullColumns).toBeGreaterThan(names.length);
    expect([...held.values()].some((h) => h.source_file !== null)).toBe(true);
    expect(summary.cells.reduce((a, c) => a + c.n, 0)).toBe(expected.length);
  });

  test("the 'all' shard (under the bound) holds every finding in the outputs' order, 整改不实 first", async () => {
    expect(summary.total).toBeLessThanOrEqual(FINDINGS_AT_ONCE);
    expect(summary.shards.all).toBe(true);
    const rows = decodeShard(await shard("all.json.gz"), summary);
    expect(rows.map((r) => r.i)).toEqual(rows.map((_, i) => i));
    const nc = rows.filter((r) => r.verdict === "not_confirmed").length;
    expect(nc).toBeGreaterThan(0);
    expect(rows.slice(0, nc).every((r) => r.verdict === "not_confirmed")).toBe(true);
    expect(decodeShard(await shard("not_confirmed.json.gz"), summary).map((r) => r.finding_key)).toEqual(
      rows.slice(0, nc).map((r) => r.finding_key),
    );
    // F06/F07 rows carry the project's headcount ratio as a number, the others none
    const f06 = rows.filter((r) => r.code === "F06" || r.code === "F07");
    expect(f06.length).toBeGreaterThan(0);
    expect(
      f06.every((r) => typeof r.headcount_ratio === "number" && typeof r.actual_people === "number"),
    ).toBe(true);
    expect(rows.filter((r) => r.code === "F10").every((r) => r.headcount_ratio === null)).toBe(true);
    expect(rows.every((r) => /^\d{4}-\d{2}-\d{2}$/.test(r.project_approved_on ?? ""))).toBe(true);
    // the proof columns of `xianbao export` (common/evidence.js), each rule filling its own
    const data = await shard("all.json.gz");
    expect(Object.keys(data.proof).sort()).toEqual(PROOF_COLUMNS.map((c) => c.key).sort());
    const f01 = rows.find((r) => r.code === "F01")!;
    expect(f01.required_yuan).toMatch(/^\d+\.\d{2}$/);
    expect(f01.gap_yuan).toMatch(/^\d+\.\d{2}$/);
  });

  test("persons are keyed in DuckDB exactly as personKey (HMAC-SHA256) keys them in Node", () => {
    expect(keyed.length).toBeGreaterThan(50);
    for (const k of keyed) expect(k.person_key).toBe(personKey(SECRET, k.person_id));
    expect(personKey("s", "x")).not.toBe(personKey("s2", "x"));
  });

  test("each county page holds its county's findings", async () => {
    for (const c of summary.counties) {
      const page = JSON.parse(gunzipSync(await readFile(join(out, "county", `${c.code}.json.gz`))).toString("utf8"));
      expect(page.findings.finding_key.length, c.code).toBe(
        expected.filter((f) => f.county_code === c.code).length,
      );
      expect(page.county.code).toBe(c.code);
    }
  });

  test("the loader gives the rows a filter needs, and the summary counts what it does not load", async () => {
    const loader = findingsLoader(summary, shard);
    const all = { rule: "", city: "", county: "", text: "", person: null };
    const county = summary.counties.find((c) => c.findings > 0)!.code;
    const f = { ...all, county, rule: "F10" };
    const { rows, complete } = await loader.rows(f);
    expect(complete).toBe(true);
    const shown = filterFindings(rows, f);
    expect(shown.length).toBe(expected.filter((e) => e.county_code === county && e.code === "F10").length);
    expect(cellsSummary(summary, f).findings).toBe(shown.length);
    expect(findingsSummary(shown).amount_fen).toBe(cellsSummary(summary, f).amount_fen);
  });
});

describe("planFindings(summary, filter): what the page loads", () => {
  // Two counties, two rules; county 0 has 40,000 F01 findings and 30,000 F10, county 1 has 5 F10.
  const summary = decodeSummary({
    codes: ["F01", "F10"],
    total: 70_005,
    counties: {
      code: ["440103", "441702"],
      name: ["荔湾区", "江城区"],
      city_code: ["4401", "4417"],
      city: ["广州市", "阳江市"],
      findings: [70_000, 5],
    },
    cells: {
      county: [0, 0, 0, 1],
      rule: [0, 0, 1, 1],
      open: [true, true, true, false],
      state: ["none", "not_confirmed", "none", "none"],
      n: [39_990, 10, 30_000, 5],
      amount_fen: [100, 1, 300, 5],
    },
    shards: { folder: "_finding", shards: 4, all: false, version: "v" },
  });
  const none = { rule: "", city: "", county: "", text: "", person: null };
  const noPerson = () => undefined;

  test("more than the bound: the 整改不实 claims only, counted from the summary", () => {
    expect(planFindings(summary, none, noPerson)).toEqual({
      files: ["not_confirmed.json.gz"],
      complete: false,
      rows: 10,
    });
    expect(cellsSummary(summary, none)).toEqual({ findings: 70_005, counties: 2, amount_fen: 406 });
    expect(planFindings(summary, { ...none, rule: "F10" }, noPerson)).toEqual({
      files: ["1.json.gz", "3.json.gz"],
      complete: true,
      rows: 30_005,
    });
  });

  test("a county, a city or a rule within the bound: their shards", () => {
    expect(planFindings(summary, { ...none, city: "4417" }, noPerson).files).toEqual(["3.json.gz"]);
    expect(planFindings(summary, { ...none, county: "440103", rule: "F01" }, noPerson).files).toEqual([
      "0.json.gz",
    ]);
    expect(planFindings(summary, { ...none, status: "resolved" }, noPerson).files).toEqual(["3.json.gz"]);
    expect(planFindings(summary, { ...none, rectification: "not_confirmed" }, noPerson).files).toEqual([
      "not_confirmed.json.gz",
    ]);
  });

  test("a person: the shards of their findings", () => {
    const plan = planFindings(summary, { ...none, person: "abc" }, (k) => (k === "abc" ? [0, 3] : undefined));
    expect(plan.files).toEqual(["0.json.gz", "3.json.gz"]);
  });

  test("when the build wrote every finding in one shard, that shard", () => {
    const small = { ...summary, shards: { ...summary.shards, all: true } };
    expect(planFindings(small, none, noPerson).files).toEqual(["all.json.gz"]);
  });
});

describe("filterFindings(rows, filter)", () => {
  const row = (i: number, over: Record<string, unknown>) =>
    ({
      i,
      code: "F01",
      county_code: "440103",
      city_code: "4401",
      person_key: null,
      open: true,
      verdict: null,
      rectification: null,
      project_approved_on: "2019-10-15",
      search: "p1",
      ...over,
    }) as never;
  const rows = [
    row(0, {}),
    row(1, { code: "F08", project_approved_on: "2020-01-01", search: "p2 r3" }),
    row(2, {
      project_approved_on: "2019-12-31",
      open: false,
      rectification: "rectified",
      verdict: "confirmed",
    }),
    row(3, { project_approved_on: null, rectification: "in_progress" }),
  ];
  const all = { rule: "", city: "", county: "", text: "", person: null };
  const ids = (f: object) => filterFindings(rows, { ...all, ...f }).map((r: { i: number }) => r.i);

  test("by approval date, both ends included; a row without a date passes only without one", () => {
    expect(ids({ approved_from: "2019-12-31" })).toEqual([1, 2]);
    expect(ids({ approved_to: "2019-12-31" })).toEqual([0, 2]);
    expect(ids({ approved_from: "2019-10-15", approved_to: "2019-10-15" })).toEqual([0]);
    expect(ids({})).toEqual([0, 1, 2, 3]);
  });

  test("by rule, status, rectification and text", () => {
    expect(ids({ rule: "F08" })).toEqual([1]);
    expect(ids({ status: "resolved" })).toEqual([2]);
    expect(ids({ rectification: "confirmed" })).toEqual([2]);
    expect(ids({ rectification: "in_progress" })).toEqual([3]);
    expect(ids({ rectification: "none" })).toEqual([0, 1]);
    expect(ids({ text: " R3  p2 " })).toEqual([1]);
  });
});

describe("batches(sizes, limit)", () => {
  test("groups consecutive shards up to the limit; a larger shard alone", () => {
    expect(
      batches(
        new Map([
          [0, 5],
          [1, 5],
          [7, 5],
        ]),
        10,
      ),
    ).toEqual([
      [0, 1],
      [7, 7],
    ]);
    expect(
      batches(
        new Map([
          [2, 50],
          [3, 1],
        ]),
        10,
      ),
    ).toEqual([
      [2, 2],
      [3, 3],
    ]);
    expect(batches(new Map(), 10)).toEqual([]);
  });
});
