// Ingest (docs/data.md): every input format and encoding, every validation rule with its message,
// row accounting and the atomic swap.
import { describe, expect, test } from "vitest";
import { execFileSync } from "node:child_process";
import { mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { main } from "../loaders/cli.ts";
import { ingest, ingestInto } from "../loaders/ingest.ts";
import { isBalanced, type LoadReport } from "../loaders/report.ts";
import { withWarehouse } from "../loaders/warehouse.ts";
import { BilingualError } from "../loaders/errors.ts";
import { encodeGbk } from "../tools/sample/gbk.ts";
import JSZip from "jszip";
import { writeXlsx } from "@xianbao/common/xlsx.js";
import { personId, project, tableCsv, writeDataDir, type Tables } from "./fixtures.ts";

const TODAY = "2026-11-23";

interface Loaded {
  report: LoadReport;
  rejects: {
    table_name: string;
    file: string;
    row: number;
    field: string | null;
    value: string | null;
    reason_code: string;
    reason_zh: string;
    reason_en: string;
  }[];
  rows: Record<string, Record<string, unknown>[]>;
}

async function load(dir: string): Promise<Loaded> {
  return withWarehouse(":memory:", async (db) => {
    const report = await ingestInto(db, dir, { today: TODAY });
    const rejects = await db.rows<Loaded["rejects"][number]>(
      `SELECT r.table_name, s.file, CAST(r.row AS INTEGER) AS row, r.field, r.value, r.reason_code, r.reason_zh, r.reason_en
       FROM rejects r JOIN sources s USING (file_id) ORDER BY r.file_id, r.row, r.field`,
    );
    const rows: Loaded["rows"] = {};
    for (const t of ["projects", "villages", "project_villages", "fund_flows", "distributions"])
      rows[t] = await db.rows(`SELECT * FROM ${t} ORDER BY src_file, src_row`);
    return { report, rejects, rows };
  });
}

async function loadError(dir: string): Promise<BilingualError> {
  try {
    await load(dir);
  } catch (error) {
    expect(error).toBeInstanceOf(BilingualError);
    return error as BilingualError;
  }
  throw new Error("expected the load to fail");
}

const village = {
  village_code: "440103001001",
  village_name: "甲村",
  farmland_per_capita_mu: "1.2",
  adult_share: "0.8",
};
const base: Tables = {
  projects: [project("P1", { applied_on: "2020-01-05", supplied_on: "2020-04-01" })],
  villages: [village],
  project_villages: [
    {
      project_id: "P1",
      village_code: "440103001001",
      farmland_mu: "10",
      compensation_paid_on: "2020-03-10",
      quota: "8",
    },
  ],
  fund_flows: [
    {
      flow_id: "F1",
      project_id: "P1",
      flow: "deposit",
      account: "pre_deposit",
      flow_on: "2020-01-01",
      amount_yuan: "90000.00",
    },
  ],
  distributions: [
    {
      record_id: "D1",
      project_id: "P1",
      village_code: "440103001001",
      person_id: personId("440103", "19700101", 1),
      amount_yuan: "1000.00",
      credited_on: "2020-04-15",
      account: "individual",
    },
  ],
};

const chineseProjectsHeader =
  "批次编号, 项目名称 ,县区代码,报批日期,批复日期,供地日期,征收面积（亩）,农用地面积(亩),区片综合地价（元/亩）,筹资办法,应筹补贴资金(元)";

describe("ingestInto(db, dir): formats and encodings", () => {
  test("UTF-8 CSV with English headers", async () => {
    const { report, rows } = await load(await writeDataDir(base));
    expect(isBalanced(report)).toBe(true);
    expect(report.tables.projects).toMatchObject({ rows_read: 1, rows_loaded: 1, rows_rejected: 0 });
    expect(rows.projects[0]).toMatchObject({
      project_id: "P1",
      approved_on: "2020-03-01",
      area_mu: "10.0000",
      zone_price: "50000.00",
      method: "per_person",
      required_yuan: "90000.00",
    });
    expect(report.files[0]).toMatchObject({ format: "csv", encoding: "utf-8", delimiter: "," });
  });

  test("UTF-8 with BOM, Chinese headers with full-width brackets and spaces, Chinese enum labels", async () => {
    const dir = await writeDataDir(base);
    await writeFile(
      join(dir, "projects.csv"),
      "\ufeff" +
        chineseProjectsHeader +
        '\nP1,甲项目,440103,2020年1月5日,2020/3/1,20200401,"1,000.5",10,５００００,以人筹资,"90,000.00"\n',
    );
    const { report, rows } = await load(dir);
    expect(report.files.find((f) => f.table === "projects")).toMatchObject({
      encoding: "utf-8-bom",
      rows_loaded: 1,
    });
    expect(rows.projects[0]).toMatchObject({
      applied_on: "2020-01-05",
      approved_on: "2020-03-01",
      supplied_on: "2020-04-01",
      area_mu: "1000.5000",
      zone_price: "50000.00",
      method: "per_person",
      required_yuan: "90000.00",
    });
  });

  test("GBK (what Excel on Chinese Windows writes) with Chinese headers", async () => {
    const dir = await writeDataDir(base);
    const text =
      '凭证号,批次编号,类型,账户,日期,金额(元)\nF1,P1,到账,征地费用预存账户,2020/1/1,"90,000.00"\nF2,P1,划入,社保基金财政专户,2020/3/20,"90,000.00"\n';
    await writeFile(join(dir, "fund_flows.csv"), encodeGbk(text));
    const { report, rows } = await load(dir);
    expect(report.files.find((f) => f.table === "fund_flows")).toMatchObject({
      encoding: "gb18030",
      rows_loaded: 2,
    });
    expect(rows.fund_flows.map((f) => [f.flow, f.account, f.flow_on, f.amount_yuan])).toEqual([
      ["deposit", "pre_deposit", "2020-01-01", "90000.00"],
      ["transfer", "special", "2020-03-20", "90000.00"],
    ]);
  });

  test("UTF-16 with BOM, tab-delimited (Excel's Unicode text)", async () => {
    const dir = await writeDataDir(base);
    const text =
      "村代码\t村名\t2002年末人均农用地(亩)\t16周岁以上人口比例\r\n440103001001\t甲村\t1.2\t80%\r\n";
    await writeFile(
      join(dir, "villages.csv"),
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]),
    );
    const { report, rows } = await load(dir);
    expect(report.files.find((f) => f.table === "villages")).toMatchObject({
      encoding: "utf-16le",
      delimiter: "tab",
      rows_loaded: 1,
    });
    expect(rows.villages[0]).toMatchObject({ village_name: "甲村", adult_share: "0.800000" });
  });

  test("semicolon-delimited CSV", async () => {
    const dir = await writeDataDir(base);
    await writeFile(
      join(dir, "villages.csv"),
      "village_code;village_name;farmland_per_capita_mu;adult_share\n440103001001;甲村;1,2;0.8\n",
    );
    const { rows, rejects } = await load(dir);
    // "1,2" is not a number here (a decimal comma would be ambiguous): rejected, not read as 12
    expect(rows.villages).toEqual([]);
    expect(rejects[0]).toMatchObject({
      field: "farmland_per_capita_mu",
      value: "1,2",
      reason_code: "number_format",
    });
  });

  test("XLSX: first sheet, header row, numbers, dates as cells or text, the sheet's row numbers", async () => {
    const dir = await writeDataDir(base);
    await rm(join(dir, "projects.csv"));
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("批次");
    ws.addRow(chineseProjectsHeader.split(","));
    ws.addRow([
      "P1",
      "甲项目",
      440103,
      null,
      new Date(Date.UTC(2020, 2, 1)),
      null,
      10,
      10,
      50000,
      "per_person",
      90000,
    ]);
    ws.addRow([]);
    ws.addRow(["P2", "乙项目", "440103", "", "2020-03-01", "", 10.5, 20, 50000, "per_person", 1.5]);
    wb.addWorksheet("说明").addRow(["这张表不读"]);
    await wb.xlsx.writeFile(join(dir, "projects.xlsx"));
    const { report, rows, rejects } = await load(dir);
    expect(report.files.find((f) => f.table === "projects")).toMatchObject({
      format: "xlsx",
      sheet: "批次",
      rows_read: 2,
      rows_loaded: 1,
      rows_rejected: 1,
    });
    expect(rows.projects[0]).toMatchObject({
      project_id: "P1",
      county_code: "440103",
      approved_on: "2020-03-01",
      required_yuan: "90000.00",
    });
    // the sheet's own row number, after the empty row 3
    expect(rejects).toEqual([
      expect.objectContaining({
        file: "projects.xlsx",
        row: 4,
        field: "farmland_mu",
        reason_code: "farmland_over_area",
      }),
    ]);
  });

  test("XLSX written by the project's own writer", async () => {
    const dir = await writeDataDir(base);
    await rm(join(dir, "villages.csv"));
    await writeFile(
      join(dir, "villages.xlsx"),
      await writeXlsx(JSZip, [
        ["村代码", "村名", "2002年末人均农用地(亩)", "16周岁以上人口比例"],
        ["440103001001", "甲村", 1.2, 0.8],
      ]),
    );
    const { rows } = await load(dir);
    expect(rows.villages[0]).toMatchObject({
      village_code: "440103001001",
      farmland_per_capita_mu: "1.2000",
    });
  });

  test("Parquet with typed columns", async () => {
    const dir = await writeDataDir(base);
    await rm(join(dir, "fund_flows.csv"));
    await withWarehouse(":memory:", (db) =>
      db.run(
        `COPY (SELECT 'F1' AS flow_id, 'P1' AS project_id, 'deposit' AS flow, 'pre_deposit' AS account,
                DATE '2020-01-01' AS flow_on, 90000.00::DECIMAL(18,2) AS amount_yuan
          UNION ALL SELECT 'F2', 'P1', 'refund', 'pre_deposit', DATE '2020-02-01', 0::DECIMAL(18,2))
         TO $path (FORMAT parquet)`,
        { path: join(dir, "fund_flows.parquet") },
      ),
    );
    const { report, rows, rejects } = await load(dir);
    expect(report.files.find((f) => f.table === "fund_flows")).toMatchObject({
      format: "parquet",
      rows_read: 2,
      rows_loaded: 1,
    });
    expect(rows.fund_flows[0]).toMatchObject({ flow_on: "2020-01-01", amount_yuan: "90000.00" });
    expect(rejects).toEqual([
      expect.objectContaining({ row: 2, field: "amount_yuan", reason_code: "money_zero" }),
    ]);
  });

  test("a table as a folder of several files in several formats, read as one table", async () => {
    const dir = await writeDataDir(base);
    await rm(join(dir, "distributions.csv"));
    await mkdir(join(dir, "distributions"));
    const rows = [1, 2, 3].map((i) => ({
      record_id: `D${i}`,
      project_id: "P1",
      village_code: "440103001001",
      person_id: personId("440103", "19700101", i),
      amount_yuan: "100.00",
      credited_on: "2020-04-15",
      account: "individual",
    }));
    await writeFile(join(dir, "distributions", "4401-a.csv"), tableCsv("distributions", rows.slice(0, 2)));
    await writeFile(
      join(dir, "distributions", "4401-b.xlsx"),
      await writeXlsx(JSZip, [Object.keys(rows[2]), Object.values(rows[2])]),
    );
    await writeFile(join(dir, "distributions", "说明.docx"), "not a table");
    const { report } = await load(dir);
    expect(report.tables.distributions).toMatchObject({
      rows_read: 3,
      rows_loaded: 3,
      files: ["distributions/4401-a.csv", "distributions/4401-b.xlsx"],
    });
    expect(report.ignored_files).toContain("distributions/说明.docx");
  });

  test("a CSV named .xlsx and an XLSX named .csv are read by their content, with a warning", async () => {
    const dir = await writeDataDir(base);
    await rm(join(dir, "villages.csv"));
    await writeFile(join(dir, "villages.xlsx"), tableCsv("villages", [village]));
    await writeFile(
      join(dir, "projects.csv"),
      await writeXlsx(
        JSZip,
        tableCsv("projects", base.projects!)
          .trim()
          .split("\n")
          .map((l) => l.split(",")),
      ),
    );
    const { report } = await load(dir);
    expect(report.files.find((f) => f.table === "villages")).toMatchObject({ format: "csv", rows_loaded: 1 });
    expect(report.files.find((f) => f.table === "villages")!.warnings[0]).toMatch(/holds CSV/);
    expect(report.files.find((f) => f.table === "projects")).toMatchObject({
      format: "xlsx",
      rows_loaded: 1,
    });
  });

  test("unknown extra columns are kept aside and reported", async () => {
    const dir = await writeDataDir(base);
    await writeFile(
      join(dir, "villages.csv"),
      "village_code,village_name,备注,farmland_per_capita_mu,adult_share\n440103001001,甲村,整村征收,1.2,0.8\n",
    );
    const { report, rows } = await load(dir);
    expect(report.files.find((f) => f.table === "villages")!.extra_columns).toEqual(["备注"]);
    expect(rows.villages).toHaveLength(1);
  });
});

