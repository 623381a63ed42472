// Mirror tests of the one download builder: its cells (common/csv.js), its sheet (common/xlsx.js) and the
// page side (src/components/download.js): literal bytes for literal rows, formulas and bidi controls
// neutralised, money exact in both formats.
import { describe, expect, test } from "vitest";
import ExcelJS from "exceljs";
import JSZip from "jszip";
import { csvCell, toCsv, toSheet } from "@xianbao/common/csv.js";
import { columnName, sheetXml, writeXlsx } from "@xianbao/common/xlsx.js";
import { downloadBlob, fileName } from "../src/components/download.js";
import { withWarehouse } from "../loaders/warehouse.ts";

const COLUMNS = [
  { key: "id", label: "批次编号" },
  { key: "fen", label: "金额(元)", kind: "money" as const },
  { key: "n", label: "人数", value: (r: { n: number }) => r.n * 2 },
];
const ROWS = [
  { id: "P1", fen: -150, n: 1 },
  { id: '=HYPERLINK("x")', fen: null, n: 2 },
  { id: "甲\u202e乙,丙", fen: 5, n: 3 },
];

describe("csvCell(value)", () => {
  test("quotes, neutralises formulas, drops bidi controls", () => {
    expect(csvCell('a,"b"')).toBe('"a,""b"""');
    expect(csvCell("=1+1")).toBe("'=1+1");
    expect(csvCell("-5")).toBe("'-5");
    expect(csvCell(-5)).toBe("-5");
    expect(csvCell("a\u2066b")).toBe("ab");
    expect(csvCell(null)).toBe("");
  });
});

describe("toCsv(rows, columns)", () => {
  test("BOM, CRLF, header, money as exact yuan text", () => {
    expect(toCsv(ROWS, COLUMNS)).toBe(
      "\ufeff批次编号,金额(元),人数\r\n" +
        "P1,-1.50,2\r\n" +
        '"\'=HYPERLINK(""x"")",,4\r\n' +
        '"甲乙,丙",0.05,6\r\n',
    );
  });
});

describe("toSheet(rows, columns)", () => {
  test("money as numbers of yuan, text without bidi controls", () => {
    expect(toSheet(ROWS, COLUMNS)).toEqual([
      ["批次编号", "金额(元)", "人数"],
      ["P1", -1.5, 2],
      ['=HYPERLINK("x")', null, 4],
      ["甲乙,丙", 0.05, 6],
    ]);
  });
});

describe("writeXlsx(JSZip, rows) / sheetXml(rows)", () => {
  test("the sheet XML: numbers as numbers, text inline, formula-like text with the quote prefix", () => {
    expect(
      sheetXml([
        ["a", 1],
        ["=x", null],
      ]),
    ).toBe(
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>' +
        '<row r="1"><c r="A1" t="inlineStr"><is><t xml:space="preserve">a</t></is></c><c r="B1"><v>1</v></c></row>' +
        '<row r="2"><c r="A2" t="inlineStr" s="1"><is><t xml:space="preserve">=x</t></is></c></row></sheetData></worksheet>',
    );
    expect(columnName(27)).toBe("AB");
  });

  test("merged ranges: the value stays in the top-left cell, the others are empty, Excel sees the merge", async () => {
    const xml = sheetXml(
      [
        ["标题", "x"],
        ["P1", 1],
        ["P1", 2],
      ],
      ["A1:B1", "A2:A3"],
    );
    expect(xml).not.toContain('r="B1"');
    expect(xml).not.toContain('r="A3"');
    expect(xml).toContain(
      '<mergeCells count="2"><mergeCell ref="A1:B1"/><mergeCell ref="A2:A3"/></mergeCells>',
    );
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(
      (await writeXlsx(
        JSZip,
        [
          ["标题", "x"],
          ["P1", 1],
          ["P1", 2],
        ],
        { merges: ["A2:A3"] },
      )) as unknown as ArrayBuffer,
    );
    const cell = book.worksheets[0].getCell("A3");
    expect(cell.isMerged && cell.master.value).toBe("P1");
  });

  test("exceljs reads back the same cells; the same rows give the same bytes", async () => {
    const a = await writeXlsx(JSZip, toSheet(ROWS, COLUMNS), { sheetName: "证据" });
    const b = await writeXlsx(JSZip, toSheet(ROWS, COLUMNS), { sheetName: "证据" });
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(a as unknown as ArrayBuffer);
    const sheet = book.worksheets[0];
    expect(sheet.name).toBe("证据");
    expect(sheet.getRow(2).getCell(2).value).toBe(-1.5);
    expect(sheet.getRow(3).getCell(1).value).toBe('=HYPERLINK("x")');
    expect(sheet.getRow(3).getCell(1).type).toBe(ExcelJS.ValueType.String);
    expect(sheet.getRow(4).getCell(1).value).toBe("甲乙,丙");
  });
});

describe("downloadBlob(format, rows, columns, sheetName) / fileName(...parts)", () => {
  test("the CSV download is toCsv's text; the XLSX one is a workbook", async () => {
    const csv = await downloadBlob("csv", ROWS, COLUMNS, "x");
    const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(await csv.arrayBuffer());
    expect(text).toBe(toCsv(ROWS, COLUMNS));
    expect(csv.type).toBe("text/csv;charset=utf-8");
    const xlsx = await downloadBlob("xlsx", ROWS, COLUMNS, "a name longer than thirty-one characters");
    expect(
      Buffer.from(await xlsx.arrayBuffer())
        .subarray(0, 2)
        .toString(),
    ).toBe("PK");
  });

  test("names the file by its parts, leaving out the empty ones and characters a file system refuses", () => {
    expect(fileName("审计线索", "2026-09-30", "", "F01", null)).toBe("审计线索_2026-09-30_F01");
    expect(fileName("拒绝清单", "distributions/4401.csv")).toBe("拒绝清单_distributions_4401.csv");
  });
});

describe("sheet_safe(x) of the CLI outputs (loaders/sql/macros.sql)", () => {
  test("drops the bidi controls csvCell drops, then neutralises a formula", async () => {
    const texts = ["甲\u202e乙", "a\u2066b\u2069c\u200e\u200f\u061cd\u202a", "\u202e=1+1", "-5", "plain"];
    const rows = await withWarehouse(":memory:", async (db) => {
      await db.runFile("macros");
      return db.rows<{ v: string }>(`SELECT sheet_safe(unnest($t::VARCHAR[])) AS v`, {
        t: JSON.stringify(texts),
      });
    });
    expect(rows.map((r) => r.v)).toEqual(["甲乙", "abcd", "'=1+1", "'-5", "plain"]);
    expect(texts.map((t) => csvCell(t))).toEqual(rows.map((r) => r.v));
  });
});
