// The 数据质量 page's control checks and how it masks rejected values (reject_value, loaders/sql/site/macros.sql).
import { describe, expect, test } from "vitest";
import { defineSiteMacros } from "../loaders/site/query.ts";
import { withWarehouse } from "../loaders/warehouse.ts";
import { controlProblems, formatLabel, imbalance } from "../src/components/quality.js";

describe("imbalance(counts) / controlProblems(quality)", () => {
  const ok = { rows_read: 5, rows_loaded: 3, rows_rejected: 2, stored_rows: 3, rejected_rows_found: 2 };

  test("a balanced file has no problem", () => {
    expect(imbalance(ok)).toEqual([]);
    expect(imbalance({ ...ok, stored_rows: null })).toEqual([]);
  });

  test("names each way the counts disagree", () => {
    expect(imbalance({ ...ok, rows_read: 6 })).toEqual(["读入 6 ≠ 导入 3 + 拒绝 2"]);
    expect(imbalance({ ...ok, stored_rows: 2 })).toEqual(["库中实有 2 行 ≠ 导入 3 行"]);
    expect(imbalance({ ...ok, rejected_rows_found: 1 })).toEqual(["拒绝清单 1 行 ≠ 拒绝 2 行"]);
  });

  test("a table must equal the sum of its files", () => {
    const files = [{ ...ok, table: "projects", file: "a.csv" }];
    expect(controlProblems({ tables: [{ ...ok, table: "projects" }], files })).toEqual([]);
    expect(
      controlProblems({
        tables: [{ ...ok, rows_read: 7, rows_loaded: 5, stored_rows: 5, table: "projects" }],
        files,
      }),
    ).toEqual([
      "projects: 各文件 rows_read 之和 5 ≠ 表合计 7",
      "projects: 各文件 rows_loaded 之和 3 ≠ 表合计 5",
    ]);
  });
});

describe("formatLabel(file)", () => {
  test("names format, encoding, delimiter and sheet", () => {
    expect(formatLabel({ format: "csv", encoding: "gb18030", delimiter: ",", sheet: null })).toBe(
      "CSV · GBK / GB18030",
    );
    expect(formatLabel({ format: "csv", encoding: "utf-8-bom", delimiter: "\t", sheet: null })).toBe(
      "CSV · UTF-8 (带 BOM) · 分隔符 Tab",
    );
    expect(formatLabel({ format: "xlsx", encoding: null, delimiter: null, sheet: "Sheet1" })).toBe(
      "Excel XLSX · 工作表 Sheet1",
    );
  });
});

describe("reject_value(field, value)", () => {
  test("masks IDs, and blanks non-ASCII text in lines that could not be parsed", async () => {
    const rows = await withWarehouse(":memory:", async (db) => {
      await db.runFile("macros");
      await defineSiteMacros(db);
      return db.rows<{ v: string }>(
        `SELECT reject_value(r.field, r.value) AS v FROM (VALUES
           (1, 'person_id', '44010219900101123X'),
           (2, 'amount_yuan', '-500.00'),
           (3, NULL, 'R1,4401182018001,440118100001,44011819900101123X,张三,9000.00'),
           (4, 'project_name', '荔湾区 44010219900101123X 项目')) r(n, field, value) ORDER BY n`,
      );
    });
    expect(rows.map((r) => r.v)).toEqual([
      "440102********123X",
      "-500.00",
      "R1,4401182018001,440118100001,440118********123X,＊,9000.00",
      "荔湾区 440102********123X 项目",
    ]);
  });
});