describe("ingestInto(db, dir): files that cannot be read stop the load, naming the file and the fix", () => {
  const cases: [string, (dir: string) => Promise<void>, RegExp][] = [
    ["an empty file", (d) => writeFile(join(d, "villages.csv"), ""), /villages\.csv.*(空|empty)/],
    [
      "a missing required column",
      (d) => writeFile(join(d, "villages.csv"), "village_code,village_name\n"),
      /village.*farmland_per_capita_mu/,
    ],
    [
      "a field named twice",
      (d) =>
        writeFile(join(d, "villages.csv"), "村代码,village_code,村名,人均农用地(亩),16周岁以上人口比例\n"),
      /village_code/,
    ],
    [
      "binary junk",
      (d) => writeFile(join(d, "villages.csv"), Buffer.from([0x00, 0x01, 0x02, 0xff, 0xfe, 0x00, 0x99])),
      /编码|encoding/,
    ],
    [
      "UTF-16 without a BOM",
      (d) => writeFile(join(d, "villages.csv"), Buffer.from("村代码,村名\n", "utf16le")),
      /encoding/,
    ],
    [
      "a password-protected workbook",
      (d) =>
        writeFile(
          join(d, "villages.xlsx"),
          Buffer.concat([
            Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
            Buffer.alloc(64),
            Buffer.from("EncryptedPackage", "utf16le"),
          ]),
        ).then(() => rm(join(d, "villages.csv"))),
      /password/,
    ],
    [
      "a legacy .xls",
      (d) =>
        writeFile(
          join(d, "villages.xlsx"),
          Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]),
        ).then(() => rm(join(d, "villages.csv"))),
      /\.xls/,
    ],
    [
      "a damaged workbook",
      (d) =>
        writeFile(
          join(d, "villages.xlsx"),
          Buffer.concat([Buffer.from("PK\x03\x04"), Buffer.alloc(100, 7)]),
        ).then(() => rm(join(d, "villages.csv"))),
      /villages\.xlsx.*(damaged|损坏)/s,
    ],
    ["a missing table", (d) => rm(join(d, "villages.csv")), /villages/],
    [
      "policy.json with a wrong type",
      (d) => writeFile(join(d, "policy.json"), '{"transfer_deadline_days": "sixty"}'),
      /transfer_deadline_days/,
    ],
    [
      "policy.json that is not JSON",
      (d) => writeFile(join(d, "policy.json"), "{transfer_deadline_days: 60,}"),
      /policy\.json/,
    ],
    [
      "policy.json with an unknown key",
      (d) => writeFile(join(d, "policy.json"), '{"overrides": {"4401": {"per_persn_yuan": 1}}}'),
      /overrides\.4401\.per_persn_yuan/,
    ],
  ];
  for (const [name, breakIt, message] of cases)
    test(name, async () => {
      const dir = await writeDataDir(base);
      await breakIt(dir);
      const error = await loadError(dir);
      expect(`${error.zh}\n${error.en}`).toMatch(message);
      expect(error.zh).toMatch(/[\u4e00-\u9fff]/);
      expect(error.en).toMatch(/[a-z]/);
    });

  test("a header-only file is a table with no rows, not an error", async () => {
    const dir = await writeDataDir({ ...base, distributions: [] });
    const { report } = await load(dir);
    expect(report.tables.distributions).toMatchObject({ rows_read: 0, rows_loaded: 0, rows_rejected: 0 });
  });
});

