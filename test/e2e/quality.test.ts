// 数据质量 in headless Chromium: every file of load_report.json balances on the page, the reject counts equal
// rejects.csv, and the rejects download is a valid CSV with masked values and neutralised formulas.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import ExcelJS from "exceljs";
import { download, parseCsv, useSite } from "./site.ts";

const FULL_ID = /\b\d{17}[\dXx]\b/;

interface Counts {
  rows_read: number;
  rows_loaded: number;
  rows_rejected: number;
}

const number = (text: string) => Number(text.replace(/[,\s]/g, ""));

describe("数据质量 /quality", () => {
  const site = useSite();
  const report = () =>
    JSON.parse(readFileSync(join(site.fixture.metrics, "load_report.json"), "utf8")) as {
      tables: Record<string, Counts & { files: string[] }>;
      files: (Counts & { file: string; table: string })[];
    };

  test("loads with no console error and no request outside the site", async () => {
    const v = await site.open("/quality.html");
    expect(v.errors).toEqual([]);
    expect(v.outside).toEqual([]);
    expect(v.failed).toEqual([]);
  });

  test("every file of load_report.json shows rows read = loaded + rejected, with a check mark", async () => {
    const v = await site.open("/quality.html");
    const r = report();
    expect(r.files.length).toBeGreaterThan(0);
    for (const f of r.files) {
      const row = v.page.locator("tr", { has: v.page.locator(`[data-file="${f.file}"]`) });
      expect(await row.count(), f.file).toBe(1);
      const read = number(await row.locator(".n-read").innerText());
      const loaded = number(await row.locator(".n-loaded").innerText());
      const rejected = number(await row.locator(".n-rejected").innerText());
      expect([read, loaded, rejected], f.file).toEqual([f.rows_read, f.rows_loaded, f.rows_rejected]);
      expect(read).toBe(loaded + rejected);
      expect(await row.locator(".check.ok").count(), f.file).toBe(1);
    }
    const sum = (k: keyof Counts) => Object.values(r.tables).reduce((a, t) => a + t[k], 0);
    await expect(v.page.locator(".control.ok").count()).resolves.toBe(1);
    expect(await v.page.locator(".control.bad").count()).toBe(0);
    expect(number(await v.page.locator(".control .rows-read").innerText())).toBe(sum("rows_read"));
    expect(number(await v.page.locator(".control .rows-loaded").innerText())).toBe(sum("rows_loaded"));
    expect(number(await v.page.locator(".control .rows-rejected").innerText())).toBe(sum("rows_rejected"));
  });

  test("the reject counts equal rejects.csv", async () => {
    const v = await site.open("/quality.html");
    const rejects = site.metrics("rejects.csv");
    const rows = new Set(rejects.map((r) => `${r.file} ${r.row}`)).size;
    expect(number(await v.page.locator(".reject-total").innerText())).toBe(rejects.length);
    expect(number(await v.page.locator(".reject-rows").innerText())).toBe(rows);
    expect(Number(await v.page.locator(".shown-rejects").getAttribute("data-count"))).toBe(
      Math.min(5000, rejects.length),
    );
  });

  test("filtering by table narrows the rejects; the CSV download has a BOM, Chinese headers and the filtered rows", async () => {
    const v = await site.open("/quality.html");
    const rejects = site.metrics("rejects.csv");
    await v.page.selectOption("select[name=table]", "distributions");
    const expected = rejects.filter((r) => r.table === "distributions");
    await expect
      .poll(async () => Number(await v.page.locator(".shown-rejects").getAttribute("data-count")))
      .toBe(expected.length);
    const bytes = await download(v.page, "button[name=csv]");
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const [header, ...rows] = parseCsv(bytes.toString("utf8").slice(1));
    expect(header.slice(0, 4)).toEqual(["表", "表 (英文)", "文件", "行号"]);
    expect(rows.length).toBe(expected.length);
    const col = (name: string) => header.indexOf(name);
    const key = (file: string, row: string, value: string) => `${file} ${row} ${value}`;
    // rejects.csv neutralises formula-like values the same way (a leading apostrophe).
    expect(rows.map((r) => key(r[col("文件")], r[col("行号")], r[col("值 (已脱敏)")])).sort()).toEqual(
      expected.map((r) => key(r.file, r.row, r.value)).sort(),
    );
    expect(bytes.toString("utf8")).not.toMatch(FULL_ID);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await download(v.page, "button[name=xlsx]")) as unknown as ArrayBuffer);
    expect(workbook.worksheets[0].rowCount).toBe(expected.length + 1);
  });

  test("no full ID number in the page text", async () => {
    const v = await site.open("/quality.html");
    expect(await v.page.locator("body").innerText()).not.toMatch(FULL_ID);
  });
});
