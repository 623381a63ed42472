// The review cycle (docs/review.md) on small hand-written data sets: finding keys, resolution of every
// rule, the period comparison, the rectification ledger and its verdicts. Expected values are worked out
// by hand in the comments, never by re-running the SQL.
import { describe, expect, test } from "vitest";
import { copyFile, mkdtemp, readFile, readdir, writeFile, mkdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { EVIDENCE_COLUMNS } from "@xianbao/common/evidence.js";
import { main } from "../loaders/cli.ts";
import { halfYearBefore } from "../loaders/metrics.ts";
import { comparisonOf, project, tableCsv, writeDataDir } from "./fixtures.ts";
import { writeSent } from "./returned/sent.ts";
import { flow, KEY_SECOND, KEY_THIRD, ledger, SECOND, tables, THIRD, X } from "./reviewFixture.ts";

const compareA = async () =>
  comparisonOf(await writeDataDir(tables, { rectifications: ledger }), {
    asOf: "2021-12-31",
    compareTo: "2021-06-30",
  });
describe("finding_key and resolved at T (resolution.sql)", () => {
  test("every rule's resolution: money arrived later (F01-F03), someone credited later (F04), present = open (F05-F12)", async () => {
    const m = await compareA();
    const state = (rows: Record<string, unknown>[]) =>
      Object.fromEntries(rows.map((r) => [r.finding_key, r.resolved ? "resolved" : "open"]));
    expect(state(m.findingsThen)).toEqual({
      "F01:R01": "open",
      "F01:R03": "resolved",
      "F02:R02": "open",
      "F03:R01": "open",
      "F04:R04": "open",
      "F05:R05": "open",
      "F06:R06": "open",
      "F06:Y06": "open",
      "F07:R04": "open",
      [KEY_SECOND]: "open",
    });
    expect(state(m.findings)).toEqual({
      "F01:R01": "resolved",
      "F01:R03": "open",
      "F01:R12": "open",
      "F02:R02": "resolved",
      "F03:R01": "resolved",
      "F03:R12": "open",
      "F04:R04": "resolved",
      "F05:R03": "open",
      "F06:R06": "open",
      "F06:Y06": "open",
      [KEY_SECOND]: "open",
      [KEY_THIRD]: "open",
    });
    for (const f of [...m.findings, ...m.findingsThen]) expect(f.open).toBe(!f.resolved);
  });

  test("a record id that embeds an ID number is masked in the key; two that mask alike stay apart (~2)", async () => {
    const m = await compareA();
    const f08 = m.findings.filter((f) => f.code === "F08");
    expect(f08.map((f) => [f.record_id, f.finding_key])).toEqual([
      [SECOND, KEY_SECOND],
      [THIRD, KEY_THIRD],
    ]);
    // The same finding keeps its key at T0, when the third credit did not exist yet.
    expect(m.findingsThen.filter((f) => f.code === "F08").map((f) => f.finding_key)).toEqual([KEY_SECOND]);
    expect(new Set(m.findings.map((f) => f.finding_key)).size).toBe(m.findings.length);
  });

  test("m_rule_counts: findings and open findings per rule at every level", async () => {
    const m = await compareA();
    const of = (level: string, code: string) =>
      Object.fromEntries(
        m.ruleCounts
          .filter((r) => r.level === level && r.code === code)
          .map((r) => [r.rule, [r.findings, r.open]]),
      );
    expect(of("county", "440104")).toEqual({
      F01: [3, 2],
      F02: [1, 0],
      F03: [2, 1],
      F04: [1, 0],
      F05: [1, 1],
      F06: [1, 1],
      F08: [2, 2],
    });
    expect(of("all", "")).toMatchObject({ F06: [2, 2], F08: [2, 2] });
    expect(of("city", "4417")).toEqual({ F06: [1, 1] });
  });
});

describe("comparePeriods(db, {asOf, compareTo}) (changes.sql)", () => {
  test("findings open then / now, new and resolved; every key's change", async () => {
    const m = await compareA();
    const county = m.changes.find((c) => c.level === "county" && c.code === "440104")!;
    // then: 9 present, 8 open (F01:R03 resolved). now: 11 present, 7 open (F01:R03 reopened, F05:R03, the
    // third F08 and R12's two are open; F06:R06, the second F08 still open). new: F05:R03, ~2, R12's two.
    // resolved: F01:R01, F03:R01, F02:R02, F04:R04 (resolved) and F05:R05, F07:R04 (gone).
    expect(county).toMatchObject({
      findings_open_then: 8,
      findings_open_now: 7,
      findings_new: 4,
      findings_resolved: 6,
      findings_new_open: 4,
      findings_reopened: 1,
    });
    const change = Object.fromEntries(m.periods.map((p) => [p.finding_key, p.change]));
    expect(change).toEqual({
      "F01:R01": "resolved",
      "F01:R03": "reopened",
      "F01:R12": "new",
      "F02:R02": "resolved",
      "F03:R01": "resolved",
      "F03:R12": "new",
      "F04:R04": "resolved",
      "F05:R03": "new",
      "F05:R05": "resolved",
      "F06:R06": "open",
      "F06:Y06": "open",
      "F07:R04": "resolved",
      [KEY_SECOND]: "open",
      [KEY_THIRD]: "new",
    });
    const all = m.changes.find((c) => c.level === "all")!;
    expect(all).toMatchObject({
      findings_open_then: 9,
      findings_open_now: 8,
      findings_new: 4,
      findings_resolved: 6,
    });
  });

  test("the then / now figures are those of the plain pass at each date; before the baseline stock is empty", async () => {
    const m = await compareA();
    const county = m.changes.find((c) => c.level === "county" && c.code === "440104")!;
    // received then: R02 5,000 + R03 10,000 + R04 10,000 + R05 10,000 + R06 10,000 + R08 10,000 = 55,000;
    // now: + R01 10,000 + R02 5,000 - R03 1,000 + R05 1,000 = 70,000.
    expect(county).toMatchObject({
      received_yuan_then: "55000.00",
      received_yuan_now: "70000.00",
      stock_remaining_yuan_then: null,
      stock_remaining_yuan_now: null,
      stock_cleared_yuan: null,
      new_increment_projects: 0,
    });
    const then = m.rollupsThen.find((r) => r.level === "county" && r.code === "440104")!;
    const now = m.rollups.find((r) => r.level === "county" && r.code === "440104")!;
    for (const k of [
      "received_yuan",
      "distributed_yuan",
      "unallocated_yuan",
      "shortfall_yuan",
      "increment_open_yuan",
    ]) {
      expect(county[`${k}_then`], k).toBe(then[k]);
      expect(county[`${k}_now`], k).toBe(now[k]);
    }
  });

  test("T0 must be before T1; the default T0 is the last half-year end before T1", async () => {
    const dir = await writeDataDir(tables);
    await expect(comparisonOf(dir, { asOf: "2021-06-30", compareTo: "2021-06-30" })).rejects.toMatchObject({
      zh: expect.stringContaining("必须早于"),
      en: expect.stringContaining("must be before"),
    });
    expect((await comparisonOf(dir, { asOf: "2021-12-31" })).compareTo).toBe("2021-06-30");
    expect(halfYearBefore("2026-09-30")).toBe("2026-06-30");
    expect(halfYearBefore("2026-06-30")).toBe("2025-12-31");
    expect(halfYearBefore("2026-07-01")).toBe("2026-06-30");
    expect(halfYearBefore("2026-01-01")).toBe("2025-12-31");
    expect(halfYearBefore("2025-12-31")).toBe("2025-06-30");
  });
});

describe("the stock and increments across the baseline (2022-12-22)", () => {
  // S1 (Liwan) in scope, 40,000 of 100,000 by the baseline: stock 60,000; 30,000 more on 2023-06-01.
  // I1 (Jiangcheng) approved 2023-03-01 with nothing: increment; 50,000 of 80,000 on 2023-05-01.
  // I2 funded before its approval: not an increment.
  const data = {
    projects: [
      project("S1", { approved_on: "2019-05-01", required_yuan: "100000.00" }),
      project("I1", { county_code: "441702", approved_on: "2023-03-01", required_yuan: "80000.00" }),
      project("I2", { county_code: "441702", approved_on: "2023-03-01", required_yuan: "80000.00" }),
    ],
    fund_flows: [
      flow("S1", "deposit", "special", "2019-01-01", "40000.00"),
      flow("S1", "deposit", "special", "2023-06-01", "30000.00"),
      flow("I1", "deposit", "special", "2023-05-01", "50000.00"),
      flow("I2", "deposit", "special", "2023-01-01", "80000.00"),
    ],
  };

  test("T0 after the baseline: stock cleared 30,000 and one new increment project", async () => {
    const m = await comparisonOf(await writeDataDir(data), { asOf: "2023-12-31", compareTo: "2023-01-31" });
    const row = (level: string, code: string) => m.changes.find((c) => c.level === level && c.code === code)!;
    expect(row("county", "440103")).toMatchObject({
      stock_remaining_yuan_then: "60000.00",
      stock_remaining_yuan_now: "30000.00",
      stock_cleared_yuan: "30000.00",
      new_increment_projects: 0,
    });
    // Jiangcheng had no project at T0: 0 then, and its stock 0 since T0 is after the baseline.
    expect(row("county", "441702")).toMatchObject({
      received_yuan_then: "0.00",
      received_yuan_now: "130000.00",
      stock_remaining_yuan_then: "0.00",
      stock_cleared_yuan: "0.00",
      increment_open_yuan_then: "0.00",
      increment_open_yuan_now: "30000.00",
      new_increment_projects: 1,
    });
    expect(row("all", "")).toMatchObject({
      name: "广东省",
      stock_cleared_yuan: "30000.00",
      new_increment_projects: 1,
      shortfall_yuan_then: "60000.00",
      shortfall_yuan_now: "60000.00",
    });
  });

  test("T0 before the baseline: the stock then and the stock cleared are empty", async () => {
    const m = await comparisonOf(await writeDataDir(data), { asOf: "2023-12-31", compareTo: "2022-06-30" });
    for (const c of m.changes) {
      expect(c.stock_remaining_yuan_then, `${c.level} ${c.code}`).toBeNull();
      expect(c.stock_cleared_yuan, `${c.level} ${c.code}`).toBeNull();
      expect(c.stock_remaining_yuan_now).not.toBeNull();
    }
    expect(m.changes.find((c) => c.level === "all")).toMatchObject({
      stock_remaining_yuan_now: "30000.00",
      new_increment_projects: 1,
    });
  });
});

describe("the rectification ledger (validate/rectifications.sql, metrics/rectifications.sql)", () => {
  test("a malformed key, a key of an unknown project, a bad status and a bad date are rejected; an unanswered row is not data", async () => {
    const m = await compareA();
    expect(m.rejects.filter((r) => r.table_name === "rectifications")).toEqual([
      {
        table_name: "rectifications",
        row: 13,
        field: "finding_key",
        value: "F1:R01",
        reason_code: "finding_key_format",
      },
      {
        table_name: "rectifications",
        row: 14,
        field: "finding_key",
        value: "F01:NOPE",
        reason_code: "finding_key_project",
      },
      {
        table_name: "rectifications",
        row: 15,
        field: "finding_key",
        value: "F11:R01:123",
        reason_code: "finding_key_format",
      },
      {
        table_name: "rectifications",
        row: 16,
        field: "status",
        value: "done",
        reason_code: "rectification_status_value",
      },
      {
        table_name: "rectifications",
        row: 17,
        field: "reported_on",
        value: "2021/10/32",
        reason_code: "date_invalid",
      },
    ]);
    expect(m.report.tables.rectifications).toMatchObject({
      rows_read: 17,
      rows_loaded: 12,
      rows_rejected: 5,
      unanswered_rows: 1,
    });
    // Typed in lower case with a full-width colon: loaded as the key it means.
    expect(m.ledger.map((r) => r.finding_key)).toContain(KEY_SECOND);
  });

  test("the latest report up to T counts (a tie: the later row); verdicts confirmed / not_confirmed; unmatched keys", async () => {
    const m = await compareA();
    const counted = (rows: Record<string, unknown>[]) =>
      Object.fromEntries(rows.map((r) => [r.finding_key, [r.status, r.verdict, r.matched]]));
    expect(counted(m.rectifications)).toEqual({
      "F01:R01": ["rectified", "confirmed", true], // resolved at T1
      "F01:R03": ["rectified", "not_confirmed", true], // reopened by the refund: 整改不实
      "F03:R01": ["explained", null, true],
      "F04:R04": ["rectified", "confirmed", true], // claimed twice: the later report wins
      "F05:R05": ["explained", null, false], // a tie on 11-01: the later row wins; the finding is gone
      "F06:R06": ["rectified", "not_confirmed", true], // still open
      "F07:R04": ["rectified", "confirmed", false], // gone: confirmed, and unmatched
      [KEY_SECOND]: ["in_progress", null, true],
      "F12:R01": ["in_progress", null, false], // well-formed, no such finding
    });
    // At T0 only the reports dated by 2021-06-30 count; F02:R02's only valid report is dated after T1.
    expect(counted(m.rectificationsThen)).toEqual({
      "F03:R01": ["explained", null, true],
      "F04:R04": ["in_progress", null, true],
    });
    const county = m.rollups.find((r) => r.level === "county" && r.code === "440104")!;
    expect(county).toMatchObject({
      findings_open: 7,
      rectified_confirmed: 3,
      rectified_not_confirmed: 2,
      in_progress: 2,
      explained: 2,
      unmatched_rectifications: 3,
    });
    const f06 = m.findings.find((f) => f.finding_key === "F06:R06")!;
    expect([f06.rectification, f06.reported_on, f06.verdict]).toEqual([
      "rectified",
      "2021-11-15",
      "not_confirmed",
    ]);
    expect(m.findings.find((f) => f.finding_key === "F01:R01")!.note).toBe("资金已于9月到账");
  });

  test("across the files of a rectifications/ folder a tie goes to the later file by name", async () => {
    const dir = await writeDataDir(tables);
    await mkdir(join(dir, "rectifications"));
    await writeFile(
      join(dir, "rectifications", "a-越秀区.csv"),
      tableCsv("rectifications", [
        { finding_key: "F06:R06", status: "in_progress", reported_on: "2021-11-01" },
      ]),
    );
    await writeFile(
      join(dir, "rectifications", "b-越秀区.csv"),
      tableCsv("rectifications", [
        { finding_key: "F06:R06", status: "rectified", reported_on: "2021-11-01" },
      ]),
    );
    const m = await comparisonOf(dir, { asOf: "2021-12-31", compareTo: "2021-06-30" });
    expect(m.rectifications.map((r) => [r.finding_key, r.status, r.verdict])).toEqual([
      ["F06:R06", "rectified", "not_confirmed"],
    ]);
  });
});

describe("xianbao metrics --data DIR --out DIR --as-of T1 --compare-to T0", () => {
  const io = () => {
    const err: string[] = [];
    return { io: { out: () => {}, err: (t: string) => err.push(t), isTTY: false }, err };
  };
  const metricsArgv = (dir: string, out: string, asOf: string, compareTo: string) => [
    "node",
    "xianbao",
    "metrics",
    "--data",
    dir,
    "--out",
    out,
    "--as-of",
    asOf,
    "--compare-to",
    compareTo,
  ];
  const csv = async (file: string) => {
    const [header, ...rows] = (await readFile(file, "utf8")).trimEnd().split("\n");
    const keys = header.split(",");
    return { header, rows: rows.map((r) => Object.fromEntries(r.split(",").map((v, i) => [keys[i], v]))) };
  };

  test("writes changes.csv with exactly its columns, the review columns of findings.csv and counties.csv, no ID", async () => {
    const dir = await writeDataDir(tables, { rectifications: ledger });
    const out = await mkdtemp(join(tmpdir(), "xianbao-review-"));
    const c = io();
    expect(await main(metricsArgv(dir, out, "2021-12-31", "2021-06-30"), c.io)).toBe(0);
    expect((await readdir(out)).sort()).toContain("changes.csv");
    const changes = await csv(join(out, "changes.csv"));
    expect(changes.header).toBe(
      "level,code,name,received_yuan_then,received_yuan_now,distributed_yuan_then,distributed_yuan_now,unallocated_yuan_then,unallocated_yuan_now,shortfall_yuan_then,shortfall_yuan_now,stock_remaining_yuan_then,stock_remaining_yuan_now,stock_cleared_yuan,increment_open_yuan_then,increment_open_yuan_now,new_increment_projects,findings_open_then,findings_open_now,findings_new,findings_resolved",
    );
    expect(changes.rows.map((r) => [r.level, r.code, r.name])).toEqual([
      ["province", "", "广东省"],
      ["city", "4401", "广州市"],
      ["city", "4417", "阳江市"],
      ["county", "440104", "越秀区"],
      ["county", "441702", "江城区"],
    ]);
    expect(changes.rows[3]).toMatchObject({
      received_yuan_then: "55000.00",
      stock_cleared_yuan: "",
      findings_open_then: "8",
      findings_open_now: "7",
      findings_new: "4",
      findings_resolved: "6",
    });
    const findings = await csv(join(out, "findings.csv"));
    expect(findings.header).toBe(
      "code,project_id,village_code,person,amount_yuan,detail,finding_key,resolved,rectification,verdict",
    );
    const counties = await csv(join(out, "counties.csv"));
    expect(
      counties.header.endsWith(
        ",F12,findings_open,rectified_confirmed,rectified_not_confirmed,in_progress,explained,unmatched_rectifications",
      ),
    ).toBe(true);
    expect(counties.rows[0]).toMatchObject({
      county_code: "440104",
      findings_open: "7",
      rectified_not_confirmed: "2",
    });
    const text = (await Promise.all((await readdir(out)).map((f) => readFile(join(out, f), "utf8")))).join(
      "\n",
    );
    for (const id of ["440104197001010019", "440104198002020019", X]) expect(text).not.toContain(id);
    expect(text).toContain(`,${KEY_THIRD},false,,`);
    await rm(out, { recursive: true, force: true });
  });

  test("without --compare-to no changes.csv; --compare-to not before --as-of exits 1 in Chinese and English", async () => {
    const dir = await writeDataDir(tables);
    const out = await mkdtemp(join(tmpdir(), "xianbao-review-"));
    expect(await main(["node", "xianbao", "metrics", "--data", dir, "--out", out], io().io)).toBe(0);
    expect(await readdir(out)).not.toContain("changes.csv");
    const c = io();
    expect(await main(metricsArgv(dir, out, "2021-06-30", "2021-07-01"), c.io)).toBe(1);
    expect(c.err.join("\n")).toMatch(/必须早于[\s\S]*must be before/);
    await rm(out, { recursive: true, force: true });
  });
});

describe("xianbao export → a county fills it in (openpyxl) → loaded back as rectifications", () => {
  // test/returned/returned.xlsx is the export of data set A filled in by test/returned/fill.py: five
  // findings answered (a date typed as text, others as Excel dates), seven left unanswered, a signature
  // line below the table.
  const returned = join(import.meta.dirname, "returned", "returned.xlsx");
  const cells = async (file: string) => {
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(file);
    const rows: string[][] = [];
    book.worksheets[0].eachRow((r) => {
      const values = r.values as unknown[];
      rows.push(EVIDENCE_COLUMNS.map((_, i) => (values[i + 1] == null ? "" : String(values[i + 1]))));
    });
    return rows;
  };

  test("the returned file is the list it was sent, answer columns aside", async () => {
    const sent = join(await mkdtemp(join(tmpdir(), "xianbao-sent-")), "sent.xlsx");
    expect(await writeSent(sent)).toBe(0);
    const answers = EVIDENCE_COLUMNS.length - 3;
    const strip = (rows: string[][]) => rows.filter((r) => r[0] !== "").map((r) => r.slice(0, answers));
    // If this fails the export changed: regenerate returned.xlsx as test/returned/sent.ts says.
    expect(strip(await cells(returned))).toEqual(strip(await cells(sent)));
    expect((await cells(sent))[0]).toEqual(EVIDENCE_COLUMNS.map((c) => c.label));
  });

  test("loaded unchanged: five reports, seven unanswered, the signature a blank row; the verdicts", async () => {
    const dir = await writeDataDir(tables);
    await copyFile(returned, join(dir, "rectifications.xlsx"));
    const m = await comparisonOf(dir, { asOf: "2021-12-31", compareTo: "2021-06-30" });
    const file = m.report.files.find((f) => f.table === "rectifications")!;
    expect(file).toMatchObject({
      file: "rectifications.xlsx",
      rows_read: 5,
      rows_loaded: 5,
      rows_rejected: 0,
      unanswered_rows: 7,
      blank_rows: 1,
    });
    expect(file.extra_columns).toEqual(
      EVIDENCE_COLUMNS.filter((c) => !["finding_key", "status", "reported_on", "note"].includes(c.key)).map(
        (c) => c.label,
      ),
    );
    expect(m.ledger.map((r) => [r.finding_key, r.status, r.reported_on])).toEqual([
      ["F01:R01", "rectified", "2021-11-01"],
      ["F01:R03", "rectified", "2021-11-20"],
      ["F04:R04", "rectified", "2021-10-08"],
      ["F06:R06", "explained", "2021-11-30"],
      [KEY_SECOND, "in_progress", "2021-12-20"],
    ]);
    expect(m.rectifications.map((r) => [r.finding_key, r.verdict])).toEqual([
      ["F01:R01", "confirmed"],
      ["F01:R03", "not_confirmed"],
      ["F04:R04", "confirmed"],
      ["F06:R06", null],
      [KEY_SECOND, null],
    ]);
  });
});