describe("ingestInto(db, dir): every rule of docs/data.md rejects its row with a reason", () => {
  const id = (seq: number) => personId("440103", "19700101", seq);
  const bad: Tables = {
    projects: [
      project("P1"),
      project("", { project_name: "x" }), // 3 required
      project("P3", { project_name: "长".repeat(501) }), // 4 text_too_long
      project("P4", { county_code: "4401" }), // 5 county_code_format
      project("P5", { county_code: "999999" }), // 6 county_unknown
      project("P6", { approved_on: "03/01/2020" }), // 7 date_format (month or day first cannot be known)
      project("P7", { approved_on: "2023-02-30" }), // 8 date_invalid
      project("P8", { approved_on: "1900-01-01" }), // 9 date_too_early
      project("P9", { approved_on: "2027-01-01" }), // 10 date_future
      project("P10", { area_mu: "abc" }), // 11 number_format
      project("P11", { area_mu: "1.23456", farmland_mu: "1" }), // 12 decimal_places_4
      project("P12", { area_mu: "-1", farmland_mu: "-2" }), // 13 decimal_negative (both)
      project("P13", { zone_price: "0" }), // 14 decimal_not_positive
      project("P14", { farmland_mu: "11" }), // 15 farmland_over_area
      project("P15", { supplied_on: "2020-02-01" }), // 16 supplied_before_approved
      project("P16", { method: "per_head" }), // 17 method_value
      project("P17", { required_yuan: "九万" }), // 18 money_format
      project("P18", { required_yuan: "1.005" }), // 19 money_decimals
      project("P19", { required_yuan: "-5.00" }), // 20 money_negative
      project("P20", { required_yuan: "99999999999999999" }), // 21 money_range
      project("P1", { project_name: "重复" }), // 22 duplicate_key
      project("P22", { zone_price: "12,34" }), // 23 number_format (bad grouping)
    ],
    villages: [
      village,
      { ...village, village_code: "44010300100" }, // 3 village_code_format
      { ...village, village_code: "999999001001" }, // 4 village_county_unknown
      { ...village, village_code: "440103001004", adult_share: "0" }, // 5 share_range
      { ...village, village_code: "440103001005", adult_share: "0.1234567" }, // 6 decimal_places_6
      { ...village, village_code: "440103001006", farmland_per_capita_mu: "0" }, // 7 decimal_not_positive
      { ...village, village_code: "440104001001" }, // 8 fine, another county
    ],
    project_villages: [
      { project_id: "P1", village_code: "440103001001", farmland_mu: "1" },
      { project_id: "PX", village_code: "440103001001", farmland_mu: "1" }, // 3 project_unknown
      { project_id: "P5", village_code: "440103001001", farmland_mu: "1" }, // 4 project_rejected
      { project_id: "P1", village_code: "440103009999", farmland_mu: "1" }, // 5 village_unknown
      { project_id: "P1", village_code: "440103001004", farmland_mu: "1" }, // 6 village_rejected
      { project_id: "P1", village_code: "440104001001", farmland_mu: "1" }, // 7 village_outside_county
      { project_id: "P1", village_code: "440103001001", farmland_mu: "2" }, // 8 duplicate_key
      { project_id: "P1", village_code: "440103001001", farmland_mu: "1", quota: "1.5" }, // 9 integer_format (+ duplicate? no: invalid rows are not duplicates)
    ],
    fund_flows: [
      {
        flow_id: "F1",
        project_id: "P1",
        flow: "deposit",
        account: "pre_deposit",
        flow_on: "2020-01-01",
        amount_yuan: "90000.00",
      },
      {
        flow_id: "F2",
        project_id: "P1",
        flow: "pay",
        account: "pre_deposit",
        flow_on: "2020-01-01",
        amount_yuan: "1.00",
      }, // 3 flow_value
      {
        flow_id: "F3",
        project_id: "P1",
        flow: "deposit",
        account: "bank",
        flow_on: "2020-01-01",
        amount_yuan: "1.00",
      }, // 4 fund_account_value
      {
        flow_id: "F4",
        project_id: "P1",
        flow: "transfer",
        account: "pre_deposit",
        flow_on: "2020-01-01",
        amount_yuan: "1.00",
      }, // 5 transfer_account
      {
        flow_id: "F5",
        project_id: "P1",
        flow: "deposit",
        account: "special",
        flow_on: "2020-01-01",
        amount_yuan: "0",
      }, // 6 money_zero
      {
        flow_id: "F1",
        project_id: "P1",
        flow: "deposit",
        account: "special",
        flow_on: "2020-01-02",
        amount_yuan: "1.00",
      }, // 7 duplicate_key
      {
        flow_id: "F7",
        project_id: "NOPE",
        flow: "deposit",
        account: "special",
        flow_on: "2020-01-02",
        amount_yuan: "1.00",
      }, // 8 project_unknown
      {
        flow_id: "F8",
        project_id: "P1",
        flow: "deposit",
        account: "special",
        flow_on: "",
        amount_yuan: "1.00",
      }, // 9 required
    ],
    distributions: [
      {
        record_id: "D1",
        project_id: "P1",
        village_code: "440103001001",
        person_id: id(1),
        amount_yuan: "1.00",
        credited_on: "2020-04-01",
        account: "individual",
      },
      {
        record_id: "D2",
        project_id: "P1",
        village_code: "440103001001",
        person_id: "440103700101001",
        amount_yuan: "1.00",
        credited_on: "2020-04-01",
        account: "individual",
      }, // 3 legacy15
      {
        record_id: "D3",
        project_id: "P1",
        village_code: "440103001001",
        person_id: "44010319700101A01X",
        amount_yuan: "1.00",
        credited_on: "2020-04-01",
        account: "individual",
      }, // 4 format
      {
        record_id: "D4",
        project_id: "P1",
        village_code: "440103001001",
        person_id: "440103" + "19701301" + "0010",
        amount_yuan: "1.00",
        credited_on: "2020-04-01",
        account: "individual",
      }, // 5 birth
      {
        record_id: "D5",
        project_id: "P1",
        village_code: "440103001001",
        person_id: id(5).slice(0, 17) + (id(5)[17] === "0" ? "1" : "0"),
        amount_yuan: "1.00",
        credited_on: "2020-04-01",
        account: "individual",
      }, // 6 check
      {
        record_id: "D6",
        project_id: "P1",
        village_code: "440103001001",
        person_id: id(6),
        amount_yuan: "1.00",
        credited_on: "2020-04-01",
        account: "wallet",
      }, // 7 person_account_value
      {
        record_id: "D7",
        project_id: "P1",
        village_code: "440104001001",
        person_id: id(7),
        amount_yuan: "1.00",
        credited_on: "2020-04-01",
        account: "individual",
      }, // 8 project_village_unknown
      {
        record_id: "D8",
        project_id: "P1",
        village_code: "440103001001",
        person_id: id(8),
        amount_yuan: "0.00",
        credited_on: "2020-04-01",
        account: "个人预存款账户",
      }, // 9 money_zero
      {
        record_id: "D9",
        project_id: "P1",
        village_code: "440103001001",
        person_id: id(9).toLowerCase(),
        amount_yuan: "１,０００.００",
        credited_on: "44000",
        account: "Individual",
      }, // 10 fine
    ],
  };

  test("each bad row goes to rejects with file, row, field, value and a bilingual reason", async () => {
    const { report, rejects } = await load(await writeDataDir(bad));
    const got = rejects.map((r) => `${r.table_name}:${r.row}:${r.field}:${r.reason_code}`);
    expect(got).toEqual([
      "projects:3:project_id:required",
      "projects:4:project_name:text_too_long",
      "projects:5:county_code:county_code_format",
      "projects:6:county_code:county_unknown",
      "projects:7:approved_on:date_format",
      "projects:8:approved_on:date_invalid",
      "projects:9:approved_on:date_too_early",
      "projects:10:approved_on:date_future",
      "projects:11:area_mu:number_format",
      "projects:12:area_mu:decimal_places_4",
      "projects:13:area_mu:decimal_negative",
      "projects:13:farmland_mu:decimal_negative",
      "projects:14:zone_price:decimal_not_positive",
      "projects:15:farmland_mu:farmland_over_area",
      "projects:16:supplied_on:supplied_before_approved",
      "projects:17:method:method_value",
      "projects:18:required_yuan:money_format",
      "projects:19:required_yuan:money_decimals",
      "projects:20:required_yuan:money_negative",
      "projects:21:required_yuan:money_range",
      "projects:22:project_id:duplicate_key",
      "projects:23:zone_price:number_format",
      "villages:3:village_code:village_code_format",
      "villages:4:village_code:village_county_unknown",
      "villages:5:adult_share:share_range",
      "villages:6:adult_share:decimal_places_6",
      "villages:7:farmland_per_capita_mu:decimal_not_positive",
      "project_villages:3:project_id:project_unknown",
      "project_villages:4:project_id:project_rejected",
      "project_villages:5:village_code:village_unknown",
      "project_villages:6:village_code:village_rejected",
      "project_villages:7:village_code:village_outside_county",
      "project_villages:8:project_id:duplicate_key",
      "project_villages:9:quota:integer_format",
      "fund_flows:3:flow:flow_value",
      "fund_flows:4:account:fund_account_value",
      "fund_flows:5:account:transfer_account",
      "fund_flows:6:amount_yuan:money_zero",
      "fund_flows:7:flow_id:duplicate_key",
      "fund_flows:8:project_id:project_unknown",
      "fund_flows:9:flow_on:required",
      "distributions:3:person_id:person_id_legacy15",
      "distributions:4:person_id:person_id_format",
      "distributions:5:person_id:person_id_birth",
      "distributions:6:person_id:person_id_check",
      "distributions:7:account:person_account_value",
      "distributions:8:village_code:project_village_unknown",
      "distributions:9:amount_yuan:money_zero",
    ]);
    for (const r of rejects) {
      expect(r.reason_zh).toMatch(/[\u4e00-\u9fff]/);
      expect(r.reason_en).toMatch(/[a-z]{3}/);
      expect(r.file).toBe(`${r.table_name}.csv`);
    }
    const dup = rejects.find((r) => r.table_name === "fund_flows" && r.reason_code === "duplicate_key")!;
    expect(dup.reason_zh).toContain("fund_flows.csv 第 2 行");
    expect(dup.reason_en).toContain("kept: fund_flows.csv row 2");
    expect(dup.value).toBe("F1");
    expect(rejects.find((r) => r.reason_code === "money_decimals")!.value).toBe("1.005");
    expect(isBalanced(report)).toBe(true);
    expect(report.tables.projects).toMatchObject({ rows_read: 22, rows_loaded: 1, rows_rejected: 21 });
    expect(report.tables.distributions).toMatchObject({ rows_read: 9, rows_loaded: 2, rows_rejected: 7 });
  });

  test("accepted spellings: full-width digits, thousands separators, Excel serial dates, lower-case x, Chinese and mixed-case enums", async () => {
    const { rows } = await load(await writeDataDir(bad));
    const d9 = rows.distributions.find((d) => d.record_id === "D9")!;
    expect(d9).toMatchObject({
      person_id: id(9),
      amount_yuan: "1000.00",
      credited_on: "2020-06-18",
      account: "individual",
    });
    expect(rows.distributions.find((d) => d.record_id === "D8")).toBeUndefined();
  });

  test("lines DuckDB cannot split are rejected with their line; blank lines and quoted line breaks keep row numbers true", async () => {
    const dir = await writeDataDir(base);
    const header = "village_code,village_name,farmland_per_capita_mu,adult_share";
    await writeFile(
      join(dir, "villages.csv"),
      [
        header,
        "440103001001,甲村,1.2,0.8", // 2
        "", // 3 blank
        '440103001002,"乙\n村",1.2,0.8', // 4 (two physical lines, one row)
        "440103001003,丙村,1.2", // 5 too few columns
        "440103001004,丁村,1.2,0.8,extra", // 6 too many
        ",,,", // 7 blank row
        "440103001005,戊村,0,0.8", // 8 rejected by a rule
        '440103001006,"己村,1.2,0.8', // 9 unclosed quote runs to the end,
        "440103001007,庚村,1.2,0.8", // 10 swallowing this line
      ].join("\n") + "\n",
    );
    const { report, rejects, rows } = await load(dir);
    const file = report.files.find((f) => f.table === "villages")!;
    expect(file.blank_rows).toBe(2);
    expect(rows.villages.map((v) => [v.village_code, Number(v.src_row)])).toEqual([
      ["440103001001", 2],
      ["440103001002", 4],
    ]);
    expect(rejects.filter((r) => r.table_name === "villages").map((r) => [r.row, r.reason_code])).toEqual([
      [5, "csv_missing_columns"],
      [6, "csv_too_many_columns"],
      [8, "decimal_not_positive"],
      [9, "csv_unclosed_quote"],
      [10, "csv_swallowed"],
    ]);
    expect(file).toMatchObject({ rows_read: 7, rows_loaded: 2, rows_rejected: 5 });
  });
});

