// The project's own XLSX reader (loaders/sources/xlsxReader.ts): Chinese text intact across chunk
// boundaries (exceljs's streaming reader corrupts it), typed cells, sheets with their state, merged
// ranges, and every size a file can claim bounded.
import { describe, expect, test } from "vitest";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ExcelJS from "exceljs";
import JSZip from "jszip";
import { LIMITS } from "../loaders/sources/limits.ts";
import {
  columnIndex,
  columnName,
  decodeEscapes,
  isDateFormat,
  numberText,
  serialToIso,
  Workbook,
  WorkbookError,
  type SheetRow,
} from "../loaders/sources/xlsxReader.ts";
import { writeXlsx } from "@xianbao/common/xlsx.js";

async function rows(path: string, sheet = 0) {
  const wb = await Workbook.open(path);
  const out: SheetRow[] = [];
  for await (const r of wb.rows(wb.sheets[sheet])) out.push(r);
  return out;
}

const dir = () => mkdtemp(join(tmpdir(), "xianbao-xlsx-"));

/** A workbook whose one sheet is the given XML (sheetData and after), zipped as Excel would. */
async function withSheet(sheetXml: string, extra: Record<string, string> = {}): Promise<string> {
  const zip = await JSZip.loadAsync(await writeXlsx(JSZip, [["a"]]));
  zip.file(
    "xl/worksheets/sheet1.xml",
    `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">${sheetXml}</worksheet>`,
  );
  for (const [name, text] of Object.entries(extra)) zip.file(name, text);
  const path = join(await dir(), "w.xlsx");
  await writeFile(path, await zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE" }));
  return path;
}

describe("Workbook.open(path).rows(sheet)", () => {
  test("keeps every Chinese character of 20,000 rows intact (no U+FFFD at chunk boundaries)", async () => {
    const text = (i: number) => `阳春市${i}年度第${i % 97}批次城镇建设用地（粤府土审〔2018〕${i}号）以人筹资`;
    const sheet: (string | number)[][] = [["批次编号", "项目名称"]];
    for (let i = 0; i < 20000; i++) sheet.push([`P${i}`, text(i)]);
    const path = join(await dir(), "a.xlsx");
    await writeFile(path, await writeXlsx(JSZip, sheet));
    const got = await rows(path);
    expect(got).toHaveLength(20001);
    expect(got.some((r) => r.cells.some((c) => c?.v.includes("\ufffd")))).toBe(false);
    expect(got[12345]).toEqual({
      number: 12346,
      cells: [
        { t: "s", v: "P12344" },
        { t: "s", v: text(12344) },
      ],
    });
  });

  test("shared strings, numbers as stored, date-formatted numbers flagged, booleans, empty rows left out", async () => {
    const wb = new ExcelJS.Workbook();
    const first = wb.addWorksheet("批次");
    first.addRow(["名称", "金额", "日期", "中文日期", "是否"]);
    first.addRow(["甲村", 2109.15, new Date(Date.UTC(2021, 2, 5)), 44260, true]);
    first.getCell("C2").numFmt = "yyyy-mm-dd";
    first.getCell("D2").numFmt = 'yyyy"年"m"月"d"日"';
    first.getRow(4).getCell(2).value = 1;
    wb.addWorksheet("说明").addRow(["不读"]);
    const path = join(await dir(), "b.xlsx");
    await wb.xlsx.writeFile(path);
    const got = await rows(path);
    expect(got.map((r) => r.number)).toEqual([1, 2, 4]);
    expect(got[1].cells).toEqual([
      { t: "s", v: "甲村" },
      { t: "n", v: "2109.15" },
      { t: "n", v: "44260", date: true },
      { t: "n", v: "44260", date: true },
      { t: "b", v: "true" },
    ]);
    expect((await Workbook.open(path)).sheets.map((s) => [s.name, s.state])).toEqual([
      ["批次", "visible"],
      ["说明", "visible"],
    ]);
  });

  test("a formula without a cached value, an error cell, a cell over 32,767 characters", async () => {
    const path = await withSheet(
      `<sheetData><row r="1"><c r="A1"><f>B1*2</f></c><c r="B1" t="e"><v>#N/A</v></c><c r="C1" t="inlineStr"><is><t>${"长".repeat(40000)}</t></is></c><c r="D1" t="str"><f>""</f><v></v></c></row></sheetData>`,
    );
    const got = await rows(path);
    expect(got[0].cells).toEqual([
      { t: "f", v: "" },
      { t: "e", v: "#N/A" },
      { t: "long", v: "", length: 40000 },
      undefined,
    ]);
  });

  test("a cell reference beyond column XFD (FXSHRXW999, ZZZZZZ1) is refused, not allocated", async () => {
    for (const ref of ["FXSHRXW999", "ZZZZZZ1", "XFE1"]) {
      const path = await withSheet(`<sheetData><row r="1"><c r="${ref}"><v>1</v></c></row></sheetData>`);
      const error = await rows(path).catch((e: unknown) => e);
      expect(error, ref).toBeInstanceOf(WorkbookError);
      expect((error as WorkbookError).en).toMatch(/beyond Excel's last column, XFD/);
    }
  });

  test("a row number beyond 1,048,576 is refused", async () => {
    const path = await withSheet(
      `<sheetData><row r="2000000"><c r="A2000000"><v>1</v></c></row></sheetData>`,
    );
    const error = await rows(path).catch((e: unknown) => e);
    expect((error as WorkbookError).en).toMatch(/row 2000000, beyond Excel's 1,048,576 rows/);
  });

  test("an entry that inflates past its limit (a zip bomb) and too many shared strings are refused", async () => {
    const path = await withSheet(`<sheetData>${"<row><c><v>0</v></c></row>".repeat(200000)}</sheetData>`);
    const bomb = await Workbook.open(path, { ...LIMITS, zipEntryBytes: 1 << 20 });
    const error = await (async () => {
      for await (const _ of bomb.rows(bomb.sheets[0])) void _;
    })().catch((e: unknown) => e);
    expect((error as WorkbookError).en).toMatch(/inflates past 1 MB \(a zip bomb\?\)/);
    const strings = await withSheet(`<sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData>`, {
      "xl/sharedStrings.xml": `<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">${"<si><t>x</t></si>".repeat(11)}</sst>`,
    });
    const few = await Workbook.open(strings, { ...LIMITS, sharedStrings: 10 });
    const tooMany = await (async () => {
      for await (const _ of few.rows(few.sheets[0])) void _;
    })().catch((e: unknown) => e);
    expect((tooMany as WorkbookError).en).toMatch(/shared strings exceed 10 strings/);
  });
});

describe("Workbook.merges(sheet)", () => {
  test("the merged ranges, 0-based and inclusive, written after the rows", async () => {
    const path = await withSheet(
      `<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>标题</t></is></c></row></sheetData><mergeCells count="2"><mergeCell ref="A1:G1"/><mergeCell ref="B3:B9"/></mergeCells>`,
    );
    const wb = await Workbook.open(path);
    expect(await wb.merges(wb.sheets[0])).toEqual([
      { top: 0, left: 0, bottom: 0, right: 6 },
      { top: 2, left: 1, bottom: 8, right: 1 },
    ]);
  });
});

describe("helpers", () => {
  test("columnIndex(ref), columnName(index)", () => {
    expect(columnIndex("A1")).toBe(0);
    expect(columnIndex("AB12")).toBe(27);
    expect(columnIndex("XFD1")).toBe(16383);
    expect(columnIndex("FXSHRXW999")).toBeGreaterThan(16383);
    expect(columnName(0)).toBe("A");
    expect(columnName(27)).toBe("AB");
    expect(columnName(16383)).toBe("XFD");
  });

  test("serialToIso(serial, date1904)", () => {
    expect(serialToIso(45000, false)).toBe("2023-03-15");
    expect(serialToIso(45000.75, false)).toBe("2023-03-15");
    expect(serialToIso(43538, true)).toBe("2023-03-15");
    expect(serialToIso(0, true)).toBe("1904-01-01");
  });

  test("isDateFormat(code)", () => {
    expect(isDateFormat('yyyy"年"m"月"')).toBe(true);
    expect(isDateFormat("[$-804]dddd")).toBe(true);
    expect(isDateFormat("#,##0.00")).toBe(false);
    expect(isDateFormat('0.00 "days"')).toBe(false);
    expect(isDateFormat("General")).toBe(false);
  });

  test("decodeEscapes(text)", () => {
    expect(decodeEscapes("金额_x000D_\n(元)")).toBe("金额\r\n(元)");
    expect(decodeEscapes("a_x005F_x000D_b")).toBe("a_x000D_b");
    expect(decodeEscapes("plain_text")).toBe("plain_text");
  });

  test("numberText(raw)", () => {
    expect(numberText("0.30000000000000004")).toEqual({ text: "0.3", rounded: true });
    expect(numberText("440102199001011234")).toEqual({ text: "440102199001011000", rounded: true });
    expect(numberText("4.40102199001011E+17")).toEqual({ text: "440102199001011000", rounded: false });
    expect(numberText("4417212015002")).toEqual({ text: "4417212015002", rounded: false });
    expect(numberText("2109.15")).toEqual({ text: "2109.15", rounded: false });
  });
});
