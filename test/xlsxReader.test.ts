// The project's own XLSX reader: Chinese text intact across chunk boundaries (exceljs's streaming reader
// corrupts it), shared and inline strings, date formats, the first sheet in workbook order.
import { describe, expect, test } from "vitest";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { columnIndex, isDateFormat, readFirstSheet, serialToIso } from "../loaders/sources/xlsxReader.ts";
import JSZip from "jszip";
import { writeXlsx } from "@xianbao/common/xlsx.js";

async function rows(path: string) {
  const out: { number: number; cells: string[] }[] = [];
  for await (const r of readFirstSheet(path)) out.push(r);
  return out;
}

describe("readFirstSheet(path)", () => {
  test("keeps every Chinese character of 20,000 rows intact (no U+FFFD at chunk boundaries)", async () => {
    const dir = await mkdtemp(join(tmpdir(), "xianbao-xlsx-"));
    const text = (i: number) => `阳春市${i}年度第${i % 97}批次城镇建设用地（粤府土审〔2018〕${i}号）以人筹资`;
    const sheet: (string | number)[][] = [["批次编号", "项目名称"]];
    for (let i = 0; i < 20000; i++) sheet.push([`P${i}`, text(i)]);
    await writeFile(join(dir, "a.xlsx"), await writeXlsx(JSZip, sheet));
    const got = await rows(join(dir, "a.xlsx"));
    expect(got).toHaveLength(20001);
    expect(got.some((r) => r.cells.some((c) => c.includes("\ufffd")))).toBe(false);
    expect(got[12345]).toEqual({ number: 12346, cells: ["P12344", text(12344)] });
  });

  test("shared strings, numbers as stored, dates by format, booleans, the first sheet by workbook order", async () => {
    const dir = await mkdtemp(join(tmpdir(), "xianbao-xlsx-"));
    const wb = new ExcelJS.Workbook();
    const first = wb.addWorksheet("批次");
    first.addRow(["名称", "金额", "日期", "中文日期", "是否", "空"]);
    first.addRow(["甲村", 2109.15, new Date(Date.UTC(2021, 2, 5)), 44260, true]);
    first.getCell("C2").numFmt = "yyyy-mm-dd";
    first.getCell("D2").numFmt = 'yyyy"年"m"月"d"日"';
    first.getRow(4).getCell(2).value = 1;
    wb.addWorksheet("说明").addRow(["不读"]);
    await wb.xlsx.writeFile(join(dir, "b.xlsx"));
    const got = await rows(join(dir, "b.xlsx"));
    expect(got[0].cells).toEqual(["名称", "金额", "日期", "中文日期", "是否", "空"]);
    expect(got[1]).toEqual({ number: 2, cells: ["甲村", "2109.15", "2021-03-05", "2021-03-05", "true"] });
    expect(got[2]).toEqual({ number: 4, cells: ["", "1"] });
  });

  test("helpers", () => {
    expect(columnIndex("A1")).toBe(0);
    expect(columnIndex("AB12")).toBe(27);
    expect(serialToIso(45000, false)).toBe("2023-03-15");
    expect(serialToIso(45000.75, false)).toBe("2023-03-15");
    expect(serialToIso(0, true)).toBe("1904-01-01");
    expect(isDateFormat('yyyy"年"m"月"')).toBe(true);
    expect(isDateFormat("[$-804]dddd")).toBe(true);
    expect(isDateFormat("#,##0.00")).toBe(false);
    expect(isDateFormat('0.00 "days"')).toBe(false);
    expect(isDateFormat("General")).toBe(false);
  });
});