describe("ingestInto(db, dir): record numbers in a file DuckDB reads in parallel (docs/decisions.md I15)", () => {
  test("a 30 MB CSV with blank lines, bad values and broken lines throughout: every row keeps its record number", async () => {
    const dir = await writeDataDir(base);
    // About 30 MB, several of DuckDB's parallel scan ranges on two threads. Each record_id carries the
    // record number it is written at, so any row numbered wrong shows up as a mismatch.
    const header = "record_id,project_id,village_code,person_id,amount_yuan,credited_on,account";
    const lines = [header];
    const badValue: number[] = [];
    const broken: number[] = [];
    let good = 0;
    for (let i = 0; lines.length < 340_000; i++) {
      const record = lines.length + 1;
      if (i % 70_001 === 7) {
        lines.push("");
        continue;
      }
      const birth = new Date(Date.UTC(1950, 0, 1 + Math.floor(i / 1000))).toISOString().slice(0, 10).replaceAll("-", "");
      const amount = i % 50_000 === 11 ? "abc" : "1000.00";
      const row = [`D${record}`, "P1", "440103001001", personId("440103", birth, i % 1000), amount, "2020-04-15", "individual"];
      if (i % 90_001 === 13) {
        lines.push(row.join(",") + ",extra");
        broken.push(record);
      } else {
        lines.push(row.join(","));
        if (amount === "abc") badValue.push(record);
        else good++;
      }
    }
    await writeFile(join(dir, "distributions.csv"), lines.join("\n") + "\n");
    const result = await withWarehouse(":memory:", async (db) => {
      const report = await ingestInto(db, dir, { today: TODAY });
      const wrong = await db.value<number>(
        `SELECT count(*)::INTEGER FROM distributions WHERE src_row <> CAST(substr(record_id, 2) AS BIGINT)`,
      );
      const loaded = await db.value<number>(`SELECT count(*)::INTEGER FROM distributions`);
      const rejected = await db.rows<{ row: number; reason_code: string }>(
        `SELECT CAST(row AS INTEGER) AS row, reason_code FROM rejects WHERE table_name = 'distributions' ORDER BY row`,
      );
      return { report, wrong, loaded, rejected };
    });
    expect(badValue.length).toBeGreaterThan(5);
    expect(broken.length).toBeGreaterThan(2);
    expect(result.wrong).toBe(0);
    expect(result.loaded).toBe(good);
    expect(result.rejected.map((r) => r.row)).toEqual([...badValue, ...broken].sort((a, b) => a - b));
    expect(result.rejected.filter((r) => broken.includes(r.row)).every((r) => r.reason_code === "csv_too_many_columns")).toBe(true);
    const file = result.report.files.find((f) => f.table === "distributions")!;
    expect(file).toMatchObject({ rows_loaded: good, rows_rejected: badValue.length + broken.length });
  }, 120_000);
});

