// The review cycle (docs/review.md) on small hand-written data sets: finding keys, resolution of every
// rule, the period comparison, the rectification ledger and its verdicts. Expected values are worked out
// by hand in the comments, never by re-running the SQL.
import { describe, expect, test } from "vitest";
import { mkdtemp, readFile, readdir, writeFile, mkdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main } from "../loaders/cli.ts";
import { halfYearBefore } from "../loaders/metrics.ts";
import { comparisonOf, personId, project, tableCsv, writeDataDir, type Row } from "./fixtures.ts";

const V = (code: string) => ({
  village_code: code,
  village_name: `村${code.slice(-3)}`,
  farmland_per_capita_mu: "1",
  adult_share: "1",
});

let flowSeq = 0;
const flow = (project_id: string, flow: string, account: string, flow_on: string, amount_yuan: string) => ({
  flow_id: `FL${++flowSeq}`,
  project_id,
  flow,
  account,
  flow_on,
  amount_yuan,
});

let personSeq = 0;
const someone = (county = "440104") => personId(county, "19700101", ++personSeq);
let recordSeq = 0;
const credit = (
  project_id: string,
  village_code: string,
  amount_yuan: string,
  credited_on: string,
  person_id = someone(village_code.slice(0, 6)),
  record_id = `RC${++recordSeq}`,
): Row => ({
  record_id,
  project_id,
  village_code,
  person_id,
  amount_yuan,
  credited_on,
  account: "individual",
});

// ---------------------------------------------------------------------------------------------------
// Data set A: T0 = 2021-06-30, T1 = 2021-12-31 (both before the stock baseline). One village per project
// whose virtual headcount is the project's area (1 mu per head, all adults), zone price 50,000: the new
// method (10,000 a head) is above the old (9,000), so F12 never fires. Approved 2021-03-01 unless said:
// the special-account deadline (F03) is 2021-04-30.
const projects: Row[] = [];
const villages: Row[] = [];
const links: Row[] = [];
const flows: Row[] = [];
const credits: Row[] = [];
function add(id: string, county: string, virtual: number, fields: Row = {}): string {
  const village = `${county}${String(projects.length + 1).padStart(6, "0")}`;
  projects.push(
    project(id, {
      county_code: county,
      approved_on: "2021-03-01",
      area_mu: String(virtual),
      farmland_mu: String(virtual),
      zone_price: "50000",
      required_yuan: "10000.00",
      ...fields,
    }),
  );
  villages.push(V(village));
  links.push({ project_id: id, village_code: village, farmland_mu: String(virtual) });
  return village;
}

// R01: nothing by the approval; 10,000 straight into the special account on 09-01. At T0 F01 (approval)
// and F03 (deadline 04-30) are open; at T1 both are resolved (received and in_special reach 10,000).
const v01 = add("R01", "440104", 1);
flows.push(flow("R01", "deposit", "special", "2021-09-01", "10000.00"));
credits.push(credit("R01", v01, "10000.00", "2021-09-10"));
// R02: 10,000 deposited before approval and transferred 03-10, 5,000 refunded 04-01, land supplied 05-01:
// F02 (5,000 short on the supply day), open at T0; 5,000 more on 08-01: resolved at T1.
const v02 = add("R02", "440104", 1, { supplied_on: "2021-05-01" });
flows.push(
  flow("R02", "deposit", "pre_deposit", "2021-01-01", "10000.00"),
  flow("R02", "transfer", "special", "2021-03-10", "10000.00"),
  flow("R02", "refund", "pre_deposit", "2021-04-01", "5000.00"),
  flow("R02", "deposit", "pre_deposit", "2021-08-01", "5000.00"),
);
credits.push(credit("R02", v02, "5000.00", "2021-04-10"));
// R03: paid in full 04-01, a month after approval: F01, already resolved at T0. A refund of 1,000 on 08-01
// reopens it at T1, and the 10,000 credited on 04-15 is now 1,000 more than received: F05, new at T1.
const v03 = add("R03", "440104", 1);
flows.push(
  flow("R03", "deposit", "special", "2021-04-01", "10000.00"),
  flow("R03", "refund", "special", "2021-08-01", "1000.00"),
);
credits.push(credit("R03", v03, "10000.00", "2021-04-15"));
// R04: funded 01-01, nobody credited by 04-30: F04 and (funded, 0 of 1 person) F07, both open at T0. The
// first credit on 08-01: F04 stays on record, resolved; F07 is gone (1 of 1).
const v04 = add("R04", "440104", 1);
flows.push(flow("R04", "deposit", "special", "2021-01-01", "10000.00"));
credits.push(credit("R04", v04, "10000.00", "2021-08-01"));
// R05: 11,000 credited of 10,000 received: F05 open at T0; 1,000 more arrives 09-01: gone at T1.
const v05 = add("R05", "440104", 2);
flows.push(
  flow("R05", "deposit", "special", "2021-01-01", "10000.00"),
  flow("R05", "deposit", "special", "2021-09-01", "1000.00"),
);
credits.push(credit("R05", v05, "6000.00", "2021-04-01"), credit("R05", v05, "5000.00", "2021-04-01"));
// R06: 2 people for 1 virtual: F06, open at both dates.
const v06 = add("R06", "440104", 1);
flows.push(flow("R06", "deposit", "special", "2021-01-01", "10000.00"));
credits.push(credit("R06", v06, "5000.00", "2021-04-01"), credit("R06", v06, "5000.00", "2021-04-01"));
// R08: person X credited on 04-01, 05-01 and 10-01 (F08 on the second and third credits), Y once. Three of
// the record ids embed ID numbers; the second and third differ only in the masked digits, so they mask
// alike: the earlier keeps the masked text, the later gets ~2.
const v08 = add("R08", "440104", 2);
const X = someone();
const FIRST = "R-440104197001010019-0";
const SECOND = "R-440104197001010019-1";
const THIRD = "R-440104198002020019-1";
const KEY_SECOND = "F08:R08:R-440104********0019-1";
const KEY_THIRD = "F08:R08:R-440104********0019-1~2";
flows.push(flow("R08", "deposit", "special", "2021-01-01", "10000.00"));
credits.push(
  credit("R08", v08, "2000.00", "2021-04-01", X, FIRST),
  credit("R08", v08, "2000.00", "2021-05-01", X, SECOND),
  credit("R08", v08, "2000.00", "2021-04-01", someone(), "R8-Y"),
  credit("R08", v08, "2000.00", "2021-10-01", X, THIRD),
);
// R12: approved 09-01, inside the period, with no money at all: F01 and F03 (deadline 10-31), new at T1.
add("R12", "440104", 1, { approved_on: "2021-09-01" });
// Y06 in Yangjiang (another city): like R06, F06 open at both dates.
const y06 = add("Y06", "441702", 1);
flows.push(flow("Y06", "deposit", "special", "2021-01-01", "10000.00"));
credits.push(credit("Y06", y06, "5000.00", "2021-04-01"), credit("Y06", y06, "5000.00", "2021-04-01"));

