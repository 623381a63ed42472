// Mirror tests of the one download builder: its cells (common/csv.js), its sheet (common/xlsx.js) and the
// page side (src/components/download.js): literal bytes for literal rows, formulas and bidi controls
// neutralised, money exact in both formats.
import { describe, expect, test } from "vitest";
import ExcelJS from "exceljs";
import JSZip from "jszip";
import { csvCell, sheetTypes, toCsv, toSheet } from "@xianbao/common/csv.js";
import { columnName, dateSerial, sheetXml, writeXlsx } from "@xianbao/common/xlsx.js";
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

describe("typed columns (common/evidence.js types): plain in CSV, numbers and dates in XLSX", () => {
  const TYPED = [
    { key: "k", label: "线索编号" },
    { key: "gap", label: "差额(元)", type: "yuan" as const },
    { key: "ratio", label: "实际/虚拟人数比", type: "ratio" as const },
    { key: "on", label: "批复日期", type: "date" as const },
    { key: "n", label: "实际人数(人)", type: "count" as const },
  ];
  const rows = [
    { k: "F01:P1", gap: "-1234.50", ratio: "2.250000", on: "2021-03-01", n: 9 },
    { k: "F01:P2", gap: "n/a", ratio: "2.000000", on: "2021-02-29", n: null },
  ];

  test("CSV: a negative amount is a number, not a formula; ratios without trailing zeros; ISO dates", () => {
    expect(toCsv(rows, TYPED)).toBe(
      "\ufeff线索编号,差额(元),实际/虚拟人数比,批复日期,实际人数(人)\r\n" +
        "F01:P1,-1234.50,2.25,2021-03-01,9\r\n" +
        "F01:P2,n/a,2,2021-02-29,\r\n",
    );
  });

  test("XLSX: typed cells with their styles, a value not of its type kept as text, header bold and frozen, the filter over the table", () => {
    const xml = sheetXml(toSheet(rows, TYPED), [], { header: 0, types: sheetTypes(TYPED) });
    expect(xml).toContain('<c r="A1" t="inlineStr" s="2">');
    expect(xml).toContain('<c r="B2" s="3"><v>-1234.50</v></c><c r="C2" s="5"><v>2.250000</v></c>');
    expect(xml).toContain('<c r="D2" s="6"><v>44256</v></c><c r="E2" s="4"><v>9</v></c>');
    expect(xml).toContain('<c r="B3" t="inlineStr"><is><t xml:space="preserve">n/a</t></is></c>');
    expect(xml).toContain('<c r="D3" t="inlineStr"><is><t xml:space="preserve">2021-02-29</t></is></c>');
    expect(xml).toContain('<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>');
    expect(xml).toContain('<autoFilter ref="A1:E3"/>');
    // 线索编号: 4 CJK characters (8), +1 bold, +2 margin
    expect(xml).toMatch(/<cols><col min="1" max="1" width="11" customWidth="1"\/>/);
    expect([dateSerial("1970-01-01"), dateSerial("2021-02-29"), dateSerial("2021-3-1")]).toEqual([
      "25569",
      null,
      null,
    ]);
  });

  test("exceljs reads the typed workbook: numbers, a date, the number formats, the frozen row", async () => {
    const bytes = await writeXlsx(JSZip, toSheet(rows, TYPED), {
      table: { header: 0, types: sheetTypes(TYPED) },
    });
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(bytes as unknown as ArrayBuffer);
    const sheet = book.worksheets[0];
    const row = sheet.getRow(2);
    expect(row.getCell(2).value).toBe(-1234.5);
    expect(row.getCell(2).numFmt).toBe("#,##0.00");
    expect((row.getCell(4).value as Date).toISOString().slice(0, 10)).toBe("2021-03-01");
    expect(row.getCell(4).numFmt).toBe("yyyy-mm-dd");
    expect(sheet.getRow(1).getCell(1).font?.bold).toBe(true);
    expect(sheet.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
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