describe("ingestInto(db, dir): a date with a time of day (docs/data.md#dates)", () => {
  test("the time is dropped from the dash and slash forms, down to the shortest; a broken time is date_format", async () => {
    const typed = ["2020-04-15 00:00:00", "2020/4/15 8:05", "2020-4-5 0:00", "2020-04-15T09:30:15.5", "2020-4-5 0:0", "2020年4月5日 8:00"];
    const dir = await writeDataDir({
      ...base,
      distributions: typed.map((credited_on, i) => ({ ...base.distributions![0], record_id: `D${i + 1}`, credited_on })),
    });
    const { rows, rejects } = await load(dir);
    expect(rows.distributions.map((r) => [r.record_id, r.credited_on])).toEqual([
      ["D1", "2020-04-15"],
      ["D2", "2020-04-15"],
      ["D3", "2020-04-05"],
      ["D4", "2020-04-15"],
    ]);
    expect(rejects.map((r) => [r.row, r.field, r.reason_code])).toEqual([
      [6, "credited_on", "date_format"],
      [7, "credited_on", "date_format"],
    ]);
  });
});

describe("ingestInto(db, dir): the ID as a number for the aggregates by person (docs/decisions.md O14)", () => {
  test("id_digits is the loaded ID's first 17 digits, however the ID was typed, and counts the same people", async () => {
    // An ID whose check character is X, typed once with a lower-case x and once in full-width digits:
    // one person. Two other people, one of them credited twice.
    let withX = "";
    for (let i = 1; !withX; i++) if (personId("440103", "19800101", i).endsWith("X")) withX = personId("440103", "19800101", i);
    const other = personId("440103", "19700101", 1);
    const third = personId("440103", "19900101", 2);
    const fullWidth = [...withX].map((c) => (c >= "0" && c <= "9" ? String.fromCharCode(c.charCodeAt(0) + 0xfee0) : c)).join("");
    const typed = [withX.toLowerCase(), fullWidth, ` ${other}`, other, third];
    const dir = await writeDataDir({
      ...base,
      distributions: typed.map((person_id, i) => ({ ...base.distributions![0], record_id: `D${i + 1}`, person_id })),
    });
    const rows = await withWarehouse(":memory:", async (db) => {
      await ingestInto(db, dir, { today: TODAY });
      return db.rows<{ person_id: string; id_digits: string }>(
        `SELECT person_id, CAST(id_digits AS VARCHAR) AS id_digits FROM distributions ORDER BY src_row`,
      );
    });
    expect(rows.map((r) => r.person_id)).toEqual([withX, withX, other, other, third]);
    expect(rows.map((r) => r.id_digits)).toEqual(rows.map((r) => r.person_id.slice(0, 17)));
    expect(new Set(rows.map((r) => r.id_digits)).size).toBe(3);
  });
});