const tables = { projects, villages, project_villages: links, fund_flows: flows, distributions: credits };

// The returned ledger, row 2 onwards (the header is row 1).
const ledger: Row[] = [
  /* 2 */ { finding_key: "F01:R01", status: "rectified", reported_on: "2021-11-01", note: "资金已于9月到账" },
  /* 3 */ { finding_key: "F03:R01", status: "explained", reported_on: "2021-06-01" },
  /* 4 */ { finding_key: "F06:R06", status: "rectified", reported_on: "2021-11-15" },
  /* 5 */ { finding_key: "F05:R05", status: "rectified", reported_on: "2021-11-01" },
  /* 6 */ { finding_key: "F05:R05", status: "explained", reported_on: "2021-11-01" },
  /* 7 */ { finding_key: "F04:R04", status: "in_progress", reported_on: "2021-05-20" },
  /* 8 */ { finding_key: "F04:R04", status: "rectified", reported_on: "2021-09-01" },
  /* 9 */ { finding_key: "F07:R04", status: "rectified", reported_on: "2021-10-01" },
  /* 10 */ { finding_key: "F12:R01", status: "in_progress", reported_on: "2021-10-01" },
  /* 11 */ { finding_key: "f08：R08:R-440104********0019-1", status: "整改中", reported_on: "2021-10-05" },
  /* 12 */ { finding_key: "F06:R06" },
  /* 13 */ { finding_key: "F1:R01", status: "rectified", reported_on: "2021-10-01" },
  /* 14 */ { finding_key: "F01:NOPE", status: "rectified", reported_on: "2021-10-01" },
  /* 15 */ { finding_key: "F11:R01:123", status: "rectified", reported_on: "2021-10-01" },
  /* 16 */ { finding_key: "F02:R02", status: "done", reported_on: "2021-10-01" },
  /* 17 */ { finding_key: "F02:R02", status: "已整改", reported_on: "2021/10/32" },
  /* 18 */ { finding_key: "F02:R02", status: "已整改", reported_on: "2022-01-15" },
  /* 19 */ { finding_key: "F01:R03", status: "已整改", reported_on: "2021年12月1日" },
];

const compareA = async () =>
  comparisonOf(await writeDataDir(tables, { rectifications: ledger }), {
    asOf: "2021-12-31",
    compareTo: "2021-06-30",
  });
const keysOf = (rows: Record<string, unknown>[], pick = (_r: Record<string, unknown>) => true) =>
  rows
    .filter(pick)
    .map((r) => r.finding_key)
    .sort();

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
  const csv = async (file: string) => {
    const [header, ...rows] = (await readFile(file, "utf8")).trimEnd().split("\n");
    const keys = header.split(",");
    return { header, rows: rows.map((r) => Object.fromEntries(r.split(",").map((v, i) => [keys[i], v]))) };
  };

  test("writes changes.csv with exactly its columns, the review columns of findings.csv and counties.csv, no ID", async () => {
    const dir = await writeDataDir(tables, { rectifications: ledger });
    const out = await mkdtemp(join(tmpdir(), "xianbao-review-"));
    const c = io();
    expect(
      await main(
        [
          "node",
          "xianbao",
          "metrics",
          "--data",
          dir,
          "--out",
          out,
          "--as-of",
          "2021-12-31",
          "--compare-to",
          "2021-06-30",
        ],
        c.io,
      ),
    ).toBe(0);
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
    expect(
      await main(
        [
          "node",
          "xianbao",
          "metrics",
          "--data",
          dir,
          "--out",
          out,
          "--as-of",
          "2021-06-30",
          "--compare-to",
          "2021-07-01",
        ],
        c.io,
      ),
    ).toBe(1);
    expect(c.err.join("\n")).toMatch(/必须早于[\s\S]*must be before/);
    await rm(out, { recursive: true, force: true });
  });
});
