// The metrics command's files (docs/outputs.md): exactly these columns (with the review cycle's at the end
// of findings.csv and counties.csv), these formats, nothing a spreadsheet would run, no full ID.
import { describe, expect, test } from "vitest";
import { mkdtemp, readFile, readdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main } from "../loaders/cli.ts";
import { personId, project, writeDataDir } from "./fixtures.ts";

const COLUMNS = {
  "projects.csv":
    "project_id,county_code,approved_on,required_yuan,received_yuan,in_special_yuan,distributed_yuan,shortfall_yuan,unallocated_yuan,over_allocated_yuan,funded_on,virtual_people,actual_people,headcount_ratio,per_capita_yuan,old_method_yuan,new_method_yuan,is_stock,is_increment,unallocated_0_180,unallocated_181_365,unallocated_366_730,unallocated_731_1095,unallocated_over_1095",
  "counties.csv":
    "county_code,county_name,city_name,projects,required_yuan,received_yuan,distributed_yuan,unallocated_yuan,shortfall_yuan,stock_projects,stock_baseline_yuan,stock_remaining_yuan,stock_progress,increment_projects,increment_open_yuan,F01,F02,F03,F04,F05,F06,F07,F08,F09,F10,F11,F12,findings_open,rectified_confirmed,rectified_not_confirmed,in_progress,explained,unmatched_rectifications",
  "findings.csv":
    "code,project_id,village_code,person,amount_yuan,detail,finding_key,resolved,rectification,verdict",
  "monthly.csv": "month,received_yuan,distributed_yuan,unallocated_yuan,stock_remaining_yuan",
};

const injected = '=HYPERLINK("http://example.invalid","点我")';
const minor = personId("440103", "20100101", 1);
const bad = "440103197001010019"; // wrong check character

async function run(): Promise<string> {
  const dir = await writeDataDir({
    projects: [
      project(injected, {
        approved_on: "2023-03-01",
        required_yuan: "9000.00",
        area_mu: "1",
        farmland_mu: "1",
      }),
      project("P2", { approved_on: "2019-05-01", required_yuan: "100.50" }),
    ],
    villages: [
      { village_code: "440103001001", village_name: "甲村", farmland_per_capita_mu: "3", adult_share: "1" },
    ],
    project_villages: [{ project_id: injected, village_code: "440103001001", farmland_mu: "1" }],
    fund_flows: [
      {
        flow_id: "F1",
        project_id: injected,
        flow: "deposit",
        account: "special",
        flow_on: "2023-04-01",
        amount_yuan: "9000.00",
      },
    ],
    distributions: [
      {
        record_id: "R1",
        project_id: injected,
        village_code: "440103001001",
        person_id: minor,
        amount_yuan: "100.00",
        credited_on: "2023-04-02",
        account: "individual",
      },
      {
        record_id: "R2",
        project_id: injected,
        village_code: "440103001001",
        person_id: bad,
        amount_yuan: "100.00",
        credited_on: "2023-04-02",
        account: "individual",
      },
    ],
  });
  const out = await mkdtemp(join(tmpdir(), "xianbao-out-"));
  const io = { out: () => {}, err: () => {}, isTTY: false };
  expect(
    await main(["node", "xianbao", "metrics", "--data", dir, "--out", out, "--as-of", "2024-06-30"], io),
  ).toBe(0);
  return out;
}

const lines = async (file: string) => (await readFile(file, "utf8")).trimEnd().split("\n");

describe("xianbao metrics --data DIR --out DIR", () => {
  test("writes exactly the files and columns of docs/outputs.md", async () => {
    const out = await run();
    expect((await readdir(out)).sort()).toEqual([
      "counties.csv",
      "findings.csv",
      "load_report.json",
      "monthly.csv",
      "projects.csv",
      "rejects.csv",
    ]);
    for (const [file, header] of Object.entries(COLUMNS))
      expect((await lines(join(out, file)))[0], file).toBe(header);
    const report = JSON.parse(await readFile(join(out, "load_report.json"), "utf8"));
    expect(report.tables.distributions).toMatchObject({ rows_read: 2, rows_loaded: 1, rows_rejected: 1 });
    expect(report.files.map((f: { file: string }) => f.file)).toContain("distributions.csv");
  });

  test("formats: money with 2 decimals, ratios with 4, booleans, ISO dates, empty for null", async () => {
    const out = await run();
    const [header, ...rows] = await lines(join(out, "projects.csv"));
    const keys = header.split(",");
    const p2 = Object.fromEntries(
      rows
        .find((r) => r.startsWith("P2,"))!
        .split(",")
        .map((v, i) => [keys[i], v]),
    );
    // P2: required 100.50, nothing received, no villages, approved before the baseline: a stock project
    expect(p2).toMatchObject({
      required_yuan: "100.50",
      received_yuan: "0.00",
      shortfall_yuan: "100.50",
      funded_on: "",
      virtual_people: "0.00",
      actual_people: "0",
      headcount_ratio: "",
      per_capita_yuan: "",
      is_stock: "true",
      is_increment: "false",
      approved_on: "2019-05-01",
    });
    const county = (await lines(join(out, "counties.csv")))[1].split(",");
    expect(county[12]).toBe("0.0000"); // stock_progress: nothing of the 100.50 paid yet
    const monthly = await lines(join(out, "monthly.csv"));
    expect(monthly.at(-1)).toMatch(/^2024-06,/);
  });

  test("neutralises formula-like cells and masks IDs", async () => {
    const out = await run();
    const all = (
      await Promise.all(
        ["projects.csv", "findings.csv", "rejects.csv"].map((f) => readFile(join(out, f), "utf8")),
      )
    ).join("\n");
    expect(all).toContain(`"'=HYPERLINK(""http://example.invalid"",""点我"")"`);
    expect(all).not.toMatch(/(^|,)"?=HYPERLINK/m);
    expect(all).not.toContain(minor);
    expect(all).not.toContain(bad);
    expect(all).toContain("440103********0019");
    const findings = await lines(join(out, "findings.csv"));
    expect(findings.some((l) => l.startsWith("F09,") && l.includes("440103********"))).toBe(true);
  });
});