describe("ingest(dir, dbFile): the atomic swap", () => {
  test("a failed load leaves the previous warehouse as it was, and no leftovers", async () => {
    const work = await mkdtemp(join(tmpdir(), "xianbao-swap-"));
    const db = join(work, "w.duckdb");
    const good = await writeDataDir(base);
    await ingest(good, db, { today: TODAY });
    const broken = await writeDataDir(base);
    await writeFile(join(broken, "villages.csv"), "village_code\n");
    await expect(ingest(broken, db, { today: TODAY })).rejects.toBeInstanceOf(BilingualError);
    const count = await withWarehouse(db, (w) => w.value<number>(`SELECT count(*)::INTEGER FROM projects`), {
      readOnly: true,
    });
    expect(count).toBe(1);
    expect((await readdir(work)).sort()).toEqual(["w.duckdb"]);
  });

  test("a successful load replaces the previous warehouse; a killed build's leftover is removed", async () => {
    const work = await mkdtemp(join(tmpdir(), "xianbao-swap-"));
    const db = join(work, "w.duckdb");
    await ingest(await writeDataDir(base), db, { today: TODAY });
    await writeFile(join(work, "w.duckdb.building-999999"), "half a database");
    const two = await writeDataDir({ ...base, projects: [...base.projects!, project("P2")] });
    await ingest(two, db, { today: TODAY });
    const count = await withWarehouse(db, (w) => w.value<number>(`SELECT count(*)::INTEGER FROM projects`), {
      readOnly: true,
    });
    expect(count).toBe(2);
    expect((await readdir(work)).sort()).toEqual(["w.duckdb"]);
  });
});

