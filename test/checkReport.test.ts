// What `xianbao check` writes for a clerk (loaders/checkReport.ts): the report workbook and the fix
// copies, which must load back in place of the files they copy.
import { describe, expect, test } from "vitest";
import { cp, mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { extname, join } from "node:path";
import ExcelJS from "exceljs";
import JSZip from "jszip";
import { main } from "../loaders/cli.ts";
import { writeCheckWorkbook, writeFixSheets } from "../loaders/checkReport.ts";
import { ingestInto } from "../loaders/ingest.ts";
import type { LoadReport } from "../loaders/report.ts";
import { Workbook, type SheetRow } from "../loaders/sources/xlsxReader.ts";
import { withWarehouse } from "../loaders/warehouse.ts";

const TODAY = "2026-11-23";
const FILES = join(import.meta.dirname, "corpus", "files");

/** The clean corpus data set with a case's files in place of the tables they name. */
async function corpusDir(...cases: string[]): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "xianbao-check-"));
  await cp(join(FILES, "clean"), dir, { recursive: true });
  for (const name of cases)
    for (const entry of await readdir(join(FILES, name))) {
      const table = entry.slice(0, entry.length - extname(entry).length).toLowerCase();
      await rm(join(dir, `${table}.csv`), { force: true });
      await cp(join(FILES, name, entry), join(dir, entry), { recursive: true });
    }
  return dir;
}

async function load(
  dir: string,
  then?: (db: Parameters<Parameters<typeof withWarehouse>[1]>[0], report: LoadReport) => Promise<void>,
) {
  return withWarehouse(":memory:", async (db) => {
    const report = await ingestInto(db, dir, { today: TODAY });
    const rejects = await db.rows<{ file: string; row: number; field: string | null; code: string }>(
      `SELECT s.file, r.row::INTEGER AS row, r.field, r.reason_code AS code FROM rejects r JOIN sources s USING (file_id) ORDER BY 1, 2, 3`,
    );
    await then?.(db, report);
    return { report, rejects };
  });
}

async function sheetRows(path: string, name: string): Promise<SheetRow[]> {
  const wb = await Workbook.open(path);
  const out: SheetRow[] = [];
  for await (const r of wb.rows(wb.sheets.find((s) => s.name === name)!)) out.push(r);
  return out;
}

describe("writeCheckWorkbook(db, report, path)", () => {
  test("per file rows read, loaded, rejected as numbers; every reject with its row, field, masked value and both reasons; header frozen, autofilter", async () => {
    const dir = await corpusDir("xlsx-error-cells");
    const path = join(await mkdtemp(join(tmpdir(), "xianbao-check-")), "report.xlsx");
    await load(dir, (db, report) => writeCheckWorkbook(db, report, path));
    const wb = await Workbook.open(path);
    expect(wb.sheets.map((s) => s.name)).toEqual([
      "概况 summary",
      "文件 files",
      "列 columns",
      "拒绝 rejects",
    ]);
    const files = await sheetRows(path, "文件 files");
    const dist = files.find((r) => r.cells[1]?.v === "distributions.xlsx")!;
    expect(dist.cells.slice(5, 8)).toEqual([
      { t: "n", v: "450" },
      { t: "n", v: "447" },
      { t: "n", v: "3" },
    ]);
    const rejects = await sheetRows(path, "拒绝 rejects");
    expect(
      rejects
        .slice(1)
        .map((r) => [r.cells[0]?.v, r.cells[2]?.v, r.cells[3]?.v, r.cells[4]?.v, r.cells[5]?.v]),
    ).toEqual([
      ["distributions.xlsx", "5", "amount_yuan", "金额(元)", "#N/A"],
      ["distributions.xlsx", "9", "amount_yuan", "金额(元)", "#N/A"],
      ["distributions.xlsx", "12", "village_code", "村代码", "#N/A"],
    ]);
    expect(rejects[1].cells[6]?.v).toMatch(/Excel 错误值/);
    expect(rejects[1].cells[7]?.v).toMatch(/Excel error value/);
    const summary = await sheetRows(path, "概况 summary");
    expect(summary[2].cells[1]).toEqual({
      t: "n",
      v: String((Date.UTC(2026, 10, 23) - Date.UTC(1899, 11, 30)) / 86400000),
      date: true,
    });
    const zip = await JSZip.loadAsync(await readFile(path));
    const xml = await zip.file("xl/worksheets/sheet4.xml")!.async("string");
    expect(xml).toMatch(/<pane [^>]*ySplit="1"[^>]*state="frozen"/);
    expect(xml).toMatch(/<autoFilter ref="A1:H1"/);
  });
});