/** A 1 MB tmpfs (root only, as on the project's machines); null where mounting is not permitted. */
async function tinyDisk(): Promise<string | null> {
  const dir = await mkdtemp(join(tmpdir(), "xianbao-tiny-"));
  try {
    execFileSync("mount", ["-t", "tmpfs", "-o", "size=1m", "tmpfs", dir], { stdio: "ignore" });
    return dir;
  } catch {
    await rm(dir, { recursive: true, force: true });
    return null;
  }
}

describe('main(["node", "xianbao", "check", dir]) with a full staging disk', () => {
  test("converting a workbook on a full XIANBAO_TEMP_DIR: exit 1, the folder and the fix in both languages, nothing left", async (ctx) => {
    const disk = await tinyDisk();
    if (!disk) return ctx.skip();
    const saved = process.env.XIANBAO_TEMP_DIR;
    try {
      const dir = await writeDataDir(base);
      await rm(join(dir, "villages.csv"));
      const sheet: (string | number)[][] = [
        ["村代码", "村名", "2002年末人均农用地(亩)", "16周岁以上人口比例"],
      ];
      for (let i = 0; i < 40000; i++)
        sheet.push([`4401030${String(i).padStart(5, "0")}`, `第${i}村民委员会`, 1.2, 0.8]);
      await writeFile(join(dir, "villages.xlsx"), await writeXlsx(JSZip, sheet));
      process.env.XIANBAO_TEMP_DIR = disk;
      const out: string[] = [];
      const err: string[] = [];
      const code = await main(["node", "xianbao", "check", dir, "--today", TODAY], {
        out: (t) => out.push(t),
        err: (t) => err.push(t),
        isTTY: false,
      });
      expect(code).toBe(1);
      expect(err.join("\n")).toMatch(
        new RegExp(`临时文件夹 ${disk} 所在的磁盘已满 \\(ENOSPC\\), 转换 villages\\.xlsx 时无法写入`),
      );
      expect(err.join("\n")).toMatch(/set XIANBAO_TEMP_DIR \(or TMPDIR\) to a folder with room/);
      expect(err.join("\n")).not.toMatch(/internal error|^\s+at /m);
      expect(await readdir(disk)).toEqual([]);
    } finally {
      if (saved === undefined) delete process.env.XIANBAO_TEMP_DIR;
      else process.env.XIANBAO_TEMP_DIR = saved;
      execFileSync("umount", [disk]);
      await rm(disk, { recursive: true, force: true });
    }
  });
});