describe("writeFixSheets(db, report, dataDir, outDir)", () => {
  test("a copy of each file with rejects, bad cells red with the reason; put in place of the file it gives the same rejects, and once fixed loads whole", async () => {
    const dir = await corpusDir("csv-ambiguous-dates");
    const out = await mkdtemp(join(tmpdir(), "xianbao-fix-"));
    const first = await load(dir, async (db, report) => {
      expect(await writeFixSheets(db, report, dir, out)).toHaveLength(1);
    });
    expect(first.rejects.map((r) => `${r.row}:${r.field}:${r.code}`)).toEqual([
      "5:credited_on:date_format",
      "12:credited_on:date_format",
      "22:credited_on:date_format",
    ]);
    const copy = join(out, "distributions.xlsx");
    const zip = await JSZip.loadAsync(await readFile(copy));
    const comments = Object.keys(zip.files).find((f) => /comments\d*\.xml$/.test(f))!;
    expect(await zip.file(comments)!.async("string")).toMatch(/不是可识别的日期[\s\S]*is not a date/);

    // The copy in place of the CSV: the same rows, fields and reasons, the problems column not read.
    await rm(join(dir, "distributions.csv"));
    await cp(copy, join(dir, "distributions.xlsx"));
    const again = await load(dir);
    expect(again.rejects.map((r) => `${r.row}:${r.field}:${r.code}`)).toEqual(
      first.rejects.map((r) => `${r.row}:${r.field}:${r.code}`),
    );
    const file = again.report.files.find((f) => f.table === "distributions")!;
    expect(file.extra_columns).toEqual(["问题说明 / problems"]);
    expect([file.rows_read, file.rows_loaded, file.rows_rejected]).toEqual([450, 447, 3]);

    // The clerk types the dates as the comment says, in Excel: then every row loads.
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(dir, "distributions.xlsx"));
    const ws = wb.worksheets[0];
    for (const row of [5, 12, 22]) {
      const [m, d, y] = String(ws.getRow(row).getCell(6).value).split("/");
      ws.getRow(row).getCell(6).value = `${y}-${m.padStart(2, "0")}-${d.padStart(2, "0")}`;
    }
    await wb.xlsx.writeFile(join(dir, "distributions.xlsx"));
    const fixed = await load(dir);
    expect(fixed.rejects).toEqual([]);
    expect(fixed.report.files.find((f) => f.table === "distributions")!.rows_loaded).toBe(450);
  });

  test("a workbook's copy keeps its title rows, numbers as numbers and dates as dates, and loads back", async () => {
    const dir = await corpusDir("xlsx-error-cells");
    const out = await mkdtemp(join(tmpdir(), "xianbao-fix-"));
    const first = await load(dir, async (db, report) => void (await writeFixSheets(db, report, dir, out)));
    const rows = await sheetRows(join(out, "distributions.xlsx"), "Sheet");
    expect(rows[1].cells[4]).toMatchObject({ t: "n" });
    expect(rows[1].cells[5]).toMatchObject({ t: "n", date: true });
    await cp(join(out, "distributions.xlsx"), join(dir, "distributions.xlsx"));
    const again = await load(dir);
    expect(again.rejects).toEqual(first.rejects);
  });

  test("a folder inside the data directory is refused", async () => {
    const dir = await corpusDir("csv-ambiguous-dates");
    const error = await load(dir, (db, report) =>
      writeFixSheets(db, report, dir, join(dir, "fix")).then(() => {}),
    ).catch((e: Error) => e);
    expect(String(error)).toMatch(/在数据目录之内[\s\S]*inside the data directory/);
  });
});

describe('main(["node", "xianbao", "check", dir, "--report", file, "--fix-sheet", dir], io)', () => {
  test("exit 0, both written and named on stdout", async () => {
    const dir = await corpusDir("csv-ambiguous-dates");
    const out = await mkdtemp(join(tmpdir(), "xianbao-fix-"));
    const lines: string[] = [];
    const code = await main(
      [
        "node",
        "xianbao",
        "check",
        dir,
        "--today",
        TODAY,
        "--report",
        join(out, "r.xlsx"),
        "--fix-sheet",
        join(out, "fix"),
      ],
      { out: (t) => lines.push(t), err: (t) => lines.push(t), isTTY: false },
    );
    expect(code).toBe(0);
    expect(lines.join("\n")).toContain(`检查报告 check report: ${join(out, "r.xlsx")}`);
    expect(lines.join("\n")).toMatch(/待改正的副本 copies to fix: .*distributions\.xlsx/);
    expect((await readdir(join(out, "fix"))).sort()).toEqual(["distributions.xlsx"]);
  });
});
